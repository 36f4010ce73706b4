"""A real browser: HR opens an employee's attrition-risk panel and the model card (screenshots)."""

from __future__ import annotations

import importlib
import os

import pytest
from django.apps import apps

from farewell.insights import risk
from farewell.insights.models import RiskScore
from tests.insights.riskhistory import TODAY, build

from .test_smoke import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(transactional_db):
    # The flag rules are the company's own, seeded when `world` sets the company up.
    importlib.import_module("farewell.records.migrations.0002_default_metrics").seed(apps, None)


def test_hr_reads_the_risk_panel_and_the_model_card(page, live_server, seeded, world, screenshot_dir):
    build(world)
    risk.train(world.company, today=TODAY)
    score = RiskScore.objects.exclude(factors=[]).order_by("-probability").select_related("employee").first()
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "hradmin")
    page.goto(f"{live_server.url}/employees/{score.employee.code}/")
    panel = page.locator("#risk-panel")
    panel.wait_for()
    assert panel.locator("#risk-percent").inner_text() == f"{round(score.probability * 100)}%"
    assert panel.locator("#risk-factors tbody tr").count() == len(score.factors)
    panel.scroll_into_view_if_needed()
    panel.screenshot(path=os.path.join(screenshot_dir, "risk-panel.png"))
    page.goto(f"{live_server.url}/insights/risk/model/")
    page.get_by_text("从不使用").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "risk-model-card.png"), full_page=True)
    page.goto(f"{live_server.url}/insights/risk/")
    page.locator("#risk-units").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "risk-overview.png"), full_page=True)
