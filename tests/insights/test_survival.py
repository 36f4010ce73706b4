"""The survival view: Kaplan–Meier time to exit by cohort, HR only, in the viewer's scope, small
cohorts suppressed, one aggregate query whatever the headcount."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from farewell.insights import survival
from farewell.org.models import Employee
from tests.factories import make_employee, make_position

URL = reverse("insights:survival")


def people(unit, position, n, *, hired_days_ago, left_after_days=None, name="员工"):
    today = timezone.localdate()
    hire = today - dt.timedelta(days=hired_days_ago)
    made = []
    for i in range(n):
        separation = hire + dt.timedelta(days=left_after_days) if left_after_days is not None else None
        made.append(make_employee(unit, f"{name}{i}", hire_date=hire, position=position, separation_date=separation,
                                  status="separated" if separation else "active"))
    return made


@pytest.fixture
def cohort(world):
    """Ten sales engineers hired four years ago: 2 left after half a year, 3 after a year and a half."""
    engineer = make_position(world.company, "销售工程师")
    people(world.sales, engineer, 2, hired_days_ago=1461, left_after_days=182)
    people(world.sales, engineer, 3, hired_days_ago=1461, left_after_days=548)
    people(world.sales, engineer, 5, hired_days_ago=1461)
    return world


def row(html: str, label: str) -> str:
    start = html.index(f'data-cohort="{label}"')
    return html[start:html.index("</tr>", start)]


def test_it_estimates_survival_at_one_two_three_and_five_years(cohort, client):
    client.force_login(cohort.users["hr_admin"])
    html = client.get(URL, {"by": "position"}).content.decode()
    cells = row(html, "销售工程师")
    # Kaplan–Meier by hand: 8/10 after a year; 8/10 × 5/8 after two; no exit after that.
    assert ">10<" in cells and ">5<" in cells  # ten people, five left
    assert "80.0% <span class=\"text-body-secondary\">(8)" in cells
    assert "50.0% <span class=\"text-body-secondary\">(5)" in cells
    # Three years: still five at risk; five years: nobody has been employed that long.
    assert cells.count("50.0%") == 2 and "— <span class=\"text-body-secondary\">(0)" in cells


def test_the_fit_matches_lifelines_on_the_raw_durations(cohort):
    company = cohort.company
    cohorts = survival.survival_by_cohort(company, "position", today=timezone.localdate(), unit_paths=None)
    ours = next(c for c in cohorts if c.label == "销售工程师")
    from lifelines import KaplanMeierFitter

    durations = [182 / 365.25] * 2 + [548 / 365.25] * 3 + [1461 / 365.25] * 5
    fitter = KaplanMeierFitter().fit(durations, event_observed=[1] * 5 + [0] * 5)
    assert ours.survival == pytest.approx(list(fitter.survival_function_.iloc[:, 0]))
    assert ours.median_years == pytest.approx(548 / 365.25)


def test_cohorts_under_five_people_are_suppressed(cohort, client):
    few = make_position(cohort.company, "大客户经理")
    people(cohort.sales, few, 4, hired_days_ago=800, left_after_days=100)
    client.force_login(cohort.users["hr_admin"])
    html = client.get(URL, {"by": "position"}).content.decode()
    assert "大客户经理" not in html
    assert 'id="survival-suppressed"' in html
    charts = json.loads(html.split('id="page-charts" type="application/json">')[1].split("</script>")[0])
    assert [s["name"] for s in charts[0]["option"]["series"]] == ["销售工程师"]
    assert charts[0]["option"]["series"][0]["step"] == "end"


def test_a_survival_figure_on_fewer_than_five_at_risk_is_not_shown(cohort, client):
    Employee.objects.filter(name__in=["员工0", "员工1", "员工2", "员工3"], separation_date__isnull=True) \
        .update(separation_date=timezone.localdate() - dt.timedelta(days=1461 - 900))  # after 2.5 years
    client.force_login(cohort.users["hr_admin"])
    cells = row(client.get(URL, {"by": "position"}).content.decode(), "销售工程师")
    assert "(8)" in cells and "— <span class=\"text-body-secondary\">(1)" in cells  # 3 years: one person left


def test_an_hrbp_sees_only_the_people_of_their_units(cohort, client):
    engineer = make_position(cohort.company, "销售工程师")
    people(cohort.rnd, engineer, 6, hired_days_ago=1000, name="研发")
    people(cohort.rnd, make_position(cohort.company, "研发工程师"), 6, hired_days_ago=1000, name="研发B")
    client.force_login(cohort.users["hrbp_sales"])
    html = client.get(URL, {"by": "position"}).content.decode()
    assert ">10<" in row(html, "销售工程师") and "研发工程师" not in html
    html = client.get(URL, {"by": "unit"}).content.decode()
    assert "销售部" in html and "研发部" not in html
    client.force_login(cohort.users["hr_admin"])
    html = client.get(URL, {"by": "unit"}).content.decode()
    assert "研发部" in html and ">13<" in row(html, "研发部")  # chenqi and twelve more


@pytest.mark.parametrize("persona", ["legal", "manager", "approver", "employee", "auditor"])
def test_it_is_for_hr_roles_only(cohort, client, persona):
    client.force_login(cohort.users[persona])
    assert client.get(URL).status_code == 403


def test_it_reads_the_people_in_one_aggregate_query_whatever_their_number(cohort, client):
    client.force_login(cohort.users["hr_admin"])
    client.get(URL, {"by": "hire_year"})

    def employee_queries():
        with CaptureQueriesContext(connection) as queries:
            assert client.get(URL, {"by": "hire_year"}).status_code == 200
        return [q["sql"] for q in queries.captured_queries if '"org_employee"' in q["sql"]]

    before = employee_queries()
    people(cohort.sales, None, 30, hired_days_ago=300, left_after_days=200)
    after = employee_queries()
    assert len(before) == len(after) == 1
    assert "GROUP BY" in after[0] and "COUNT(" in after[0]
