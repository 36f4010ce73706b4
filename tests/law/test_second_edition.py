"""The contract's second edition (shared/law README and prc_rules diff): each changed rule at its boundaries."""

from __future__ import annotations

import pytest

from farewell.law import LawInputError

from .support import codes, run, step

HIRE = "2024-01-01"
# open-ended contract: 6 months lawful; agreed probation to 2024-03-31 (within it)
PROBATION_END = "2024-03-31"
LAST_DAY = "2024-03-31"
DAY_AFTER = "2024-04-01"


def in_probation(ground, separation, **fields):
    return run(ground=ground, hire_date=HIRE, separation_date=separation, probation_end_date=PROBATION_END,
               union_notified=True, **fields)


class TestTerminationInProbation:
    """LCL 21: in probation only LCL 39 and 40(1)(2); 40(3) and 41 are unlawful → 2N."""

    @pytest.mark.parametrize("ground", ["objective_change", "economic_layoff"])
    def test_on_the_last_day_of_probation_it_is_unlawful_2n(self, ground):
        # 2024-01-01..03-31 = 3 m → N 0.5; 2 × 0.5 × 10000 = 10000.00; no N, no notice pay
        out = in_probation(ground, LAST_DAY)
        assert out["lawful"] is False
        assert "termination_in_probation" in codes(out, "violation")
        violation = next(v for v in out["violations"] if v["code"] == "termination_in_probation")
        assert violation["article"] == "《劳动合同法》第二十一条、第四十八条、第八十七条"
        assert out["unlawful_termination_damages"] == 10000 and out["compensation_months"] == 0.5
        assert out["economic_compensation"] is None and out["notice_pay"] is None
        assert step(out, "written_notice") is None
        assert step(out, "probation_reason_explained") is not None

    @pytest.mark.parametrize("ground", ["objective_change", "economic_layoff"])
    def test_the_day_after_probation_it_is_lawful_n(self, ground):
        # 2024-01-01..04-01 = 3 m 1 d → N 0.5 → 5000.00
        out = in_probation(ground, DAY_AFTER, notice_given_days=30)
        assert out["lawful"] is True, out["violations"]
        assert "termination_in_probation" not in codes(out)
        assert out["economic_compensation"] == 5000 and out["unlawful_termination_damages"] is None
        assert (step(out, "written_notice") is not None) is (ground == "objective_change")

    @pytest.mark.parametrize("separation", [LAST_DAY, DAY_AFTER])
    @pytest.mark.parametrize("ground", ["illness_incapacity", "incompetence"])
    def test_40_1_and_40_2_stay_possible_in_probation(self, ground, separation):
        out = in_probation(ground, separation, notice_given_days=30)
        assert out["lawful"] is True
        assert out["economic_compensation"] == 5000 and out["notice_pay"] == 0
        assert step(out, "written_notice") is not None
        assert (step(out, "probation_reason_explained") is not None) is (separation == LAST_DAY)

    def test_a_probation_beyond_the_lawful_maximum_counts_only_to_the_lawful_day(self):
        # contract 12 months → 2 months lawful: last lawful day 2024-02-29; agreed to 2024-03-31
        on_last_lawful = run(ground="objective_change", hire_date=HIRE, separation_date="2024-02-29",
                             probation_end_date=PROBATION_END, contract_term_months=12, union_notified=True)
        assert "termination_in_probation" in codes(on_last_lawful)
        after_lawful = run(ground="objective_change", hire_date=HIRE, separation_date="2024-03-01",
                           probation_end_date=PROBATION_END, contract_term_months=12, union_notified=True)
        assert "termination_in_probation" not in codes(after_lawful)
        assert after_lawful["lawful"] is True


class TestProbationRejection:
    """§4: two separate checks — after the agreed end, and longer than LCL 19 allows."""

    def test_probation_too_long_is_reported_when_the_rejection_is_also_after_the_agreed_end(self):
        # contract 12 months → 2 months; agreed to 2024-03-31; rejection 2024-04-01 (after both)
        out = run(ground="probation_rejection", hire_date=HIRE, separation_date=DAY_AFTER,
                  probation_end_date=PROBATION_END, contract_term_months=12, union_notified=True)
        assert {"rejection_after_probation", "probation_too_long"} <= codes(out, "violation")
        assert out["unlawful_termination_damages"] == 10000  # 3 m 1 d → 0.5; 2 × 0.5 × 10000

    @pytest.mark.parametrize(("separation", "two_n"), [("2024-02-29", False), ("2024-03-01", True), (LAST_DAY, True)])
    def test_the_last_lawful_day_and_the_day_after(self, separation, two_n):
        out = run(ground="probation_rejection", hire_date=HIRE, separation_date=separation,
                  probation_end_date=PROBATION_END, contract_term_months=12, union_notified=True)
        assert "probation_too_long" in codes(out)
        assert ("rejection_after_lawful_probation" in codes(out)) is two_n
        assert (out["unlawful_termination_damages"] is not None) is two_n


