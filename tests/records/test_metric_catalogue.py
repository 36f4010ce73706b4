"""设置 › 指标目录: hr_admin lists, adds and deactivates metrics; a custom metric then imports."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from farewell.insights import services as insights_services
from farewell.ledger.models import LedgerEntry
from farewell.records import models as m
from farewell.records.importers import import_file

URL = "/records/metrics/"
NEW = {"code": "tickets_reopened", "name": "工单重开次数", "unit": "次", "category": "quality",
       "direction": "lower", "aggregation": "sum", "min_value": "0", "max_value": "500", "description": ""}


@pytest.fixture(autouse=True)
def _no_recompute(monkeypatch):
    monkeypatch.setattr(insights_services, "schedule_recompute", lambda company, *, acting_user: None)


def _login(client, world, persona="hr_admin"):
    client.force_login(world.users[persona])


def test_it_lists_the_catalogue(client, world):
    _login(client, world)
    response = client.get(URL)
    assert response.status_code == 200
    assert "late_count" in response.content.decode() and "迟到次数" in response.content.decode()


@pytest.mark.parametrize("persona", ["hrbp_sales", "manager", "employee", "legal", "auditor", "outsider"])
def test_it_refuses_everyone_but_hr_admin(client, world, persona):
    if persona not in world.users:
        pytest.skip(f"no {persona} persona")
    _login(client, world, persona)
    metric = m.Metric.objects.get(code="late_count")
    assert client.get(URL).status_code == 403
    assert client.post(URL, NEW).status_code == 403
    assert client.post(f"{URL}{metric.code}/deactivate/").status_code == 403
    assert not m.Metric.objects.filter(code=NEW["code"]).exists()
    assert m.Metric.objects.get(code="late_count").active


def test_it_sends_anonymous_users_to_login(client, db):
    response = client.get(URL)
    assert response.status_code == 302 and "login" in response["Location"]


def test_it_adds_a_custom_metric_on_record_and_it_imports(client, world, files):
    _login(client, world)
    response = client.post(URL, NEW)
    assert response.status_code == 302
    metric = m.Metric.objects.get(code="tickets_reopened")
    assert (metric.name, metric.direction, metric.max_value) == ("工单重开次数", "lower", Decimal("500"))
    entry = LedgerEntry.objects.get(object_type="records.metric", object_id=str(metric.pk))
    assert entry.event == "metric_added" and json.loads(entry.payload)["code"] == "tickets_reopened"

    rows = [["工号", "指标", "周期", "数值"], [world.lisi.employee_number, "工单重开次数", "2025-03", "4"],
            [world.lisi.employee_number, "tickets_reopened", "2025-04", "501"]]
    report = import_file("metrics", files.csv(rows), company=world.company)
    assert report.errors == ["第 3 行 · 数值：“501” 超出指标“工单重开次数”的范围 0–500"]
    report = import_file("metrics", files.csv(rows[:2]), company=world.company)
    assert report.errors == [] and m.MetricValue.objects.get(metric=metric).value == 4


def test_it_rejects_a_bad_metric(client, world):
    _login(client, world)
    response = client.post(URL, {**NEW, "code": "late_count", "min_value": "10", "max_value": "1"})
    assert response.status_code == 200
    errors = response.context["form"].errors
    assert "code" in errors and "max_value" in errors


def test_it_deactivates_a_metric_which_then_no_longer_imports(client, world, files):
    _login(client, world)
    assert client.get(f"{URL}late_count/deactivate/").status_code == 405
    response = client.post(f"{URL}late_count/deactivate/")
    assert response.status_code == 302
    assert not m.Metric.objects.get(code="late_count").active
    assert LedgerEntry.objects.filter(object_type="records.metric", event="metric_deactivated").count() == 1
    client.post(f"{URL}late_count/deactivate/")  # again: nothing more on record
    assert LedgerEntry.objects.filter(object_type="records.metric", event="metric_deactivated").count() == 1
    rows = [["工号", "指标", "周期", "数值"], [world.lisi.employee_number, "late_count", "2025-03", "1"]]
    assert import_file("metrics", files.csv(rows), company=world.company).errors == [
        "第 2 行 · 指标：“late_count” 不在指标目录中"]


def test_an_unknown_metric_is_not_found(client, world):
    _login(client, world)
    assert client.post(f"{URL}nope/deactivate/").status_code == 404


def test_the_settings_hub_links_it_for_hr_admin_only(client, world):
    _login(client, world)
    assert URL in client.get("/settings/").content.decode()
    _login(client, world, "hrbp_sales")
    response = client.get("/settings/")
    assert response.status_code == 403 or URL not in response.content.decode()
