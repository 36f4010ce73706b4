"""A minimum wage older than the law's adjustment period (《最低工资规定》第十条第二款: at least every two
years) may have been replaced by one nobody entered: when the average wage is near it, the result says so
(code local_min_wage_outdated), on the case, the employee page's estimate, the calculator and the portal."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.cases import engine_calls, services

MONEY = {"economic_compensation": {"amount": "1.00"}}


def _data(since: str, separation: str, wage: str, minimum: str = "2690") -> dict:
    return {"separation_date": separation, "local_min_wage": Decimal(minimum), engine_calls.MIN_WAGE_FROM_KEY: since,
            "monthly_wages": [Decimal(wage)] * 12}


@pytest.mark.parametrize(("since", "separation", "wage", "warned"), [
    ("2023-07-01", "2025-07-01", "3000", False),  # exactly two years: still within the period
    ("2023-07-01", "2025-07-02", "3000", True),  # the day after
    ("2023-07-01", "2026-01-01", "3496.99", True),  # average just below 1.3 × 2,690 = 3,497
    ("2023-07-01", "2026-01-01", "3497", False),  # at the margin: the figure cannot matter
    ("2024-02-29", "2026-03-01", "3000", True),  # a leap-day start does not crash
])
def test_the_warning_at_its_boundaries(since, separation, wage, warned):
    check = services.minimum_wage_check(_data(since, separation, wage), MONEY)
    assert (check is not None) == warned
    if warned:
        assert check["code"] == "local_min_wage_outdated" and "第十条" in check["article"]
        assert since in check["message"] and "2,690.00" in check["message"]


def test_no_warning_without_money_or_without_the_figures_date():
    assert services.minimum_wage_check(_data("2020-01-01", "2026-01-01", "2000"), {"notice_pay": None}) is None
    data = _data("2020-01-01", "2026-01-01", "2000")
    del data[engine_calls.MIN_WAGE_FROM_KEY]  # HR's own figure for the case: its date is not known
    assert services.minimum_wage_check(data, MONEY) is None


def test_the_case_input_carries_the_figures_first_day_and_the_employee_page_warns(client, staffed):
    from farewell.org.models import WageMonth

    staffed.company.city = "上海"
    staffed.company.save(update_fields=["city"])
    data = services.engine_input_for(staffed.lisi, ground="mutual_employer_initiated",
                                     separation_date=dt.date(2026, 1, 15))
    assert data[engine_calls.MIN_WAGE_FROM_KEY] == "2023-07-01" and data["local_min_wage"] == Decimal("2690")
    # a low earner: the figure matters, and it is older than two years on 2026-01-15
    WageMonth.objects.filter(employee=staffed.lisi).update(total=Decimal("2800"))
    data = services.engine_input_for(staffed.lisi, ground="mutual_employer_initiated",
                                     separation_date=dt.date(2026, 1, 15))
    outcome = services.calculate(data)
    assert [c["code"] for c in services.figure_checks(data, outcome.result)].count("local_min_wage_outdated") == 1
