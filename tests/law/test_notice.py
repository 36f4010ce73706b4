"""Notice: the wage in lieu (LCL 40, Reg. 20) and the employee's notice (LCL 37, 90)."""

from __future__ import annotations

import pytest

from .support import codes, run, step


@pytest.mark.parametrize(
    ("fields", "notice_pay"),
    [
        # no notice given → the previous month's wage, the last of monthly_wages: 10000.00
        ({}, 10000),
        # 29 days < 30 → the full month, never pro-rated: 10000.00
        ({"notice_given_days": 29}, 10000),
        # 30 days' written notice → 0 (applies, comes to nothing)
        ({"notice_given_days": 30}, 0),
        ({"notice_given_days": 45}, 0),
        # last_month_wage given → it, not the last of monthly_wages: 9500.00
        ({"last_month_wage": 9500}, 9500),
    ],
)
def test_notice_pay(fields, notice_pay):
    # monthly_wages [9000, 10000] → average 9500, N = 3 → 28500.00
    out = run(ground="incompetence", monthly_wages=[9000, 10000], union_notified=True, **fields)
    assert out["notice_pay"] == notice_pay
    assert out["economic_compensation"] == 28500
    assert out["total"] == 28500 + notice_pay
    items = [line["item"] for line in out["lines"]]
    assert items == ["economic_compensation", "notice_pay"]


def test_written_notice_is_due_thirty_days_before():
    # S 2022-08-31 − 30 days = 2022-08-01
    out = run(ground="objective_change")
    assert step(out, "written_notice")["due_date"] == "2022-08-01"


@pytest.mark.parametrize(
    ("fields", "violation", "due"),
    [
        # LCL 37: 29 days < 30 → violation; the step is due S − 30 = 2022-08-01
        ({"notice_given_days": 29}, True, "2022-08-01"),
        ({"notice_given_days": 30}, False, "2022-08-01"),
        # absent → not checked
        ({}, False, "2022-08-01"),
        # in probation (S ≤ probation_end_date): 3 days suffice; due S − 3 = 2022-08-28
        ({"notice_given_days": 3, "probation_end_date": "2022-08-31"}, False, "2022-08-28"),
        ({"notice_given_days": 2, "probation_end_date": "2022-09-30"}, True, "2022-08-28"),
        # probation already over on S → 30 days apply again
        ({"notice_given_days": 3, "probation_end_date": "2022-08-30"}, True, "2022-08-01"),
    ],
)
def test_resignation_notice(fields, violation, due):
    out = run(ground="resignation", **fields)
    assert ("resignation_short_notice" in codes(out, "violation")) is violation
    assert out["lawful"] is not violation
    assert out["total"] == 0 and out["compensation_months"] is None
    assert step(out, "resignation_notice")["due_date"] == due
