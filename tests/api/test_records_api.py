"""/api/records/<kind>/: the records of each kind, listed in scope and written by the import rules."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.ledger.models import LedgerEntry
from farewell.records import models as m
from tests.factories import make_employee


def _review(employee, month, score):
    return m.PerformanceReview.objects.create(employee=employee, period_kind="month",
                                              period_start=dt.date(2025, month, 1), score=Decimal(score))


def test_the_list_shows_only_the_scope(client, world):
    _review(world.lisi, 1, "80")
    _review(world.chenqi, 1, "70")
    client.force_login(world.users["hrbp_sales"])
    body = client.get("/api/records/reviews/").json()
    assert [r["employee_number"] for r in body["results"]] == [world.lisi.employee_number]
    assert body["results"][0]["period"] == "2025-01" and body["results"][0]["score"] == "80.00"
    client.force_login(world.users["hr_admin"])
    assert client.get("/api/records/reviews/").json()["count"] == 2


@pytest.mark.parametrize("persona", ["employee", "auditor", "outsider"])
def test_a_role_without_records_view_gets_403(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get("/api/records/reviews/").status_code == 403
    assert client.post("/api/records/reviews/", {}, content_type="application/json").status_code == 403


def test_a_record_outside_the_scope_is_404(client, world):
    other = _review(world.chenqi, 1, "70")
    client.force_login(world.users["hrbp_sales"])
    assert client.get(f"/api/records/reviews/{other.pk}/").status_code == 404
    assert client.patch(f"/api/records/reviews/{other.pk}/", {"score": "10"},
                        content_type="application/json").status_code == 404


def test_filters_and_ordering(client, world):
    for month, score in ((1, "80"), (2, "60"), (3, "90")):
        _review(world.lisi, month, score)
    _review(world.zhaoliu, 2, "75")
    client.force_login(world.users["hr_admin"])
    body = client.get("/api/records/reviews/", {"employee": str(world.lisi.code), "since": "2025-02-01",
                                                "ordering": "-period_start"}).json()
    assert [r["period"] for r in body["results"]] == ["2025-03", "2025-02"]
    body = client.get("/api/records/reviews/", {"org_unit": world.rnd.pk}).json()
    assert body["count"] == 0


def test_the_list_reads_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["hr_admin"])
    for month in range(1, 4):
        _review(world.lisi, month, "80")
    client.get("/api/records/metrics/")  # warm the user's grant cache path
    with CaptureQueriesContext(connection) as few:
        client.get("/api/records/reviews/")
    for i in range(30):
        _review(make_employee(world.sales, f"员工{i}"), 1, "70")
    with CaptureQueriesContext(connection) as many:
        response = client.get("/api/records/reviews/")
    assert response.json()["count"] == 33
    assert len(many) == len(few) <= 6


def test_it_creates_a_record_by_the_import_rules(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post("/api/records/reviews/", {
        "employee": world.lisi.employee_number, "period_start": "2025-Q1", "score": "86.5", "rating": "良好"},
        content_type="application/json")
    assert response.status_code == 201, response.json()
    body = response.json()
    assert body["result"]["created"] == 1 and body["record"]["period"] == "2025-Q1"
    assert body["record"]["rating"] == "B" and body["record"]["score"] == "86.50"
    assert LedgerEntry.objects.filter(object_type="records.import").count() == 1
    again = client.post("/api/records/reviews/", {
        "employee": world.lisi.employee_number, "period_start": "2025-Q1", "score": "86.5", "rating": "良好"},
        content_type="application/json")
    assert again.status_code == 200 and again.json()["result"]["unchanged"] == 1
    assert again.json()["record"]["id"] == body["record"]["id"]


def test_a_bad_value_is_a_400_naming_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post("/api/records/reviews/", {
        "employee": world.lisi.employee_number, "period_start": "2025-03", "score": "abc"},
        content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"score": ["“abc” 不是数字"]}
    outside = client.post("/api/records/training/", {
        "employee": "NOPE", "course": "x", "course_date": "2025-01-02", "status": "已参加"},
        content_type="application/json")
    assert outside.status_code == 400 and "employee" in outside.json()
    assert not m.PerformanceReview.objects.exists() and not m.TrainingRecord.objects.exists()


def test_the_hrbp_cannot_create_outside_their_units(client, world):
    client.force_login(world.users["hrbp_sales"])
    response = client.post("/api/records/reviews/", {
        "employee": world.chenqi.employee_number, "period_start": "2025-03", "score": "50"},
        content_type="application/json")
    assert response.status_code == 400 and response.json() == {"employee": ["工号不存在或不在您的权限范围内"]}


def test_a_manager_reads_but_may_not_write(client, world):
    review = _review(world.zhaoliu, 1, "80")
    client.force_login(world.users["manager"])
    assert client.get(f"/api/records/reviews/{review.pk}/").status_code == 200
    assert client.patch(f"/api/records/reviews/{review.pk}/", {"score": "10"},
                        content_type="application/json").status_code == 403
    assert m.PerformanceReview.objects.get().score == Decimal("80")


def test_patch_changes_the_record_and_keeps_its_key(client, world):
    review = _review(world.lisi, 1, "80")
    client.force_login(world.users["hr_admin"])
    response = client.patch(f"/api/records/reviews/{review.pk}/", {"score": "85", "comment": "补充"},
                            content_type="application/json")
    assert response.status_code == 200, response.json()
    assert response.json()["result"]["updated"] == 1 and response.json()["record"]["score"] == "85.00"
    review.refresh_from_db()
    assert review.score == Decimal("85") and review.comment == "补充"
    moved = client.patch(f"/api/records/reviews/{review.pk}/", {"period_start": "2025-02"},
                         content_type="application/json")
    assert moved.status_code == 400 and "period_start" in moved.json()
    bad = client.patch(f"/api/records/reviews/{review.pk}/", {"score": "101"}, content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()) == ["score"]


def test_a_reward_or_penalty_changes_only_with_corrections_allowed(client, world):
    client.force_login(world.users["hr_admin"])
    created = client.post("/api/records/rewards/", {
        "employee": world.lisi.employee_number, "kind": "处分", "title": "书面警告", "date": "2025-04-02",
        "reason": "迟到"}, content_type="application/json")
    assert created.status_code == 201, created.json()
    pk = created.json()["record"]["id"]
    refused = client.patch(f"/api/records/rewards/{pk}/", {"reason": "连续迟到"}, content_type="application/json")
    assert refused.status_code == 400 and "non_field_errors" in refused.json()
    allowed = client.patch(f"/api/records/rewards/{pk}/", {"reason": "连续迟到", "allow_corrections": True},
                           content_type="application/json")
    assert allowed.status_code == 200 and m.RewardPenalty.objects.get().reason == "连续迟到"


def test_a_metric_record_names_its_metric_by_code(client, world):
    metric = m.Metric.objects.filter(active=True).first()
    client.force_login(world.users["hr_admin"])
    response = client.post("/api/records/metrics/", {
        "employee": world.lisi.employee_number, "metric": metric.code, "period_start": "2025-03", "value": "2"},
        content_type="application/json")
    assert response.status_code == 201, response.json()
    assert response.json()["record"]["metric"] == metric.code


def test_the_bulk_import_answers_field_errors_per_row(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post("/api/import/reviews/", {"rows": [
        {"工号": world.lisi.employee_number, "周期": "2025-03", "分数": "80"},
        {"工号": world.lisi.employee_number, "周期": "2025-04", "分数": "x"}]}, content_type="application/json")
    assert response.status_code == 400
    assert response.json()["field_errors"] == [{"row": 2, "field": "score", "column": "分数",
                                                "message": "“x” 不是数字"}]
