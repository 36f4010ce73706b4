"""Probation rejection (LCL 19, 21, 39(1); prc_rules §4)."""

from __future__ import annotations

import pytest

from farewell.law.probation import last_lawful_probation_day, longest_probation_months

from .support import codes, run, step

HIRE = "2024-01-01"


@pytest.mark.parametrize(
    ("term", "months"),
    [(None, 6), (36, 6), (35, 2), (12, 2), (11, 1), (3, 1), (2, 0), (0, 0)],
)
def test_longest_probation(term, months):
    # LCL 19: <3 → none; 3 to <12 → 1; 12 to <36 → 2; 36+ or open-ended → 6
    assert longest_probation_months(term) == months


def test_last_lawful_day_is_the_day_before_hire_plus_the_months():
    from datetime import date

    # 2024-01-01 + 2 months = 2024-03-01 → the day before: 2024-02-29 (leap year)
    assert last_lawful_probation_day(date(2024, 1, 1), 12) == date(2024, 2, 29)
    # no probation allowed: the day before hire
    assert last_lawful_probation_day(date(2024, 1, 1), 2) == date(2023, 12, 31)


def reject(separation, probation_end, term=36, **fields):
    return run(
        ground="probation_rejection",
        hire_date=HIRE,
        separation_date=separation,
        probation_end_date=probation_end,
        contract_term_months=term,
        union_notified=True,
        **fields,
    )


def test_a_rejection_within_probation_is_lawful_and_gives_nothing():
    out = reject("2024-03-15", "2024-03-31")
    assert out["lawful"] is True and out["violations"] == []
    assert out["compensation_months"] is None and out["total"] == 0
    assert step(out, "probation_reason_explained") == {
        "step": "probation_reason_explained",
        "title": "试用期解除劳动合同，向劳动者说明理由",
        "article": "《劳动合同法》第二十一条",
        "due_date": None,
        "basis": None,
    }
    assert step(out, "union_notification") is not None


def test_a_rejection_after_probation_is_unlawful():
    # S 2024-04-01 > end 2024-03-31 → 2N; 2024-01-01..04-01 = 3 m 1 d → N 0.5; 2 × 0.5 × 10000 = 10000.00
    out = reject("2024-04-01", "2024-03-31")
    assert out["lawful"] is False
    assert codes(out) == {"rejection_after_probation"}
    assert out["compensation_months"] == 0.5
    assert out["unlawful_termination_damages"] == 10000


def test_a_too_long_probation_is_a_violation_that_leaves_a_rejection_within_the_lawful_maximum():
    # 12-month contract → at most 2 months: last lawful day 2024-02-29; agreed to 2024-06-30 (6 months);
    # S 2024-02-20 ≤ 2024-02-29 → probation_too_long only, no 2N
    out = reject("2024-02-20", "2024-06-30", term=12)
    assert out["lawful"] is False
    assert codes(out) == {"probation_too_long"}
    assert out["unlawful_termination_damages"] is None and out["total"] == 0


def test_a_rejection_on_the_last_lawful_day_is_not_2n():
    out = reject("2024-02-29", "2024-06-30", term=12)
    assert codes(out) == {"probation_too_long"}
    assert out["unlawful_termination_damages"] is None


def test_a_rejection_after_the_last_lawful_day_is_2n():
    # S 2024-03-10 > 2024-02-29 → 2N: 2024-01-01..03-10 = 2 m 10 d → N 0.5 → 2 × 0.5 × 10000 = 10000.00
    out = reject("2024-03-10", "2024-06-30", term=12)
    assert codes(out) == {"probation_too_long", "rejection_after_lawful_probation"}
    assert out["unlawful_termination_damages"] == 10000


def test_a_contract_under_three_months_allows_no_probation():
    out = reject("2024-01-10", "2024-01-31", term=2)
    assert "probation_too_long" in codes(out)
    assert "rejection_after_lawful_probation" in codes(out)


def test_probation_is_explained_for_any_unilateral_ground_within_probation():
    out = run(ground="misconduct", hire_date=HIRE, separation_date="2024-02-01", probation_end_date="2024-03-31")
    assert step(out, "probation_reason_explained") is not None
    out = run(ground="misconduct", hire_date=HIRE, separation_date="2024-04-01", probation_end_date="2024-03-31")
    assert step(out, "probation_reason_explained") is None
    out = run(ground="mutual_employer_initiated", hire_date=HIRE, separation_date="2024-02-01", probation_end_date="2024-03-31")
    assert step(out, "probation_reason_explained") is None
