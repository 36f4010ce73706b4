"""Protected statuses × grounds (LCL 42, 45; prc_rules §1, §3)."""

from __future__ import annotations

import pytest

from .support import codes, run

STATUSES = [
    "pregnancy",
    "maternity",
    "nursing",
    "medical_period",
    "work_injury",
    "occupational_disease_exam_pending",
    "long_service_near_retirement",
]


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("ground", ["illness_incapacity", "incompetence", "objective_change", "economic_layoff"])
def test_lcl_40_and_41_are_barred_and_turn_into_2n(status, ground):
    # LCL 42, 87: 2 × 3 × 10000 = 60000.00; no N, no notice pay (Reg. 25), no written_notice step
    out = run(ground=ground, protected_status=[status], union_notified=True)
    assert out["lawful"] is False
    assert "protected_status_bars_termination" in codes(out, "violation")
    assert out["unlawful_termination_damages"] == 60000
    assert out["compensation_months"] == 3
    assert out["economic_compensation"] is None and out["notice_pay"] is None
    assert all(s["step"] != "written_notice" for s in out["procedure"])


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("ground", ["misconduct", "probation_rejection"])
def test_lcl_39_stays_possible(status, ground):
    out = run(ground=ground, protected_status=[status], union_notified=True)
    assert out["lawful"] is True
    assert out["violations"] == []
    assert out["total"] == 0


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize("ground", ["mutual_employer_initiated", "mutual_employee_initiated", "resignation"])
def test_agreement_and_resignation_stay_possible(status, ground):
    out = run(ground=ground, protected_status=[status])
    assert out["lawful"] is True
    assert out["violations"] == []


@pytest.mark.parametrize("status", [s for s in STATUSES if s != "work_injury"])
def test_non_renewal_during_a_status_is_unlawful(status):
    # LCL 45: the contract is extended; ending it is unlawful → 2 × 3 × 10000 = 60000.00
    out = run(ground="expiry_employer_not_renewing", protected_status=[status])
    assert out["lawful"] is False
    assert codes(out) == {"protected_status_extends_contract"}
    assert out["unlawful_termination_damages"] == 60000
    assert out["economic_compensation"] is None


def test_non_renewal_with_work_injury_only_is_lawful_with_a_review_warning():
    # §3: money of the ground (N = 3 → 30000.00), warning to review under Work-Injury Reg. 35–37
    out = run(ground="expiry_employer_not_renewing", protected_status=["work_injury"])
    assert out["lawful"] is True
    assert codes(out, "warning") == {"work_injury_review_required"}
    assert out["economic_compensation"] == 30000


def test_non_renewal_with_work_injury_and_another_status_is_unlawful():
    out = run(ground="expiry_employer_not_renewing", protected_status=["work_injury", "pregnancy"])
    assert out["lawful"] is False
    assert "protected_status_extends_contract" in codes(out)


@pytest.mark.parametrize("status", STATUSES)
@pytest.mark.parametrize(
    ("ground", "compensation"),
    [("expiry_employee_declines_same_or_better", None), ("expiry_employee_declines_worse_terms", 30000)],
)
def test_the_employee_may_waive_the_extension(status, ground, compensation):
    out = run(ground=ground, protected_status=[status])
    assert out["lawful"] is True
    assert "protected_status_waived" in codes(out, "warning")
    assert ("work_injury_review_required" in codes(out)) is (status == "work_injury")
    assert out["economic_compensation"] == compensation


def test_closure_is_not_barred():
    out = run(ground="employer_closure", protected_status=["pregnancy"])
    assert out["lawful"] is True and out["economic_compensation"] == 30000
