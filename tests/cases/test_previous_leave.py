"""Untaken annual leave of earlier years (prc_rules §5, `annual_leave.untaken_days_previous_years`): HR enters
the days on the case (or in the calculator), the case and the portal estimate pass them to the engine, and the
limitation warning the engine gives is shown. A last day in the next year keeps the leave of the year the
separation was planned in (services.open_leave_years) until HR enters the days from the leave records."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseType

LIMITATION = "annual_leave_previous_years_limitation"
OPEN_YEARS = services.OPEN_LEAVE_CODE


@pytest.fixture
def this_year():
    """A last day in the year the case is recorded in: no earlier year's leave is still open."""
    return timezone.localdate()


@pytest.fixture
def next_january():
    """A last day in January of the next year (a resignation notice given in December)."""
    return dt.date(timezone.localdate().year + 1, 1, 15)


@pytest.fixture
def veteran(staffed):
    """李四 has worked since 2010 (annual leave: 10 days a year)."""
    staffed.lisi.first_work_date = dt.date(2010, 7, 1)
    staffed.lisi.save(update_fields=["first_work_date"])
    return staffed


def _leave_pay(run) -> Decimal:
    return next(Decimal(str(line["amount"])) for line in run.output["lines"] if line["item"] == "annual_leave_pay")


def test_hr_enters_the_days_on_the_case_and_the_engine_counts_them(client, veteran, this_year):
    world, soon = veteran, this_year
    hr = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    before = _leave_pay(services.latest_run(case))
    client.force_login(hr)
    response = client.post(f"/cases/{case.code}/update/", {
        "ground": case.ground, "separation_date": soon.isoformat(), "untaken_days_previous_years": "5"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.facts["untaken_days_previous_years"] == "5"
    run = services.latest_run(case)
    assert Decimal(str(run.input["annual_leave"]["untaken_days_previous_years"])) == 5
    # 200% × (12,000 ÷ 21.75) × 5 more days (each amount rounded once: a fen apart at most)
    more = Decimal(2) * Decimal(12000) / Decimal("21.75") * 5
    assert abs(_leave_pay(run) - before - more) <= Decimal("0.01")
    assert any(v["code"] == LIMITATION for v in run.output["violations"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert f'data-code="{LIMITATION}"' in page
    assert 'name="untaken_days_previous_years"' in page and 'value="5"' in page


def test_clearing_the_days_removes_them(veteran, this_year):
    world, soon = veteran, this_year
    hr = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon,
                              facts={"untaken_days_previous_years": "3"})
    assert "untaken_days_previous_years" in services.latest_run(case).input["annual_leave"]
    services.update_case(case, actor=hr, untaken_days_previous_years=None)
    run = services.latest_run(case)
    assert "untaken_days_previous_years" not in run.input["annual_leave"]
    assert not any(v["code"] == LIMITATION for v in run.output["violations"])


def test_the_portal_estimate_counts_the_days_hr_recorded_on_the_open_case(client, veteran, soon, monkeypatch):
    world = veteran
    services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"], separation_date=soon,
                       facts={"untaken_days_previous_years": "4"})
    seen = []
    original = services.calculate

    def spy(data):
        seen.append(data)
        return original(data)

    monkeypatch.setattr(services, "calculate", spy)
    client.force_login(world.users["employee"])
    page = client.get("/me/").content.decode()
    assert seen and seen[-1]["annual_leave"]["untaken_days_previous_years"] == 4
    assert 'data-item="annual_leave_pay"' in page


def test_the_calculator_takes_the_days(client, world):
    client.force_login(world.users["hr_admin"])
    form = {"jurisdiction": "CN", "ground": "resignation", "hire_date": "2015-01-01", "separation_date": "2027-01-15",
            "monthly_wages": "21750", "cumulative_work_years": "12", "untaken_days_previous_years": "5"}
    response = client.post("/cases/calculator/", form)
    result = response.context["result"]
    assert Decimal(str(result["annual_leave_pay"])) == Decimal("10000")  # 200% × 1,000 a day × 5
    assert f'data-code="{LIMITATION}"' in response.content.decode()
    without = client.post("/cases/calculator/", {**form, "untaken_days_previous_years": ""}).context["result"]
    assert Decimal(str(without["annual_leave_pay"])) == 0


def test_a_last_day_in_next_january_keeps_this_years_leave(client, veteran, next_january):
    """The new-user check: a resignation whose last day moved into January paid ¥0 for a whole year's leave."""
    world = veteran
    hr = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=next_january)
    run = services.latest_run(case)
    planned_year = str(next_january.year - 1)
    # 李四: 10 days a year (over 10 years' work); the year the case was recorded in is not over, none recorded taken.
    assert run.input[services.engine_calls.OPEN_LEAVE_YEARS_KEY] == {planned_year: 10}
    assert Decimal(str(run.input["annual_leave"]["untaken_days_previous_years"])) == 10
    # 15 days of January: ⌊15 ÷ 365 × 10⌋ = 0 this year, 10 of the year before.
    assert _leave_pay(run) == (Decimal(2) * Decimal(12000) / Decimal("21.75") * 10).quantize(Decimal("0.01"))
    codes = {v["code"] for v in run.output["violations"]} | {c["code"] for c in run.checks}
    assert {LIMITATION, OPEN_YEARS} <= codes
    client.force_login(hr)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert f'data-code="{OPEN_YEARS}"' in page and f"{planned_year}年的年休假在计划离职时尚未结束" in page
    # HR checks the leave records: all taken → 0 replaces the days assumed, and the note goes.
    services.update_case(case, actor=hr, untaken_days_previous_years="0")
    run = services.latest_run(case)
    assert services.engine_calls.OPEN_LEAVE_YEARS_KEY not in run.input
    assert _leave_pay(run) == 0 and OPEN_YEARS not in {c["code"] for c in run.checks}


def test_a_case_recorded_in_the_year_of_separation_counts_no_earlier_year(veteran, this_year):
    run = services.latest_run(services.open_case(veteran.lisi, CaseType.MUTUAL_EMPLOYER,
                                                 actor=veteran.users["hrbp_sales"], separation_date=this_year))
    assert "untaken_days_previous_years" not in run.input["annual_leave"]
    assert OPEN_YEARS not in {c["code"] for c in run.checks}


def test_open_leave_years_prorate_a_hire_within_the_year(veteran):
    lisi = veteran.lisi
    lisi.hire_date = dt.date(2025, 7, 1)  # 184 days of 2025 at this employer: ⌊184 ÷ 365 × 10⌋ = 5
    assert services.open_leave_years(lisi, separation_date=dt.date(2026, 1, 20), planned_on=dt.date(2025, 12, 20)) \
        == {"2025": 5}
    assert services.open_leave_years(lisi, separation_date=dt.date(2026, 1, 20), planned_on=dt.date(2026, 1, 2)) == {}


def test_the_portal_estimate_keeps_this_years_leave_for_a_last_day_next_year(client, veteran, next_january):
    world = veteran
    client.force_login(world.users["employee"])
    found = client.get("/api/me/estimate/", {"ground": "mutual_employer_initiated",
                                             "separation_date": next_january.isoformat()}).json()
    assumption = found["annual_leave_assumption"]
    assert assumption["open_years"] == {str(next_january.year - 1): 10}
    assert f"本估算假设您{next_january.year - 1}年的年休假 10 天均未休" in assumption["text"]
    assert Decimal(str(found["result"]["annual_leave_pay"])) > 0
