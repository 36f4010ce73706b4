"""Untaken annual leave (Leave Reg. 3, 5; Leave Measures 10–12; prc_rules §5)."""

from __future__ import annotations

import pytest

from farewell.law.annual_leave import entitlement_days

from .support import run


@pytest.mark.parametrize(("years", "days"), [(0, 0), (0.9, 0), (1, 5), (9, 5), (10, 10), (19, 10), (20, 15), (35, 15)])
def test_entitlement_by_cumulative_work_years(years, days):
    assert entitlement_days(years) == days


# 21750 a month → daily wage 21750 / 21.75 = 1000; pay per untaken day 200% × 1000 = 2000
@pytest.mark.parametrize(
    ("hire", "separation", "years", "taken", "pay"),
    [
        # 2024 (leap): 01-01..06-30 = 182 days; 182/365 × 10 − 1.5 = 3.486 → 3 days → 6000.00
        ("2015-01-01", "2024-06-30", 12, 1.5, 6000),
        # whole leap year: 366/365 × 5 = 5.01 → 5 days → 10000.00 (divisor 365 in leap years too)
        ("2015-01-01", "2024-12-31", 5, 0, 10000),
        # floor once on the whole formula: 365/365 × 5 − 0.5 = 4.5 → 4 → 8000.00
        ("2015-01-01", "2023-12-31", 5, 0.5, 8000),
        # hired this year: 2024-03-01..06-30 = 122 days; 122/365 × 5 = 1.67 → 1 → 2000.00
        ("2024-03-01", "2024-06-30", 3, 0, 2000),
        # under one year of work: no entitlement → 0 (applies, comes to nothing)
        ("2024-03-01", "2024-06-30", 0, 0, 0),
        # more taken than due → 0, never negative
        ("2015-01-01", "2024-06-30", 12, 8, 0),
    ],
)
def test_annual_leave_pay(hire, separation, years, taken, pay):
    out = run(
        hire_date=hire,
        separation_date=separation,
        monthly_wages=[21750],
        annual_leave={"cumulative_work_years": years, "days_taken_this_year": taken},
    )
    assert out["annual_leave_pay"] == pay
    assert sum(line["amount"] for line in out["lines"]) == out["total"]


def test_overtime_is_left_out_of_the_daily_wage():
    # (23750 − 2000) / 21.75 = 1000 a day; 3 days (as above) → 6000.00; and no minimum-wage floor here
    out = run(
        hire_date="2015-01-01",
        separation_date="2024-06-30",
        monthly_wages=[23750],
        overtime_pay_included=[2000],
        annual_leave={"cumulative_work_years": 12, "days_taken_this_year": 1.5},
    )
    assert out["annual_leave_pay"] == 6000


def test_absent_annual_leave_is_null():
    assert run()["annual_leave_pay"] is None


def test_annual_leave_is_owed_on_every_cn_ground_lawful_or_not():
    out = run(
        ground="unlawful_termination",
        hire_date="2015-01-01",
        separation_date="2024-06-30",
        monthly_wages=[21750],
        annual_leave={"cumulative_work_years": 12, "days_taken_this_year": 1.5},
    )
    assert out["annual_leave_pay"] == 6000
