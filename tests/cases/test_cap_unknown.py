"""With no local average wage the 3× / 12-year cap (LCL 47 ¶2) cannot be applied: say so."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from farewell.cases import services
from tests.factories import make_contract, make_wages

FORM = {"jurisdiction": "CN", "ground": "mutual_employer_initiated", "hire_date": "2010-03-01",
        "separation_date": "2026-08-31", "monthly_wages": "66800"}
MESSAGE = "缺少当地上年度职工月平均工资"


def test_the_calculator_warns_without_a_local_average(client, world):
    client.force_login(world.users["hr_admin"])
    assert MESSAGE in client.post("/cases/calculator/", FORM).content.decode()
    with_average = client.post("/cases/calculator/", {**FORM, "local_avg_monthly_wage": "12183"}).content.decode()
    assert MESSAGE not in with_average and "三倍" in with_average


def test_no_warning_where_nothing_is_owed(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.post("/cases/calculator/", {**FORM, "ground": "resignation"}).content.decode()
    assert MESSAGE not in page


def test_a_case_in_a_city_without_figures_carries_the_warning(world):
    world.company.city = "广州市番禺区某镇"  # no shipped or HR-entered average for it
    world.company.save(update_fields=["city"])
    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(66800)] * 12)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                              separation_date=today + dt.timedelta(days=40))
    run = services.latest_run(case)
    assert any(c["code"] == "local_average_missing" for c in run.checks)
    case.refresh_from_db()
    assert case.risk != "none"
