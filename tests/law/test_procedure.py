"""Procedure steps and their last days (README Procedure steps; prc_rules §4)."""

from __future__ import annotations

import pytest

from farewell.law import Options

from .support import codes, compute_with, run, step

LCL_50_STEPS = ["separation_certificate", "file_and_social_insurance_transfer", "wage_settlement", "keep_contract_text"]


def test_every_cn_ground_lists_the_lcl_50_steps_with_full_citations():
    out = run()
    assert [s["step"] for s in out["procedure"]] == LCL_50_STEPS
    assert out["procedure"][0] == {
        "step": "separation_certificate",
        "title": "出具解除或者终止劳动合同的证明",
        "article": "《劳动合同法》第五十条第一款；《劳动合同法实施条例》第二十四条",
        "due_date": "2022-08-31",
        "basis": "calendar_days",
    }
    # S + 15 = 2022-09-15 (Thursday, a working day); S + 2 years = 2024-08-31
    assert step(out, "file_and_social_insurance_transfer")["due_date"] == "2022-09-15"
    assert step(out, "wage_settlement")["due_date"] == "2022-08-31"
    assert step(out, "keep_contract_text")["due_date"] == "2024-08-31"


@pytest.mark.parametrize(
    ("separation", "due"),
    [
        # S 2024-06-07 + 15 = Saturday 2024-06-22 → next working day Monday 2024-06-24 (民法典 203)
        ("2024-06-07", "2024-06-24"),
        # S + 15 = 2024-10-02, inside National Day 10-01..10-07 → 2024-10-08
        ("2024-09-17", "2024-10-08"),
        # S + 15 = 2024-10-06 (Sunday inside the span) → 2024-10-08
        ("2024-09-21", "2024-10-08"),
        # S + 15 = Saturday 2024-10-12, an adjusted working day in the 2024 notice → stays
        ("2024-09-27", "2024-10-12"),
        # S + 15 = Sunday 2024-09-29, an adjusted working day → stays
        ("2024-09-14", "2024-09-29"),
    ],
)
def test_the_transfer_moves_off_days_off(separation, due):
    out = run(hire_date="2020-01-01", separation_date=separation)
    assert step(out, "file_and_social_insurance_transfer")["due_date"] == due
    assert "calendar_year_unknown" not in codes(out)


def test_the_narrow_reading_moves_only_off_holiday_spans():
    # configurable §4: a plain Saturday (2024-06-22) does not move; a National Day day does
    r = compute_with(Options(day_off_reading="narrow"), hire_date="2020-01-01", separation_date="2024-06-07")
    assert r.procedure[1].due_date.isoformat() == "2024-06-22"
    r = compute_with(Options(day_off_reading="narrow"), hire_date="2020-01-01", separation_date="2024-09-17")
    assert r.procedure[1].due_date.isoformat() == "2024-10-08"


def test_a_year_without_holiday_data_warns_and_counts_monday_to_friday():
    # S 2026-12-25 + 15 = Saturday 2027-01-09; no 2027 data → Monday 2027-01-11, warning, still lawful
    out = run(hire_date="2020-01-01", separation_date="2026-12-25")
    assert step(out, "file_and_social_insurance_transfer")["due_date"] == "2027-01-11"
    assert codes(out, "warning") == {"calendar_year_unknown"}
    assert out["lawful"] is True
    assert step(out, "keep_contract_text")["due_date"] == "2028-12-25"


def test_keeping_the_contract_from_29_february_ends_on_28_february():
    out = run(hire_date="2020-01-01", separation_date="2024-02-29")
    assert step(out, "keep_contract_text")["due_date"] == "2026-02-28"


@pytest.mark.parametrize(
    ("laid_off", "employees", "listed"),
    [
        (19, 1000, False),  # under 20 and 1.9 % → not required
        (20, 1000, True),  # 20 or more (以上 includes 20)
        (19, 192, False),  # 9.9 % → not required
        (19, 190, True),  # exactly 10 % → required
        (10, 100, True),  # exactly 10 %
        (9, 91, False),  # 9.89 %
    ],
)
def test_layoff_consultation_thresholds(laid_off, employees, listed):
    out = run(ground="economic_layoff", layoff_headcount=laid_off, employer_headcount=employees)
    explain = step(out, "layoff_explain_to_union_or_staff")
    report = step(out, "layoff_report_to_labour_bureau")
    assert (explain is not None) is listed and (report is not None) is listed
    if listed:
        # S − 30 = 2022-08-01; the report has no day in law → null, basis null; not conditional
        assert explain["due_date"] == "2022-08-01" and explain["basis"] == "calendar_days"
        assert report["due_date"] is None and report["basis"] is None
        assert "conditional" not in explain


@pytest.mark.parametrize("fields", [{}, {"layoff_headcount": 25}, {"employer_headcount": 100}])
def test_layoff_steps_are_conditional_without_both_headcounts(fields):
    out = run(ground="economic_layoff", **fields)
    assert step(out, "layoff_explain_to_union_or_staff")["conditional"] is True
    assert step(out, "layoff_report_to_labour_bureau")["conditional"] is True


def test_layoffs_have_no_union_notification_step():
    assert step(run(ground="economic_layoff"), "union_notification") is None


@pytest.mark.parametrize(
    ("ground", "steps"),
    [
        ("resignation", ["resignation_notice"]),
        ("misconduct", ["union_notification"]),
        ("probation_rejection", ["union_notification", "probation_reason_explained"]),
        ("incompetence", ["written_notice", "union_notification"]),
        ("mutual_employer_initiated", []),
        ("expiry_employer_not_renewing", []),
    ],
)
def test_each_ground_lists_its_steps_in_order(ground, steps):
    out = run(ground=ground, union_notified=True)
    assert [s["step"] for s in out["procedure"]] == steps + LCL_50_STEPS
    for s in out["procedure"]:
        assert s["basis"] == ("calendar_days" if s["due_date"] else None)
        assert s["article"].startswith("《")


def test_the_four_lcl50_steps_are_the_steps_step_builds():
    """procedure._lcl50_steps sets its Steps' fields itself (a batch's budget): equal to Step(code, due)."""
    from datetime import date

    from farewell.law.procedure import Step, _lcl50_steps

    s, due = date(2024, 2, 29), date(2024, 3, 15)
    built = _lcl50_steps(s, due)
    assert built == [Step("separation_certificate", s), Step("file_and_social_insurance_transfer", due),
                     Step("wage_settlement", s), Step("keep_contract_text", date(2026, 2, 28))]
    assert all(hasattr(step, name) for step in built for name in Step.__slots__)
