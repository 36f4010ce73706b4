"""A real browser opens an employee's profile: the ECharts canvases render and a point links
to its record's row."""

from __future__ import annotations

import importlib
import os

import pytest
from django.apps import apps

from farewell.insights.services import recompute_flags
from tests.insights.history import rich_history
from tests.insights.records import TODAY

from .test_smoke import log_in

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(transactional_db):
    """Transactional tests flush the tables, data migrations' seeds included: seed them again."""
    # The flag rules are the company's own, seeded when `world` sets the company up.
    importlib.import_module("farewell.records.migrations.0002_default_metrics").seed(apps, None)


def test_hr_opens_a_profile_with_its_charts(page, live_server, seeded, world, screenshot_dir):
    rich_history(world, world.lisi)
    recompute_flags(world.company, today=TODAY)
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "hradmin")
    page.goto(f"{live_server.url}/employees/{world.lisi.code}/")
    profile = page.locator("[data-profile]")
    profile.wait_for()
    for chart_id in ("chart-performance", "chart-360", "chart-values", "chart-surveys", "chart-attendance",
                     "chart-training", "chart-sanctions"):
        page.locator(f"#{chart_id} canvas").wait_for()
        assert page.locator(f"#{chart_id}").get_attribute("data-rendered") == "true"
    assert profile.get_by_text("预警信号").is_visible()
    profile.scroll_into_view_if_needed()
    profile.screenshot(path=os.path.join(screenshot_dir, "profile.png"))

    # A flag's evidence link opens the data table at the record's row.
    link = profile.locator(".evidence a").first
    target = link.get_attribute("href").split("#")[1]
    link.click()
    row = page.locator(f"#{target}")
    row.wait_for(state="visible")
    assert "record-target" in (row.get_attribute("class") or "")
