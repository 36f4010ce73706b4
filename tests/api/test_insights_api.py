"""/api/flags/, /api/employees/<code>/profile|flags/ and /api/exports/flags/: the profile and flags
of the employee page, scoped like it."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation

from farewell.insights.api import KIND_OF_MODEL
from farewell.insights.models import Flag, FlagEvidence, FlagTone, RuleCode
from farewell.insights.present import record_facts, record_label
from farewell.insights.services import recompute_flags
from farewell.records.models import RewardPenalty
from tests.factories import make_employee, make_unit
from tests.insights.history import rich_history
from tests.insights.records import (
    TODAY,
    Q,
    commitment,
    contribution,
    feedback,
    metric,
    review,
    survey,
    training,
    values,
)


@pytest.fixture
def flagged(world):
    """lisi (sales) and chenqi (R&D) below their units' averages."""
    colleague = make_employee(world.rnd, "周研")
    for start in Q:
        review(world.lisi, start, 70)
        review(world.boss, start, 80)
        review(world.zhaoliu, start, 90)
        review(world.chenqi, start, 60)
        review(colleague, start, 90)
    recompute_flags(world.company, today=TODAY)
    return world


def test_flags_are_scoped(client, flagged):
    world = flagged
    client.force_login(world.users["hr_admin"])
    everyone = {f["employee_name"] for f in client.get("/api/flags/").json()["results"]}
    assert {"李四", "陈七"} <= everyone
    client.force_login(world.users["hrbp_sales"])
    flags = client.get("/api/flags/").json()["results"]
    assert {f["employee_name"] for f in flags} == {"李四"}
    assert flags[0]["evidence"] and flags[0]["evidence"][0]["kind"] == "reviews"
    assert client.get(f"/api/employees/{world.chenqi.code}/flags/").status_code == 404
    assert client.get("/api/flags/", {"org_unit": world.rnd.pk}).json()["count"] == 0


@pytest.mark.parametrize("persona", ["approver", "employee", "auditor", "outsider"])
def test_flags_and_profile_are_refused_to_roles_without_insights(client, flagged, persona):
    world = flagged
    client.force_login(world.users[persona])
    assert client.get("/api/flags/").status_code == 403
    assert client.get(f"/api/employees/{world.lisi.code}/profile/").status_code == 403
    assert client.get("/api/exports/flags/").status_code == 403


def test_the_flags_list_reads_a_fixed_number_of_queries(client, flagged):
    world = flagged
    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/flags/")
    for i in range(6):
        person = make_employee(world.sales, f"低分{i}")
        for start in Q:
            review(person, start, 50)
    recompute_flags(world.company, today=TODAY)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/flags/").json()["count"] > 2
    assert len(many) == len(few)


def _cite_every_kind(employee, i: int = 0) -> None:
    """Two flags for `employee`: one citing records of every kind a flag can cite, the other a review and
    a contribution written without their facts (as before they were stored), the contribution since deleted."""
    records = [review(employee, Q[0], 60 + i, kpi=80), feedback(employee, Q[0], "沟通", [2], relation="manager")[0],
               values(employee, Q[0], "诚信", 1), survey(employee, dt.date(2026, 5, 1), "团队支持", 2),
               survey(employee, dt.date(2026, 5, 1), "", 3, kind="satisfaction"),
               metric(employee, "late_count", dt.date(2026, 5, 1), 10 + i), metric(employee, "absent_days", Q[1], "1.5"),
               training(employee, f"课程{i}", dt.date(2026, 3, 2), "declined"),
               contribution(employee, f"项目{i}", dt.date(2022, 1, 1 + i), kind="award"),
               commitment(employee, "出差", "接受出差", stage="offer", said_on=dt.date(2020, 2, 1)),
               RewardPenalty.objects.create(employee=employee, kind="penalty", title=f"警告{i}", date=dt.date(2025, 7, 8))]
    records = [type(r).objects.get(pk=r.pk) for r in records]  # as the recompute reads them: 60.00, not 60
    gone = contribution(employee, f"已删除{i}", dt.date(2023, 6, 7))
    for rule, stored, cited in ((RuleCode.KEY_CONTRIBUTOR, True, records), (RuleCode.VALUES_LOW, False, [records[0], gone])):
        flag = Flag.objects.create(company=employee.company, employee=employee, rule=rule, tone=FlagTone.CONCERN,
                                   facts={"years": 6, "count": 1, "points": []}, computed_at=timezone.now())
        FlagEvidence.objects.bulk_create(
            FlagEvidence(flag=flag, content_type=ContentType.objects.get_for_model(r), object_id=r.pk,
                         facts=record_facts(r) if stored else {}) for r in cited)
    gone.delete()


