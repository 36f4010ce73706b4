"""Every flag rule on crafted histories: it fires, it does not, at its threshold boundary, and
each flag carries the records that raised it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.insights.models import Flag, FlagRule, RuleCode
from farewell.insights.rules import _latest_review_periods as latest_review_periods
from farewell.insights.services import recompute_flags
from farewell.records.models import Commitment, PerformanceReview, SurveyResponse
from tests.factories import make_company, make_employee, make_unit

from .records import (
    TODAY,
    Q,
    commitment,
    contribution,
    feedback,
    metric,
    months_back,
    review,
    survey,
    training,
    values,
)


def run(world) -> dict[str, Flag]:
    recompute_flags(world.company, today=TODAY)
    return {f"{f.employee.name}:{f.rule}": f for f in Flag.objects.select_related("employee")}


def set_rule(code: str, **fields) -> None:
    assert FlagRule.objects.filter(code=code).update(**fields) == 1


def records_of(flag: Flag) -> list:
    return [e.record for e in flag.evidence.all()]


# --- performance below the department average -------------------------------------------------


def _three_quarters(world, lisi_scores, others=(80, 90)):
    for start, score in zip(Q, lisi_scores, strict=True):
        review(world.lisi, start, score)
        review(world.boss, start, others[0])
        review(world.zhaoliu, start, others[1])


def test_performance_below_average_fires_after_three_quarters(world):
    _three_quarters(world, [70, 70, 70])  # department average 80 (lisi included), lisi 70
    flags = run(world)
    flag = flags[f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}"]
    assert [p["reference"] for p in flag.facts["points"]] == ["80.00"] * 3
    assert [p["value"] for p in flag.facts["points"]] == ["70.00"] * 3
    assert sorted(r.period_start for r in records_of(flag)) == Q
    assert all(isinstance(r, PerformanceReview) and r.employee_id == world.lisi.pk for r in records_of(flag))
    # The others are above their average.
    assert f"赵六:{RuleCode.PERFORMANCE_BELOW_AVERAGE}" not in flags


def test_performance_below_average_needs_every_one_of_the_periods(world):
    _three_quarters(world, [70, 85, 70])
    assert f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}" not in run(world)


def test_performance_below_average_margin_boundary(world):
    _three_quarters(world, [70, 70, 70])
    set_rule(RuleCode.PERFORMANCE_BELOW_AVERAGE, threshold=Decimal("10"))  # 70 < 80 - 10 is false
    assert f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}" not in run(world)
    set_rule(RuleCode.PERFORMANCE_BELOW_AVERAGE, threshold=Decimal("9.99"))
    assert f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}" in run(world)


def test_performance_equal_to_the_average_does_not_fire(world):
    _three_quarters(world, [80, 80, 80], others=(80, 80))
    assert not run(world)


def test_performance_rule_counts_periods_from_the_rule(world):
    _three_quarters(world, [85, 70, 70])
    set_rule(RuleCode.PERFORMANCE_BELOW_AVERAGE, count=2)
    flag = run(world)[f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}"]
    assert [p["label"] for p in flag.facts["points"]] == ["2026-Q1", "2026-Q2"]


def test_performance_compares_with_the_average_to_the_cent(world):
    """The database only pre-selects (a cent of slack): the rule compares with the average as shown."""
    _three_quarters(world, [60, 60, 60], others=(90, "90.01"))  # average 80.0033… shown as 80.00
    set_rule(RuleCode.PERFORMANCE_BELOW_AVERAGE, threshold=Decimal("20"))  # 60 < 80.00 - 20 is false
    assert f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}" not in run(world)
    set_rule(RuleCode.PERFORMANCE_BELOW_AVERAGE, threshold=Decimal("19.99"))
    flag = run(world)[f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}"]
    assert [p["reference"] for p in flag.facts["points"]] == ["80.00"] * 3


def test_performance_periods_are_the_companys_own(world):
    """The latest periods are those the company has scored reviews in, whatever other companies have."""
    other = make_employee(make_unit(make_company(), "外部门"), name="外人")
    review(other, dt.date(2026, 7, 1), 50)  # a later quarter, another company
    review(world.lisi, dt.date(2025, 7, 1), None)  # an unscored review is no period
    _three_quarters(world, [70, 70, 70])
    flag = run(world)[f"李四:{RuleCode.PERFORMANCE_BELOW_AVERAGE}"]
    assert [p["label"] for p in flag.facts["points"]] == ["2025-Q4", "2026-Q1", "2026-Q2"]
    assert latest_review_periods(other.company, "quarter", 3) == [dt.date(2026, 7, 1)]
    assert latest_review_periods(world.company, "quarter", 2) == [Q[2], Q[1]]
    assert latest_review_periods(world.company, "year", 2) == []


def test_separated_staff_are_not_flagged_but_count_in_the_average(world):
    _three_quarters(world, [70, 70, 70])
    world.lisi.status = "separated"
    world.lisi.save()
    assert not run(world)


# --- 360: bottom of the department on a dimension ---------------------------------------------


def test_360_bottom_of_the_department_fires(world):
    feedback(world.lisi, Q[-1], "团队协作", [2, 3])        # 2.50
    feedback(world.boss, Q[-1], "团队协作", [4, 4])        # 4.00
    feedback(world.zhaoliu, Q[-1], "团队协作", [3, 4])     # 3.50
    feedback(world.lisi, Q[-1], "团队协作", [5], relation="self")  # self ratings are left out
    flags = run(world)
    flag = flags[f"李四:{RuleCode.FEEDBACK360_BOTTOM}"]
    assert flag.facts["points"] == [{"dimension": "团队协作", "value": "2.50", "reference": "3.33",
                                     "highest": "4.00", "count": 3}]
    assert len(records_of(flag)) == 2
    assert {r.rater_relation for r in records_of(flag)} == {"peer"}
    assert len([k for k in flags if k.endswith(RuleCode.FEEDBACK360_BOTTOM)]) == 1


def test_360_needs_enough_rated_colleagues(world):
    feedback(world.lisi, Q[-1], "团队协作", [2])
    feedback(world.boss, Q[-1], "团队协作", [4])
    assert not run(world)  # two rated people, the rule asks for three
    set_rule(RuleCode.FEEDBACK360_BOTTOM, count=2)
    assert f"李四:{RuleCode.FEEDBACK360_BOTTOM}" in run(world)


def test_360_all_equal_is_nobodys_bottom(world):
    for person in (world.lisi, world.boss, world.zhaoliu):
        feedback(person, Q[-1], "团队协作", [3])
    assert not run(world)


def test_360_other_dimension_is_ignored_when_the_rule_names_one(world):
    feedback(world.lisi, Q[-1], "沟通", [1])
    feedback(world.boss, Q[-1], "沟通", [4])
    feedback(world.zhaoliu, Q[-1], "沟通", [4])
    assert not run(world)
    set_rule(RuleCode.FEEDBACK360_BOTTOM, dimension="")
    assert run(world)[f"李四:{RuleCode.FEEDBACK360_BOTTOM}"].facts["points"][0]["dimension"] == "沟通"


# --- values ------------------------------------------------------------------------------------


def test_values_low_score_fires_with_the_examples(world):
    values(world.lisi, Q[-1], "诚信", 2, examples="2026-05 报销单据与行程不符，经核实后退回。")
    values(world.lisi, Q[-1], "客户第一", 3)
    values(world.zhaoliu, Q[-1], "诚信", 3)  # the threshold is 2: 3 does not fire
    flags = run(world)
    flag = flags[f"李四:{RuleCode.VALUES_LOW}"]
    assert flag.facts["points"][0]["examples"].startswith("2026-05 报销单据")
    assert [r.dimension for r in records_of(flag)] == ["诚信"]
    assert f"赵六:{RuleCode.VALUES_LOW}" not in flags


def test_values_outside_the_window_do_not_fire(world):
    values(world.lisi, dt.date(2024, 1, 1), "诚信", 1)
    assert not run(world)


# --- surveys: team conflict ---------------------------------------------------------------------


def test_survey_low_for_three_months_fires_and_counts_the_unit(world):
    months = months_back(3)
    for start in months:
        survey(world.lisi, start, "团队支持", 4)
        survey(world.zhaoliu, start, "团队支持", 5)   # = threshold: still low
        survey(world.boss, start, "团队支持", 8)
    flags = run(world)
    flag = flags[f"李四:{RuleCode.SURVEY_LOW}"]
    assert flag.facts["same_unit"] == 2
    assert all(isinstance(r, SurveyResponse) for r in records_of(flag))
    assert len(records_of(flag)) == 3
    assert f"赵六:{RuleCode.SURVEY_LOW}" in flags
    assert f"王经理:{RuleCode.SURVEY_LOW}" not in flags


def test_survey_low_two_of_three_months_does_not_fire(world):
    months = months_back(3)
    for start, score in zip(months, [4, 6, 4], strict=True):
        survey(world.lisi, start, "团队支持", score)
    assert not run(world)


def test_survey_threshold_boundary(world):
    for start in months_back(3):
        survey(world.lisi, start, "团队支持", "5.01")
    assert not run(world)
    set_rule(RuleCode.SURVEY_LOW, threshold=Decimal("5.01"))
    assert f"李四:{RuleCode.SURVEY_LOW}" in run(world)


# --- attendance --------------------------------------------------------------------------------


def _attendance(employee, counts):
    for start, n in zip(months_back(len(counts)), counts, strict=True):
        metric(employee, "late_count", start, n)


def test_attendance_rising_fires_as_care(world):
    _attendance(world.lisi, [0, 1, 1, 1, 2, 3])  # previous 2, recent 6
    _attendance(world.zhaoliu, [1, 1, 1, 1, 1, 1])  # steady
    flags = run(world)
    flag = flags[f"李四:{RuleCode.ATTENDANCE_RISING}"]
    assert flag.tone == "care"
    assert (flag.facts["recent"], flag.facts["previous"]) == ("6", "2")
    assert len(records_of(flag)) == 3
    assert f"赵六:{RuleCode.ATTENDANCE_RISING}" not in flags


def test_attendance_ratio_and_minimum_boundaries(world):
    _attendance(world.lisi, [1, 1, 0, 1, 2, 1])  # previous 2, recent 4: exactly 2x and exactly 4
    assert f"李四:{RuleCode.ATTENDANCE_RISING}" in run(world)
    set_rule(RuleCode.ATTENDANCE_RISING, count=5)
    assert not run(world)
    set_rule(RuleCode.ATTENDANCE_RISING, count=4, threshold=Decimal("2.01"))
    assert not run(world)


# --- declined training while performance falls ----------------------------------------------------


def test_declined_training_with_falling_performance_fires(world):
    review(world.lisi, Q[1], 80)
    review(world.lisi, Q[2], 72)
    declined = training(world.lisi, "销售技巧进阶", dt.date(2026, 3, 10), "declined")
    flag = run(world)[f"李四:{RuleCode.TRAINING_DECLINED}"]
    assert declined in records_of(flag)
    assert len(records_of(flag)) == 3
    assert [r["value"] for r in flag.facts["reviews"]] == ["80.00", "72.00"]


def test_declined_training_drop_boundary_and_attended_training(world):
    review(world.lisi, Q[1], 80)
    review(world.lisi, Q[2], 75)  # a drop of exactly 5 (the threshold) fires
    training(world.lisi, "销售技巧进阶", dt.date(2026, 3, 10), "declined")
    assert f"李四:{RuleCode.TRAINING_DECLINED}" in run(world)
    set_rule(RuleCode.TRAINING_DECLINED, threshold=Decimal("5.01"))
    assert not run(world)


def test_attended_training_does_not_fire(world):
    review(world.lisi, Q[1], 80)
    review(world.lisi, Q[2], 60)
    training(world.lisi, "销售技巧进阶", dt.date(2026, 3, 10), "attended")
    assert not run(world)


# --- key contributor ----------------------------------------------------------------------------


def test_long_tenure_with_contributions_is_a_key_contributor(world):
    veteran = make_employee(world.rnd, "老周", hire_date=dt.date(2016, 5, 1))
    for i in range(3):
        contribution(veteran, f"重点项目{i}", dt.date(2020 + i, 1, 1))
    flag = run(world)[f"老周:{RuleCode.KEY_CONTRIBUTOR}"]
    assert flag.tone == "recognition"
    assert flag.facts["years"] == 10
    assert len(records_of(flag)) == 3


def test_key_contributor_boundaries(world):
    # Hired exactly five years before TODAY: counts. Two contributions: does not.
    veteran = make_employee(world.rnd, "老周", hire_date=dt.date(2021, 7, 15))
    contribution(veteran, "A", dt.date(2022, 1, 1))
    contribution(veteran, "B", dt.date(2023, 1, 1), kind="award")
    assert not run(world)
    contribution(veteran, "C", dt.date(2024, 1, 1), kind="mentoring")
    assert f"老周:{RuleCode.KEY_CONTRIBUTOR}" in run(world)
    veteran.hire_date = dt.date(2021, 7, 16)
    veteran.save()
    assert not run(world)


# --- probation objectives -----------------------------------------------------------------------


def test_probation_objectives_not_met_against_the_written_criteria(world):
    newcomer = make_employee(world.sales, "小钱", hire_date=dt.date(2026, 4, 10), status="probation")
    criteria = commitment(newcomer, "试用期考核标准", "试用期内每月KPI完成率不低于80%，独立完成客户拜访20家。")
    low = review(newcomer, dt.date(2026, 5, 1), 65, kpi=62, kind="month")
    review(newcomer, dt.date(2026, 6, 1), 70, kpi=80, kind="month")  # = threshold: met
    flag = run(world)[f"小钱:{RuleCode.PROBATION_UNMET}"]
    assert set(records_of(flag)) == {criteria, low}
    assert flag.facts["points"] == [{"pk": low.pk, "label": "2026-05", "value": "62.00"}]


def test_probation_without_written_criteria_does_not_fire(world):
    newcomer = make_employee(world.sales, "小钱", hire_date=dt.date(2026, 4, 10), status="probation")
    review(newcomer, dt.date(2026, 5, 1), 65, kpi=50, kind="month")
    assert not run(world)
    commitment(newcomer, "出差", "接受每月一周出差", stage="interview")
    assert not run(world)  # an interview commitment is not a probation criterion


def test_after_probation_the_rule_is_quiet(world):
    newcomer = make_employee(world.sales, "小钱", hire_date=dt.date(2026, 1, 10), status="active")
    commitment(newcomer, "试用期考核标准", "KPI不低于80%")
    review(newcomer, dt.date(2026, 2, 1), 65, kpi=50, kind="month")
    assert not run(world)


# --- the whole run ------------------------------------------------------------------------------


def test_recompute_replaces_the_flags(world):
    _three_quarters(world, [70, 70, 70])
    run(world)
    first = set(Flag.objects.values_list("pk", flat=True))
    PerformanceReview.objects.update(score=Decimal("90"))  # everyone at the average now
    assert not run(world)
    assert not Flag.objects.filter(pk__in=first).exists()


def test_the_evidence_is_all_that_refers_to_a_flag():
    """recompute_flags deletes a company's flags with one statement once their evidence is gone: a new
    model pointing at Flag would need its own delete there (or the database refuses the commit)."""
    from farewell.insights.models import FlagEvidence

    assert [r.related_model for r in Flag._meta.related_objects] == [FlagEvidence]


def test_disabled_rule_raises_nothing(world):
    _three_quarters(world, [70, 70, 70])
    set_rule(RuleCode.PERFORMANCE_BELOW_AVERAGE, enabled=False)
    assert not run(world)


def test_other_companies_flags_are_left_alone(world):
    from tests.factories import make_company, make_unit

    other = make_company()
    unit = make_unit(other, "销售部")
    people = [make_employee(unit, n) for n in ("甲", "乙")]
    for start in Q:
        review(people[0], start, 60)
        review(people[1], start, 90)
    recompute_flags(other, today=TODAY)
    _three_quarters(world, [70, 70, 70])
    run(world)
    assert Flag.objects.filter(company=other).count() == 1
    assert Flag.objects.filter(company=world.company).count() == 1


def test_a_commitment_is_evidence_through_its_content_type(world):
    newcomer = make_employee(world.sales, "小钱", hire_date=dt.date(2026, 4, 10), status="probation")
    commitment(newcomer, "试用期考核标准", "KPI不低于80%")
    review(newcomer, dt.date(2026, 5, 1), 65, kpi=50, kind="month")
    flag = run(world)[f"小钱:{RuleCode.PROBATION_UNMET}"]
    assert any(isinstance(r, Commitment) for r in records_of(flag))


@pytest.mark.parametrize("code", [c for c, _ in RuleCode.choices])
def test_every_rule_is_seeded(world, code):
    assert FlagRule.objects.filter(company=world.company, code=code, enabled=True).exists()


def test_360_margin_below_the_average_boundary(world):
    feedback(world.lisi, Q[-1], "团队协作", [2, 3])        # 2.50, average 3.33: 0.83 below
    feedback(world.boss, Q[-1], "团队协作", [4, 4])
    feedback(world.zhaoliu, Q[-1], "团队协作", [3, 4])
    set_rule(RuleCode.FEEDBACK360_BOTTOM, threshold=Decimal("0.84"))
    assert not run(world)
    set_rule(RuleCode.FEEDBACK360_BOTTOM, threshold=Decimal("0.83"))
    assert f"李四:{RuleCode.FEEDBACK360_BOTTOM}" in run(world)
