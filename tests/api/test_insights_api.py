"""/api/flags/, /api/employees/<code>/profile|flags/ and /api/exports/flags/: the profile and flags
of the employee page, scoped like it."""

from __future__ import annotations

import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.insights.services import recompute_flags
from tests.factories import make_employee
from tests.insights.records import TODAY, Q, review


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


def test_the_flags_export_is_the_pages(client, flagged):
    world = flagged
    client.force_login(world.users["hrbp_sales"])
    response = client.get("/api/exports/flags/")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert [r[1] for r in rows[1:]] == ["李四"]
