"""Untaken annual leave of earlier years (prc_rules §5, `annual_leave.untaken_days_previous_years`): HR enters
the days on the case (or in the calculator), the case and the portal estimate pass them to the engine, and the
limitation warning the engine gives is shown."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.cases import services
from farewell.cases.models import CaseType

LIMITATION = "annual_leave_previous_years_limitation"


@pytest.fixture
def veteran(staffed):
    """李四 has worked since 2010 (annual leave: 10 days a year)."""
    staffed.lisi.first_work_date = dt.date(2010, 7, 1)
    staffed.lisi.save(update_fields=["first_work_date"])
    return staffed


def _leave_pay(run) -> Decimal:
    return next(Decimal(str(line["amount"])) for line in run.output["lines"] if line["item"] == "annual_leave_pay")


def test_hr_enters_the_days_on_the_case_and_the_engine_counts_them(client, veteran, soon):
    world = veteran
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
    # 200% × (12,000 ÷ 21.75) × 5 more days
    assert _leave_pay(run) - before == (Decimal(2) * Decimal(12000) / Decimal("21.75") * 5).quantize(Decimal("0.01"))
    assert any(v["code"] == LIMITATION for v in run.output["violations"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert f'data-code="{LIMITATION}"' in page
    assert 'name="untaken_days_previous_years"' in page and 'value="5"' in page


def test_clearing_the_days_removes_them(veteran, soon):
    world = veteran
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
