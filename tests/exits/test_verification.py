"""Stated versus verified: each rule on crafted records, once where the records support the stated
reason and once where they contradict it; figures about colleagues only from 5 people up."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.exits import verification
from farewell.exits.models import ExitReason
from farewell.org.models import Employee, Position
from farewell.records.models import (
    Commitment,
    Feedback360,
    Metric,
    MetricValue,
    PerformanceReview,
    SurveyResponse,
    TrainingRecord,
)
from tests.exits.conftest import leave, staff
from tests.factories import make_employee, make_wages

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 30)
SUPPORTS, CONTRADICTS = verification.SUPPORTS, verification.CONTRADICTS


def _finding(departure, code):
    return verification.check(departure, ExitReason.objects.select_related("parent").get(code=code))


def _stances(finding) -> list[str]:
    return [f.stance for f in finding.facts]


# --- pay -------------------------------------------------------------------------------------


@pytest.fixture
def sales_reps(world):
    position = Position.objects.create(company=world.company, name="销售代表", grade="P3",
                                       wage_min=Decimal(8000), wage_max=Decimal(14000))
    peers = staff(world.sales, 5, prefix="同事", position=position)
    for peer in peers:
        make_wages(peer, dt.date(2025, 7, 1), [11000] * 12)
    Employee.objects.filter(pk=world.lisi.pk).update(position=position)
    world.lisi.refresh_from_db()
    return position


def test_pay_supports_when_the_wage_is_low_in_the_band_and_below_peers(world, hr, sales_reps):
    make_wages(world.lisi, dt.date(2025, 7, 1), [8500] * 12)
    finding = _finding(leave(world.lisi, DAY, actor=hr), "pay_below_market")
    assert finding.verdict == SUPPORTS
    texts = " ".join(f.text for f in finding.supporting)
    assert "下三分之一" in texts and "中位数 11,000" in texts
    assert finding.facts[0].url.endswith("#wages-title")


def test_pay_contradicts_when_the_wage_is_high_in_the_band_and_above_peers(world, hr, sales_reps):
    make_wages(world.lisi, dt.date(2025, 7, 1), [13500] * 12)
    finding = _finding(leave(world.lisi, DAY, actor=hr), "pay")
    assert finding.verdict == CONTRADICTS
    assert len(finding.contradicting) == 2


def test_pay_compares_with_peers_only_from_five(world, hr, sales_reps):
    Employee.objects.filter(name="同事0").update(position=None)
    make_wages(world.lisi, dt.date(2025, 7, 1), [8500] * 12)
    finding = _finding(leave(world.lisi, DAY, actor=hr), "pay")
    assert any("不足5人" in f.text for f in finding.context)
    assert not any("中位数" in f.text for f in finding.facts)


# --- training --------------------------------------------------------------------------------


def test_training_supports_when_none_was_given_and_a_promise_was_not_kept(world, hr):
    colleagues = staff(world.sales, 5, prefix="培训同事", hire_date=dt.date(2020, 1, 1))
    for person in colleagues:
        for month in (3, 9):
            TrainingRecord.objects.create(employee=person, course=f"销售技巧{month}", course_date=dt.date(2025, month, 1),
                                          status="attended")
    Commitment.objects.create(employee=world.lisi, stage="offer", party="company", said_on=dt.date(2024, 1, 10),
                              topic="培训", content="入职一年内安排产品培训")
    finding = _finding(leave(world.lisi, DAY, actor=hr), "training_not_given")
    assert finding.verdict == SUPPORTS
    texts = [f.text for f in finding.supporting]
    assert "离职前24个月没有参加过培训" in texts
    assert any("此后没有参加过培训" in t for t in texts)
    assert any("同部门 7 名同事期间人均参加培训 1.4 次" in t for t in texts)  # 10 courses, 5 + 王经理 + 赵六


def test_training_contradicts_when_it_was_given_or_declined(world, hr):
    attended = TrainingRecord.objects.create(employee=world.lisi, course="产品培训", course_date=dt.date(2025, 10, 1),
                                             status="attended")
    TrainingRecord.objects.create(employee=world.lisi, course="管理培训", course_date=dt.date(2026, 2, 1),
                                  status="declined")
    finding = _finding(leave(world.lisi, DAY, actor=hr), "training")
    assert finding.verdict == CONTRADICTS
    assert any(f.url.endswith(f"#rec-trainingrecord-{attended.pk}") for f in finding.contradicting)


# --- appraisal -------------------------------------------------------------------------------


def _review(employee, quarter_start, score, rating=""):
    return PerformanceReview.objects.create(employee=employee, period_kind="quarter", period_start=quarter_start,
                                            score=Decimal(score), rating=rating)


QUARTERS = [dt.date(2025, 7, 1), dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 1)]


def test_appraisal_supports_a_falling_trend_below_the_unit(world, hr):
    for person in staff(world.sales, 5, prefix="考核同事"):
        _review(person, QUARTERS[-1], 85, "A")
    for start, score in zip(QUARTERS, (88, 80, 72, 65), strict=True):
        _review(world.lisi, start, score, "C" if score < 70 else "B")
    finding = _finding(leave(world.lisi, DAY, actor=hr), "appraisal_unfair")
    assert finding.verdict == SUPPORTS
    assert any("下降趋势：88.00 → 65.00" in f.text for f in finding.supporting)
    assert any("等级分布" in f.text for f in finding.supporting)


def test_appraisal_contradicts_a_rising_trend_above_the_unit(world, hr):
    for person in staff(world.sales, 5, prefix="考核同事"):
        _review(person, QUARTERS[-1], 75, "B")
    for start, score in zip(QUARTERS, (70, 78, 84, 90), strict=True):
        _review(world.lisi, start, score, "A")
    finding = _finding(leave(world.lisi, DAY, actor=hr), "appraisal")
    assert finding.verdict == CONTRADICTS


# --- manager ---------------------------------------------------------------------------------


def _team_360(manager, score, raters=5):
    for i in range(raters):
        Feedback360.objects.create(employee=manager, period_kind="year", period_start=dt.date(2026, 1, 1),
                                   dimension="管理", rater_relation="subordinate", rater_key=f"r{i}",
                                   score=Decimal(score))


def test_manager_supports_changes_low_360_and_low_unit_surveys(world, hr):
    from farewell.org.services import update_employee

    other = make_employee(world.sales, "新经理")
    update_employee(world.lisi, acting_user=hr, manager=other)
    update_employee(world.lisi, acting_user=hr, manager=world.boss)
    _team_360(world.boss, "2.5")
    _team_360(make_employee(world.rnd, "研发经理"), "4.5")
    for person in staff(world.sales, 5, prefix="调查同事"):
        SurveyResponse.objects.create(employee=person, survey="engagement", period_kind="month",
                                      period_start=dt.date(2026, 3, 1), dimension="总体", score=Decimal(4))
    for person in staff(world.rnd, 5, prefix="研发同事"):
        SurveyResponse.objects.create(employee=person, survey="engagement", period_kind="month",
                                      period_start=dt.date(2026, 3, 1), dimension="总体", score=Decimal(9))
    world.lisi.refresh_from_db()
    later = timezone.localdate() + dt.timedelta(days=20)  # the changes above happened today, before leaving
    finding = _finding(leave(world.lisi, later, actor=hr), "manager_style")
    assert finding.verdict == SUPPORTS
    texts = " ".join(f.text for f in finding.supporting)
    assert "变动 2 次" in texts and "360评估平均 2.50" in texts and "调查平均 4.00" in texts


def test_manager_contradicts_a_well_rated_manager(world, hr):
    _team_360(world.boss, "4.8")
    _team_360(make_employee(world.rnd, "研发经理"), "3.0")
    finding = _finding(leave(world.lisi, DAY, actor=hr), "manager")
    assert finding.verdict == CONTRADICTS


def test_manager_360_from_fewer_than_five_raters_is_not_summarised(world, hr):
    _team_360(world.boss, "1.0", raters=4)
    finding = _finding(leave(world.lisi, DAY, actor=hr), "manager")
    assert not finding.supporting
    assert any("不足5人" in f.text for f in finding.context)


# --- workload --------------------------------------------------------------------------------


def _overtime(employee, values_by_month: dict):
    metric = Metric.objects.get(code="overtime_hours")
    for month, value in values_by_month.items():
        MetricValue.objects.create(employee=employee, metric=metric, period_kind="month", period_start=month,
                                   value=Decimal(value))


def _months(first: dt.date, n: int) -> list[dt.date]:
    out, y, m = [], first.year, first.month
    for _i in range(n):
        out.append(dt.date(y, m, 1))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return out


def test_workload_supports_rising_overtime_above_the_unit(world, hr):
    months = _months(dt.date(2025, 7, 1), 12)
    _overtime(world.lisi, {m: (10 if i < 6 else 40) for i, m in enumerate(months)})
    for person in staff(world.sales, 5, prefix="加班同事"):
        _overtime(person, {m: 12 for m in months[6:]})
    finding = _finding(leave(world.lisi, DAY, actor=hr), "workload_overtime")
    assert finding.verdict == SUPPORTS
    assert any("最近6个月共 240 小时，此前6个月 60 小时" in f.text for f in finding.supporting)
    assert finding.supporting[0].url.endswith("#rec-metricvalue-" + str(
        MetricValue.objects.filter(employee=world.lisi).order_by("-period_start").first().pk))


def test_workload_contradicts_falling_overtime_below_the_unit(world, hr):
    months = _months(dt.date(2025, 7, 1), 12)
    _overtime(world.lisi, {m: (30 if i < 6 else 5) for i, m in enumerate(months)})
    for person in staff(world.sales, 5, prefix="加班同事"):
        _overtime(person, {m: 20 for m in months[6:]})
    finding = _finding(leave(world.lisi, DAY, actor=hr), "workload")
    assert finding.verdict == CONTRADICTS


# --- working conditions ----------------------------------------------------------------------


def _survey(people, score, dimension="工作环境"):
    for person in people:
        SurveyResponse.objects.create(employee=person, survey="satisfaction", period_kind="month",
                                      period_start=dt.date(2026, 2, 1), dimension=dimension, score=Decimal(score))


def _positions(world):
    mine = Position.objects.create(company=world.company, name="客服专员")
    Employee.objects.filter(pk=world.lisi.pk).update(position=mine)
    world.lisi.refresh_from_db()
    return mine


def test_conditions_supports_when_colleagues_in_the_position_say_so(world, hr):
    mine = _positions(world)
    _survey(staff(world.sales, 5, prefix="客服", position=mine), 3)
    _survey(staff(world.rnd, 10, prefix="其他"), 8)
    finding = _finding(leave(world.lisi, DAY, actor=hr), "conditions_place")
    assert finding.verdict == SUPPORTS
    assert any("同岗位 5 名同事“工作环境”平均 3.00 分" in f.text for f in finding.supporting)


def test_conditions_contradicts_when_colleagues_are_content(world, hr):
    mine = _positions(world)
    _survey(staff(world.sales, 6, prefix="客服", position=mine), 9)
    _survey(staff(world.rnd, 6, prefix="其他"), 6)
    finding = _finding(leave(world.lisi, DAY, actor=hr), "conditions")
    assert finding.verdict == CONTRADICTS


def test_conditions_needs_five_colleagues(world, hr):
    mine = _positions(world)
    _survey(staff(world.sales, 4, prefix="客服", position=mine), 1)
    finding = _finding(leave(world.lisi, DAY, actor=hr), "conditions")
    assert finding.verdict == "unknown"
    assert not any("平均 1.00" in f.text for f in finding.facts)


def test_a_reason_without_records_says_so(world, hr):
    finding = _finding(leave(world.lisi, DAY, actor=hr), "family")
    assert finding.verdict == "unknown" and "没有可核对的记录" in finding.facts[0].text


def test_the_departure_page_shows_the_evidence_side_by_side_and_hr_verifies(client, world, hr, sales_reps):
    from django.utils import timezone

    from farewell.exits import services

    make_wages(world.lisi, dt.date(2025, 7, 1), [13500] * 12)
    departure = leave(world.lisi, DAY, actor=hr)
    interview = services.start_interview(departure, acting_user=hr, held_at=timezone.now())
    services.update_interview(interview, acting_user=hr, fields={}, reasons=[
        {"reason": ExitReason.objects.get(code="pay_below_market"), "primary": True, "note": "工资太低"}])
    services.sign_interview(interview, acting_user=hr)
    client.force_login(hr)
    page = client.get(f"/exits/departures/{departure.code}/").content.decode()
    assert 'data-reason="pay_below_market" data-verdict="contradicts"' in page
    assert "高于其中" in page and "工资太低" in page
    other = ExitReason.objects.get(code="another_offer")
    # a verified reason different from the stated one needs the reason for the difference
    client.post(f"/exits/departures/{departure.code}/verify/", {"reason": other.pk, "note": ""})
    departure.refresh_from_db()
    assert departure.verified_reason is None
    client.post(f"/exits/departures/{departure.code}/verify/",
                {"reason": other.pk, "note": "工资在薪档上三分之一；面谈中提到已拿到竞争对手的录用"})
    departure.refresh_from_db()
    assert departure.verified_reason == other and departure.verified_by == hr
    # feedback to the direct manager is a recorded step
    client.post(f"/exits/departures/{departure.code}/manager-feedback/", {"day": "2026-07-02", "note": "已反馈"})
    departure.refresh_from_db()
    assert departure.manager_feedback_on == dt.date(2026, 7, 2)


def test_manager_changes_from_an_import_count_too(world, hr):
    from farewell.ledger.services import record

    for before, after in ((world.boss.pk, 999), (999, world.boss.pk)):
        record("org.employee", world.lisi.pk, {"row": 2, "before": {"manager_id": before}, "after": {"manager_id": after}},
               actor=hr, event="corrected")
    record("org.employee", world.lisi.pk, {"row": 3, "before": {"phone": "1"}, "after": {"phone": "2"}},
           actor=hr, event="corrected")
    finding = _finding(leave(world.lisi, timezone.localdate() + dt.timedelta(days=20), actor=hr), "manager")
    assert any("变动 2 次" in f.text for f in finding.supporting)
    # changes recorded after the departure do not count
    assert not any("变动 2 次" in f.text for f in _finding(leave(world.lisi, DAY, actor=hr), "manager").facts)