def _evidence_from_the_records(flag_id: int) -> list[dict]:
    """A flag's evidence as the API wrote it when it read each record (before issue 14's stored facts)."""
    return [{"kind": KIND_OF_MODEL.get(e.record._meta.model_name, e.record._meta.model_name), "id": e.record.pk,
             "label": record_label(e.record)}
            for e in FlagEvidence.objects.filter(flag_id=flag_id).order_by("pk") if e.record is not None]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_evidence_reads_as_it_did_from_the_records(client, world, language):
    """The API labels evidence from the facts stored with it, in the same words as from the records."""
    rich_history(world, world.lisi)  # the flags a recompute writes
    _cite_every_kind(world.zhaoliu)
    client.force_login(world.users["hr_admin"])
    client.cookies["django_language"] = language
    flags = client.get("/api/flags/").json()["results"]
    profile = client.get(f"/api/employees/{world.zhaoliu.code}/profile/").json()["flags"]
    own = client.get(f"/api/employees/{world.zhaoliu.code}/flags/").json()
    kinds = {e["kind"] for f in flags for e in f["evidence"]}
    assert len(flags) == Flag.objects.count() and len(kinds) == 9
    with translation.override(language):
        assert [f["evidence"] for f in flags] == [_evidence_from_the_records(f["id"]) for f in flags]
        assert [f["evidence"] for f in own] == [_evidence_from_the_records(f["id"]) for f in own]
        assert [f["evidence"] for f in profile] == [
            _evidence_from_the_records(pk) for pk in Flag.objects.filter(employee=world.zhaoliu).order_by("rule")
            .values_list("pk", flat=True)]
    assert flags[-1]["evidence"][0]["label"].startswith("Review 2025-Q4" if language == "en" else "绩效 2025-Q4")


def test_the_flags_list_reads_no_records_and_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["hr_admin"])
    _cite_every_kind(world.lisi)
    client.get("/api/flags/")  # Django's content-type cache warmed, as in a running server
    with CaptureQueriesContext(connection) as few:
        client.get("/api/flags/")
    for i in range(1, 11):
        _cite_every_kind(make_employee(make_unit(world.company, f"新部门{i}", parent=world.sales), f"员工{i}"), i)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/flags/").json()["count"] == 22
    assert len(many) == len(few)
    # The stored facts, not the records: only the evidence written without them reads its kind's records.
    record_queries = [q["sql"] for q in many.captured_queries if '"records_' in q["sql"]]
    assert len(record_queries) == len({ct for ct in FlagEvidence.objects.filter(facts={}).values_list(
        "content_type_id", flat=True)})


def test_the_profile_carries_what_the_employee_page_shows(client, flagged):
    world = flagged
    client.force_login(world.users["manager"])  # lisi reports to the manager
    body = client.get(f"/api/employees/{world.lisi.code}/profile/").json()
    assert body["employee"]["employee_number"] == world.lisi.employee_number
    assert [row["score"] for row in body["performance"]["trend"]] == ["70.00"] * len(Q)
    assert body["performance"]["trend"][0]["unit_average"] is not None
    assert len(body["performance"]["records"]) == len(Q)
    assert body["flags"][0]["rule"] == "performance_below_average" and body["flags"][0]["evidence"]
    assert body["charts"]
    assert client.get(f"/api/employees/{world.chenqi.code}/profile/").status_code == 404  # not a report


def test_the_profile_reads_a_bounded_number_of_queries(client, flagged, django_assert_max_num_queries):
    world = flagged
    client.force_login(world.users["hr_admin"])
    with django_assert_max_num_queries(40):
        client.get(f"/api/employees/{world.lisi.code}/profile/")


def test_the_profiles_query_count_does_not_grow_with_the_records(client, world):
    """Each record's employee code and number come from the profile's employee, not a query per row."""
    rich_history(world, world.lisi)
    client.force_login(world.users["hr_admin"])
    url = f"/api/employees/{world.lisi.code}/profile/"
    client.get(url)  # Django's content-type cache warmed, as in a running server
    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for i in range(12):  # records of kinds without department figures (new review periods would add theirs)
        contribution(world.lisi, f"更多项目{i}", dt.date(2021, 1 + i, 1))
        training(world.lisi, f"更多课程{i}", dt.date(2024, 1 + i, 2), "attended")
        RewardPenalty.objects.create(employee=world.lisi, kind="reward", title=f"表彰{i}", date=dt.date(2023, 1 + i, 3))
    with CaptureQueriesContext(connection) as many:
        body = client.get(url).json()
    assert len(body["contributions"]) >= 12 and len(body["rewards"]) >= 12 and len(many) == len(few)
    assert {r["employee"] for r in body["contributions"]} == {str(world.lisi.code)}


def test_the_flags_export_is_the_pages(client, flagged):
    world = flagged
    client.force_login(world.users["hrbp_sales"])
    response = client.get("/api/exports/flags/")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [r[1] for r in rows[1:]] == ["李四"]
