"""A month with no wage record in the 12-month window is named, not silently left out."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from farewell.cases import services
from tests.factories import make_wages


def test_it_names_the_months_without_wages(world):
    # Hired 2020-03-01; separation 2026-12-31 → window Dec 2025 .. Nov 2026; November is missing.
    make_wages(world.lisi, dt.date(2025, 12, 1), [Decimal(10000)] * 11)
    assert services.missing_wage_months(world.lisi, dt.date(2026, 12, 31)) == [dt.date(2026, 11, 1)]


def test_months_before_hire_are_not_missing(world):
    world.lisi.hire_date = dt.date(2026, 6, 15)
    world.lisi.save(update_fields=["hire_date"])
    make_wages(world.lisi, dt.date(2026, 6, 1), [Decimal(8000)] * 6)  # Jun .. Nov 2026
    assert services.missing_wage_months(world.lisi, dt.date(2026, 12, 31)) == []


def test_the_case_warns_about_them(world):
    make_wages(world.lisi, dt.date(2025, 12, 1), [Decimal(10000)] * 11)
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                              separation_date=dt.date(2026, 12, 31))
    from farewell.cases.models import EngineRun

    run = EngineRun.objects.filter(case=case).latest("id")
    (check,) = [c for c in run.checks if c["code"] == "wage_months_missing"]
    assert "2026-11" in check["message"] and "11 个月" in check["message"]


def test_the_calculator_says_which_months_are_missing(client, world):
    make_wages(world.lisi, dt.date(2025, 12, 1), [Decimal(10000)] * 11)
    client.force_login(world.users["hr_admin"])
    page = client.get(f"/cases/calculator/?employee={world.lisi.code}&separation_date=2026-12-31").content.decode()
    assert "2026-11" in page and "没有工资记录" in page


def test_a_missing_month_is_a_note_not_a_risk(world, city_average):
    from farewell.cases.models import Risk

    make_wages(world.lisi, dt.date(2025, 12, 1), [Decimal(10000)] * 11)
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                              separation_date=dt.date(2026, 12, 31))
    case.refresh_from_db()
    assert case.risk == Risk.NONE
