"""Civil servants (公务员法; prc_rules §6)."""

from __future__ import annotations

import pytest

from .support import codes, run

CS = {"jurisdiction": "CN-civil-service"}
DISMISSALS = [
    "cs_dismissal_two_years_incompetent",
    "cs_dismissal_refuses_other_post",
    "cs_dismissal_refuses_restructuring",
    "cs_dismissal_discipline",
    "cs_dismissal_absence",
]
MONEY = ["economic_compensation", "notice_pay", "annual_leave_pay", "double_wage", "unlawful_termination_damages"]


@pytest.mark.parametrize("ground", ["cs_resignation", *DISMISSALS])
def test_money_is_null_and_there_are_no_lcl_50_steps(ground):
    out = run(
        ground=ground,
        annual_leave={"cumulative_work_years": 10, "days_taken_this_year": 0},
        no_written_contract_months=5,
        **CS,
    )
    assert out["lawful"] is True
    assert all(out[k] is None for k in [*MONEY, "compensation_months", "monthly_base"])
    assert out["lines"] == [] and out["total"] == 0
    steps = [s["step"] for s in out["procedure"]]
    if ground == "cs_resignation":
        assert steps == ["cs_resignation_answer", "cs_handover"]
    else:
        assert steps == ["cs_written_decision", "cs_review_appeal_rights", "cs_handover"]
    assert all(s["due_date"] is None and s["basis"] is None for s in out["procedure"])


@pytest.mark.parametrize("status", ["work_injury", "medical_period", "pregnancy", "maternity", "nursing"])
@pytest.mark.parametrize("ground", DISMISSALS)
def test_csl_89_bars_dismissal(ground, status):
    out = run(ground=ground, protected_status=[status], **CS)
    assert out["lawful"] is False
    assert codes(out) == {"cs_dismissal_barred"}
    assert out["violations"][0]["article"] == "《公务员法》第八十九条"


@pytest.mark.parametrize("status", ["occupational_disease_exam_pending", "long_service_near_retirement"])
def test_statuses_outside_csl_89_are_ignored(status):
    out = run(ground="cs_dismissal_discipline", protected_status=[status], **CS)
    assert out["lawful"] is True and out["violations"] == []


def test_a_resignation_is_not_barred():
    assert run(ground="cs_resignation", protected_status=["pregnancy"], **CS)["lawful"] is True


def test_extra_compensation_is_the_total():
    # 辞退费 entered by HR: 12345.67 is the only line and the total
    out = run(ground="cs_dismissal_absence", extra_compensation=12345.67, **CS)
    assert out["lines"] == [
        {"item": "extra_compensation", "amount": 12345.67, "formula": out["lines"][0]["formula"],
         "citation": out["lines"][0]["citation"]}
    ]
    assert out["total"] == 12345.67
