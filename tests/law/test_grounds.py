"""What each ground gives (prc_rules §1): lawful?, N?, notice pay?, and nulls vs 0 (README)."""

from __future__ import annotations

import pytest

from farewell.law.grounds import CIVIL_SERVICE, CN, GROUNDS

from .support import codes, run

# 2020-03-01..2022-08-31 = 2 y 6 m → N = 3, 10000 a month: N gives 30000.00;
# an LCL 40 ground without notice adds one month's wage (10000.00) in lieu (LCL 40, Reg. 20).
ROWS = [
    # ground, lawful, N, economic_compensation, notice_pay, total
    ("resignation", True, None, None, None, 0),
    ("employer_fault_resignation", True, 3, 30000, None, 30000),
    ("mutual_employer_initiated", True, 3, 30000, None, 30000),
    ("mutual_employee_initiated", True, None, None, None, 0),
    ("probation_rejection", True, None, None, None, 0),
    ("misconduct", True, None, None, None, 0),
    ("illness_incapacity", True, 3, 30000, 10000, 40000),
    ("incompetence", True, 3, 30000, 10000, 40000),
    ("objective_change", True, 3, 30000, 10000, 40000),
    ("economic_layoff", True, 3, 30000, None, 30000),
    ("expiry_employer_not_renewing", True, 3, 30000, None, 30000),
    ("expiry_employee_declines_same_or_better", True, None, None, None, 0),
    ("expiry_employee_declines_worse_terms", True, 3, 30000, None, 30000),
    ("employer_closure", True, 3, 30000, None, 30000),
    ("retirement", True, None, None, None, 0),
    # LCL 87: 2 × 3 × 10000 = 60000.00 instead of N
    ("unlawful_termination", False, 3, None, None, 60000),
]


def test_the_table_covers_every_cn_ground():
    assert {row[0] for row in ROWS} == {code for code, g in GROUNDS.items() if g.jurisdiction == CN}
    assert all(g.jurisdiction in (CN, CIVIL_SERVICE) for g in GROUNDS.values())


@pytest.mark.parametrize(("ground", "lawful", "n", "compensation", "notice_pay", "total"), ROWS)
def test_each_ground_gives_what_the_law_says(ground, lawful, n, compensation, notice_pay, total):
    out = run(ground=ground, union_notified=True, probation_end_date=None)
    assert out["lawful"] is lawful
    assert out["compensation_months"] == n
    assert out["economic_compensation"] == compensation
    assert out["notice_pay"] == notice_pay
    assert out["total"] == total
    assert out["annual_leave_pay"] is None and out["double_wage"] is None  # inputs absent → null
    assert out["unlawful_termination_damages"] == (60000 if ground == "unlawful_termination" else None)
    assert sum(line["amount"] for line in out["lines"]) == out["total"]
    assert {line["item"] for line in out["lines"]} == {
        k for k in ("economic_compensation", "notice_pay", "unlawful_termination_damages") if out[k] is not None
    }
    assert out["engine_version"]


def test_unlawful_termination_says_why():
    out = run(ground="unlawful_termination")
    assert codes(out) == {"unlawful_termination"}
    [violation] = out["violations"]
    assert violation["severity"] == "violation"
    assert violation["article"] == "《劳动合同法》第四十八条、第八十七条"


def test_extra_compensation_is_added_whatever_the_ground():
    # mutual: 30000.00 + 5000.50 agreed = 35000.50; resignation: 0 + 5000.50
    out = run(extra_compensation=5000.5)
    assert out["total"] == 35000.5
    assert [line["item"] for line in out["lines"]] == ["economic_compensation", "extra_compensation"]
    out = run(ground="resignation", extra_compensation=5000.5)
    assert out["total"] == 5000.5


def test_union_not_notified_is_a_violation_that_leaves_the_money():
    # LCL 43: lawful false, N and notice pay unchanged (30000 + 10000)
    out = run(ground="incompetence", union_notified=False)
    assert out["lawful"] is False
    assert codes(out) == {"union_not_notified"}
    assert out["economic_compensation"] == 30000 and out["notice_pay"] == 10000
    assert out["unlawful_termination_damages"] is None


@pytest.mark.parametrize("ground", ["misconduct", "probation_rejection", "illness_incapacity", "incompetence", "objective_change"])
def test_union_notification_absent_is_a_warning_for_lcl_39_and_40(ground):
    out = run(ground=ground)
    assert codes(out, "warning") == {"union_notification_unconfirmed"}
    assert out["lawful"] is True


@pytest.mark.parametrize("ground", ["economic_layoff", "mutual_employer_initiated", "resignation"])
def test_union_notification_is_not_checked_outside_lcl_39_and_40(ground):
    out = run(ground=ground, union_notified=False)
    assert "union_not_notified" not in codes(out)


def test_union_severity_is_configurable():
    from farewell.law import Options

    from .support import compute_with

    r = compute_with(Options(union_notification_severity="warning"), ground="misconduct", union_notified=False)
    assert r.lawful is True
    assert [(v.code, v.severity) for v in r.violations] == [("union_not_notified", "warning")]