class TestWorkInjuryReview:
    @pytest.mark.parametrize("ground", ["expiry_employer_not_renewing", "expiry_employee_declines_same_or_better",
                                        "expiry_employee_declines_worse_terms"])
    def test_it_is_given_whenever_work_injury_is_among_the_statuses(self, ground):
        out = run(ground=ground, protected_status=["work_injury", "pregnancy"])
        assert "work_injury_review_required" in codes(out, "warning")
        if ground == "expiry_employer_not_renewing":
            assert "protected_status_extends_contract" in codes(out, "violation")
            assert out["unlawful_termination_damages"] == 60000
        else:
            assert "protected_status_waived" in codes(out, "warning")

    def test_not_without_work_injury(self):
        assert "work_injury_review_required" not in codes(run(ground="expiry_employer_not_renewing",
                                                              protected_status=["pregnancy"]))


class TestWagesRequired:
    """README: monthly_wages absent or empty where the result needs the wage base → field monthly_wages."""

    @pytest.mark.parametrize("fields", [
        {"ground": "mutual_employer_initiated", "hire_date": "1998-01-01", "separation_date": "2024-06-30"},
        {"ground": "unlawful_termination"},
        {"ground": "incompetence", "last_month_wage": 10000, "union_notified": True},
        {"ground": "probation_rejection", "probation_end_date": "2020-05-31"},  # after the end: 2N
        {"ground": "resignation", "annual_leave": {"cumulative_work_years": 5, "days_taken_this_year": 0}},
        {"ground": "resignation", "annual_leave": {"cumulative_work_years": 0, "days_taken_this_year": 0,
                                                   "untaken_days_previous_years": 1}},
        {"ground": "resignation", "no_written_contract_months": 2},
    ])
    def test_it_is_an_input_error(self, fields):
        with pytest.raises(LawInputError) as caught:
            run(**{**fields, "monthly_wages": None})
        assert caught.value.field == "monthly_wages"

    def test_items_that_come_to_nothing_need_no_wages_and_are_0(self):
        # README: a money item that applies but comes to nothing is 0, not null
        out = run(ground="resignation", monthly_wages=None, no_written_contract_months=1,
                  annual_leave={"cumulative_work_years": 0, "days_taken_this_year": 0})
        assert out["double_wage"] == 0 and out["annual_leave_pay"] == 0 and out["total"] == 0
        assert [line["item"] for line in out["lines"]] == ["annual_leave_pay", "double_wage"]

    def test_grounds_without_money_need_no_wages(self):
        assert run(ground="resignation", monthly_wages=None)["total"] == 0
        assert run(ground="misconduct", monthly_wages=None, union_notified=True)["total"] == 0

    def test_items_that_apply_with_wages_and_come_to_nothing_are_0(self):
        out = run(ground="incompetence", notice_given_days=30, union_notified=True, no_written_contract_months=0,
                  annual_leave={"cumulative_work_years": 3, "days_taken_this_year": 10})
        assert out["notice_pay"] == 0 and out["double_wage"] == 0 and out["annual_leave_pay"] == 0


class TestInputErrors:
    @pytest.mark.parametrize(("fields", "field"), [
        ({"local_avg_monthly_wage": 0}, "local_avg_monthly_wage"),
        ({"local_min_wage": 0}, "local_min_wage"),
        ({"local_min_wage": -1}, "local_min_wage"),
        ({"hire_date": "20200301"}, "hire_date"),
        ({"separation_date": "2024-W26-7"}, "separation_date"),
        ({"separation_date": "2022-8-31"}, "separation_date"),
        ({"separation_date": " 2022-08-31"}, "separation_date"),
        ({"separation_date": "２０２２-08-31"}, "separation_date"),  # full-width digits
        ({"separation_date": "9999-12-31"}, "separation_date"),  # S + 2 years is not a date
        ({"probation_end_date": "2020-03-01T00:00"}, "probation_end_date"),
        ({"monthly_wages": [1e26]}, "monthly_wages"),
        ({"monthly_wages": [10**10]}, "monthly_wages"),
        ({"monthly_wages": [float("inf")]}, "monthly_wages"),
        ({"monthly_wages": [float("nan")]}, "monthly_wages"),
        ({"extra_compensation": 10**10}, "extra_compensation"),
        ({"notice_given_days": 1e26}, "notice_given_days"),
        ({"annual_leave": {"cumulative_work_years": 1e30}}, "annual_leave.cumulative_work_years"),
        ({"annual_leave": {"cumulative_work_years": 5, "untaken_days_previous_years": -1}},
         "annual_leave.untaken_days_previous_years"),
        ({"annual_leave": {"cumulative_work_years": 5, "untaken_days_previous_years": "2"}},
         "annual_leave.untaken_days_previous_years"),
    ])
    def test_it_names_the_field(self, fields, field):
        with pytest.raises(LawInputError) as caught:
            run(**fields)
        assert caught.value.field == field

    def test_just_below_the_limits_is_accepted(self):
        assert run(monthly_wages=[9_999_999_999.99])["compensation_months"] == 3
        assert run(local_min_wage=0.01)["monthly_base"] == 10000
        assert run(separation_date="9997-12-31")["procedure"][-1]["due_date"] == "9999-12-31"

    @pytest.mark.parametrize("value", ["x" * 10_000, [[[["deep"]]]] * 3, 10**5000], ids=["long", "nested", "huge"])
    def test_the_message_quotes_at_most_100_characters(self, value):
        with pytest.raises(LawInputError) as caught:
            run(ground=value)
        assert caught.value.field == "ground"
        assert len(caught.value.message) <= 140 and "x" * 101 not in caught.value.message


class TestEarlierYearsLeave:
    """§5: untaken days of earlier years join this year's whole days: one item, rounded once."""

    def test_a_january_separation_keeps_last_years_days(self):
        # S 2025-01-10: 10/365 × 10 = 0.27 → 0 this year; + 12 days of 2024 = 12 days;
        # 200% × 21750 / 21.75 × 12 = 24000.00
        leave = {"cumulative_work_years": 12, "days_taken_this_year": 0, "untaken_days_previous_years": 12}
        out = run(hire_date="2015-01-01", separation_date="2025-01-10", monthly_wages=[21750], annual_leave=leave)
        assert out["annual_leave_pay"] == 24000
        assert "annual_leave_previous_years_limitation" in codes(out, "warning")
        warning = next(v for v in out["violations"] if v["code"] == "annual_leave_previous_years_limitation")
        assert warning["article"] == "《劳动争议调解仲裁法》第二十七条"
        assert out["lawful"] is True

    def test_fractional_earlier_days_are_added_to_this_years_whole_days_and_rounded_once(self):
        # 2024-06-30: ⌊182/365 × 10 − 1.5⌋ = 3; + 2.5 = 5.5 days; 2 × 10000 / 21.75 × 5.5 = 5057.4712… → 5057.47
        leave = {"cumulative_work_years": 12, "days_taken_this_year": 1.5, "untaken_days_previous_years": 2.5}
        out = run(hire_date="2015-01-01", separation_date="2024-06-30", annual_leave=leave)
        assert out["annual_leave_pay"] == 5057.47
        assert [line["item"] for line in out["lines"]].count("annual_leave_pay") == 1

    def test_zero_or_absent_earlier_days_give_no_warning(self):
        for leave in ({"cumulative_work_years": 12}, {"cumulative_work_years": 12, "untaken_days_previous_years": 0}):
            assert "annual_leave_previous_years_limitation" not in codes(run(annual_leave=leave))


@pytest.mark.parametrize("ground", ["probation_rejection", "objective_change", "economic_layoff"])
def test_a_hire_on_the_first_day_of_the_calendar_does_not_break_the_probation_rule(ground):
    # a contract under 3 months allows no probation: the last lawful day would be 0000-12-31
    out = run(ground=ground, hire_date="0001-01-01", separation_date="2022-01-01", monthly_wages=[1],
              probation_end_date="0001-01-01", contract_term_months=1, union_notified=True)
    assert out["lawful"] is (ground != "probation_rejection")
