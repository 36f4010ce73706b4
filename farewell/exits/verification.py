"""Stated versus verified: for each reason the leaver gave, what the records say for or against it.

One rule per kind of evidence (models.Evidence); each returns facts, every fact with its stance
(supports / contradicts / context) and, when it comes from one record, the link to that record's
row on the employee page. Figures about other people are aggregates of at least MIN_GROUP people
(k-anonymity): a smaller group is reported as too small, never shown.

The window is the 12 months before the departure (24 for training and manager changes). Each rule
runs a few aggregate queries, whatever the size of the company.
"""

from __future__ import annotations

import datetime as dt
import json
from collections import Counter
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Avg, Count, Q, Sum
from django.urls import reverse
from django.utils.translation import gettext as _

from farewell.insights.present import record_url
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Employee, WageMonth
from farewell.records import periods
from farewell.records.models import (
    Commitment,
    CommitmentParty,
    Feedback360,
    MetricValue,
    PerformanceReview,
    RaterRelation,
    SurveyResponse,
    TrainingRecord,
    TrainingStatus,
)

from .models import Departure, Evidence, ExitReason

MIN_GROUP = 5  # k: no figure about fewer other people than this
SUPPORTS, CONTRADICTS, CONTEXT = "supports", "contradicts", "context"
PAY_GAP = Decimal("0.05")  # 5% from the peers' median counts as a difference
SCORE_GAP_360 = Decimal("0.3")  # on the 1–5 scale
SURVEY_GAP = Decimal("0.5")  # on the 0–10 scale
OVERTIME_GAP = Decimal("1.2")  # 20% above the unit's average


@dataclass
class Fact:
    text: str
    stance: str = CONTEXT
    url: str = ""


@dataclass
class Finding:
    reason: ExitReason
    evidence: str
    facts: list[Fact] = field(default_factory=list)
    stated_note: str = ""

    @property
    def verdict(self) -> str:
        """supports / contradicts / mixed / unknown, by counting the facts that take a side."""
        stances = Counter(f.stance for f in self.facts)
        if stances[SUPPORTS] and not stances[CONTRADICTS]:
            return SUPPORTS
        if stances[CONTRADICTS] and not stances[SUPPORTS]:
            return CONTRADICTS
        return "mixed" if stances[SUPPORTS] else "unknown"

    @property
    def supporting(self) -> list[Fact]:
        return [f for f in self.facts if f.stance == SUPPORTS]

    @property
    def contradicting(self) -> list[Fact]:
        return [f for f in self.facts if f.stance == CONTRADICTS]

    @property
    def context(self) -> list[Fact]:
        return [f for f in self.facts if f.stance == CONTEXT]


def _employee_url(employee: Employee, anchor: str = "") -> str:
    return reverse("org:employee_detail", args=[employee.code]) + (f"#{anchor}" if anchor else "")


def _money(value: Decimal) -> str:
    return f"{value.quantize(Decimal('1')):,}"


def _num(value: Decimal) -> str:
    """A plain number: 240, 7.5 (never 2.4E+2)."""
    return format(Decimal(value).normalize(), "f")


def _median(values: list[Decimal]) -> Decimal:
    ordered = sorted(values)
    mid = len(ordered) // 2
    return ordered[mid] if len(ordered) % 2 else (ordered[mid - 1] + ordered[mid]) / 2


def _window(departure: Departure, months: int = 12) -> tuple[dt.date, dt.date]:
    end = departure.separation_date
    return end - relativedelta(months=months), end


# --- pay -------------------------------------------------------------------------------------


def pay(departure: Departure) -> list[Fact]:
    """The leaver's average monthly wage against the position's band and against peers in the same position."""
    employee = departure.employee
    # The 12 calendar months before the month of separation (as the compensation rules count them).
    end = departure.separation_date.replace(day=1)
    months = WageMonth.objects.filter(month__gte=end - relativedelta(months=12), month__lt=end)
    own = months.filter(employee=employee).aggregate(avg=Avg("total"), n=Count("id"))
    if not own["n"]:
        return [Fact(_("离职前12个月没有工资记录"), CONTEXT, _employee_url(employee, "wages-title"))]
    average = Decimal(own["avg"]).quantize(Decimal("0.01"))
    facts = [Fact(_("离职前12个月平均月工资 %(avg)s 元（%(n)s 个月）") % {"avg": _money(average), "n": own["n"]},
                  CONTEXT, _employee_url(employee, "wages-title"))]
    position = departure.position
    if position is not None and position.wage_min is not None and position.wage_max is not None:
        low, high = position.wage_min, position.wage_max
        band = _("岗位“%(p)s”薪档 %(low)s–%(high)s 元") % {"p": position.name, "low": _money(low),
                                                         "high": _money(high)}
        span = high - low
        if average < low:
            facts.append(Fact(_("%(band)s：低于薪档下限") % {"band": band}, SUPPORTS))
        elif average > high:
            facts.append(Fact(_("%(band)s：高于薪档上限") % {"band": band}, CONTRADICTS))
        elif span > 0:
            share = (average - low) / span
            third = _("下三分之一") if share < Decimal("0.3333") else (
                _("中间") if share < Decimal("0.6667") else _("上三分之一"))
            stance = SUPPORTS if share < Decimal("0.3333") else (CONTRADICTS if share >= Decimal("0.6667") else CONTEXT)
            facts.append(Fact(_("%(band)s：位于薪档%(third)s（%(pct)s%%）") % {
                "band": band, "third": third, "pct": int(share * 100)}, stance))
    elif position is not None:
        facts.append(Fact(_("岗位“%(p)s”没有设置薪档") % {"p": position.name}, CONTEXT))
    if position is not None:
        peers = list(months.filter(employee__position=position, employee__company_id=departure.company_id)
                     .exclude(employee=employee).values("employee").annotate(avg=Avg("total"))
                     .values_list("avg", flat=True))
        if len(peers) < MIN_GROUP:
            facts.append(Fact(_("同岗位同事不足%(k)s人，不做比较") % {"k": MIN_GROUP}, CONTEXT))
        else:
            median = _median([Decimal(p) for p in peers])
            below = sum(1 for p in peers if Decimal(p) < average)
            text = _("同岗位 %(n)s 名同事月工资中位数 %(median)s 元，本人高于其中 %(below)s 人") % {
                "n": len(peers), "median": _money(median), "below": below}
            if average < median * (1 - PAY_GAP):
                facts.append(Fact(text, SUPPORTS))
            elif average > median * (1 + PAY_GAP):
                facts.append(Fact(text, CONTRADICTS))
            else:
                facts.append(Fact(text, CONTEXT))
    return facts


# --- training --------------------------------------------------------------------------------


def training(departure: Departure) -> list[Fact]:
    """Training given, declined and promised in the 24 months before, against the unit's colleagues."""
    employee = departure.employee
    start, end = _window(departure, 24)
    records = list(TrainingRecord.objects.filter(employee=employee, course_date__gte=start, course_date__lte=end)
                   .order_by("course_date"))
    facts: list[Fact] = []
    attended = [r for r in records if r.status == TrainingStatus.ATTENDED]
    declined = [r for r in records if r.status in (TrainingStatus.DECLINED, TrainingStatus.ABSENT)]
    if not attended:
        facts.append(Fact(_("离职前24个月没有参加过培训"), SUPPORTS))
    for r in attended:
        facts.append(Fact(_("参加培训 %(date)s %(course)s") % {"date": r.course_date, "course": r.course},
                          CONTRADICTS, record_url(employee, r)))
    for r in declined:
        facts.append(Fact(_("%(date)s %(course)s：%(status)s（培训已提供）") % {
            "date": r.course_date, "course": r.course, "status": r.get_status_display()},
            CONTRADICTS, record_url(employee, r)))
    promises = Commitment.objects.filter(employee=employee, party=CommitmentParty.COMPANY).filter(
        Q(topic__contains="培训") | Q(topic__contains="学习") | Q(content__contains="培训"))
    for promise in promises:
        given_after = [r for r in attended if r.course_date >= promise.said_on]
        facts.append(Fact(
            (_("公司曾承诺：%(topic)s（%(date)s），此后参加培训 %(n)s 次") if given_after else
             _("公司曾承诺：%(topic)s（%(date)s），此后没有参加过培训")) % {
                "topic": promise.topic, "date": promise.said_on, "n": len(given_after)},
            CONTEXT if given_after else SUPPORTS, record_url(employee, promise)))
    colleagues = (TrainingRecord.objects.filter(employee__org_unit_id=departure.org_unit_id, course_date__gte=start,
                                                course_date__lte=end, status=TrainingStatus.ATTENDED)
                  .exclude(employee=employee).aggregate(people=Count("employee", distinct=True), n=Count("id")))
    unit_size = Employee.objects.filter(org_unit_id=departure.org_unit_id, hire_date__lte=start).exclude(
        pk=employee.pk).count()
    if unit_size >= MIN_GROUP:
        per_person = Decimal(colleagues["n"]) / unit_size
        text = _("同部门 %(size)s 名同事期间人均参加培训 %(avg)s 次，本人 %(own)s 次") % {
            "size": unit_size, "avg": per_person.quantize(Decimal("0.1")), "own": len(attended)}
        if len(attended) + 1 <= per_person:
            facts.append(Fact(text, SUPPORTS))
        elif len(attended) >= per_person:
            facts.append(Fact(text, CONTRADICTS))
        else:
            facts.append(Fact(text, CONTEXT))
    return facts


# --- appraisal -------------------------------------------------------------------------------


def appraisal(departure: Departure) -> list[Fact]:
    """The review trend and where the last review sits in the unit's distribution."""
    employee = departure.employee
    reviews = list(PerformanceReview.objects.filter(employee=employee, period_start__lte=departure.separation_date)
                   .order_by("-period_start")[:8])
    if not reviews:
        return [Fact(_("没有绩效考核记录"), CONTEXT)]
    kind = Counter(r.period_kind for r in reviews).most_common(1)[0][0]
    trend = [r for r in reviews if r.period_kind == kind][:4]
    trend.reverse()
    facts = [Fact(_("绩效 %(period)s：%(score)s %(rating)s") % {
        "period": periods.label(r.period_kind, r.period_start), "score": r.score if r.score is not None else "—",
        "rating": r.rating or ""}, CONTEXT, record_url(employee, r)) for r in trend]
    scored = [r for r in trend if r.score is not None]
    last = trend[-1]
    if len(scored) >= 2:
        first, final = scored[0].score, scored[-1].score
        if final < first:
            facts.append(Fact(_("绩效呈下降趋势：%(a)s → %(b)s") % {"a": first, "b": final}, SUPPORTS,
                              record_url(employee, scored[-1])))
        elif final > first:
            facts.append(Fact(_("绩效呈上升趋势：%(a)s → %(b)s") % {"a": first, "b": final}, CONTRADICTS,
                              record_url(employee, scored[-1])))
    unit = PerformanceReview.objects.filter(
        employee__org_unit_id=departure.org_unit_id, period_kind=last.period_kind, period_start=last.period_start)
    distribution = dict(unit.exclude(rating="").values_list("rating").annotate(n=Count("id")).values_list("rating", "n"))
    stats = unit.aggregate(avg=Avg("score"), n=Count("id"))
    if stats["n"] < MIN_GROUP:
        facts.append(Fact(_("同部门同期考核不足%(k)s人，不做比较") % {"k": MIN_GROUP}, CONTEXT))
    else:
        shown = "、".join(f"{rating} {n}" for rating, n in sorted(distribution.items()))
        text = _("同部门 %(period)s 共 %(n)s 人考核，平均 %(avg)s 分；等级分布：%(dist)s") % {
            "period": periods.label(last.period_kind, last.period_start), "n": stats["n"],
            "avg": Decimal(stats["avg"] or 0).quantize(Decimal("0.1")), "dist": shown or "—"}
        if last.score is not None and stats["avg"] is not None:
            gap = Decimal(last.score) - Decimal(stats["avg"])
            # An appraisal felt unfair: a score well below the unit's supports it, at or above contradicts.
            facts.append(Fact(text, SUPPORTS if gap <= -5 else (CONTRADICTS if gap >= 0 else CONTEXT)))
        else:
            facts.append(Fact(text, CONTEXT))
    return facts


# --- manager ---------------------------------------------------------------------------------


def _manager_changes(employee: Employee, start: dt.date, end: dt.date) -> list[LedgerEntry]:
    """Changes of direct manager since `start`, from the ledger: a page's edit (event employee_updated,
    the employee's code) or an import's correction (fact_changed/corrected, the row's id, before/after)."""
    entries = LedgerEntry.objects.filter(
        Q(object_id=str(employee.code), event="employee_updated")
        | Q(object_id=str(employee.pk), event__in=("fact_changed", "corrected")),
        object_type="org.employee", timestamp__gte=start.isoformat(),
        timestamp__lt=(end + dt.timedelta(days=1)).isoformat()).order_by("seq")
    changes = []
    for entry in entries:
        payload = json.loads(entry.payload)
        if entry.event == "employee_updated":
            if "manager" in payload.get("changed", []):
                changes.append(entry)
            continue
        before, after = payload.get("before") or {}, payload.get("after") or {}
        if any(key in before and before.get(key) != after.get(key) for key in ("manager", "manager_id")):
            changes.append(entry)
    return changes


def manager(departure: Departure) -> list[Fact]:
    """Manager changes, the 360 scores the manager's team gave, and the unit's survey scores."""
    employee = departure.employee
    start, end = _window(departure)
    facts: list[Fact] = []
    changes = _manager_changes(employee, end - relativedelta(months=24), end)
    if len(changes) >= 2:
        facts.append(Fact(_("离职前24个月直接上级变动 %(n)s 次") % {"n": len(changes)}, SUPPORTS,
                          _employee_url(employee, "job-title")))
    else:
        facts.append(Fact(_("离职前24个月直接上级变动 %(n)s 次") % {"n": len(changes)}, CONTEXT,
                          _employee_url(employee, "job-title")))
    boss = employee.manager
    if boss is None:
        facts.append(Fact(_("没有记录直接上级"), CONTEXT))
    else:
        from_team = Feedback360.objects.filter(
            rater_relation=RaterRelation.SUBORDINATE, period_start__gte=start, period_start__lte=end)
        own = from_team.filter(employee=boss).aggregate(avg=Avg("score"), raters=Count("rater_key", distinct=True),
                                                       n=Count("id"))
        company = from_team.filter(employee__company_id=departure.company_id).aggregate(avg=Avg("score"))
        if own["n"] == 0:
            facts.append(Fact(_("没有下属对上级 %(name)s 的360评估") % {"name": boss.name}, CONTEXT))
        elif own["raters"] < MIN_GROUP:
            facts.append(Fact(_("对上级 %(name)s 的下属评价不足%(k)s人，不做汇总") % {"name": boss.name, "k": MIN_GROUP},
                              CONTEXT))
        else:
            avg, base = Decimal(own["avg"]), Decimal(company["avg"])
            text = _("下属对上级 %(name)s 的360评估平均 %(avg)s（%(raters)s 人），公司平均 %(base)s") % {
                "name": boss.name, "avg": avg.quantize(Decimal("0.01")), "raters": own["raters"],
                "base": base.quantize(Decimal("0.01"))}
            stance = SUPPORTS if avg <= base - SCORE_GAP_360 else (CONTRADICTS if avg >= base else CONTEXT)
            facts.append(Fact(text, stance, _employee_url(boss, "chart-360")))
    facts.extend(_unit_survey(departure, start, end))
    return facts


def _unit_survey(departure: Departure, start: dt.date, end: dt.date) -> list[Fact]:
    responses = SurveyResponse.objects.filter(period_start__gte=start, period_start__lte=end,
                                              employee__company_id=departure.company_id)
    unit = responses.filter(employee__org_unit_id=departure.org_unit_id).exclude(employee=departure.employee
                                                                                 ).aggregate(
        avg=Avg("score"), people=Count("employee", distinct=True))
    company = responses.aggregate(avg=Avg("score"))
    if unit["people"] < MIN_GROUP:
        return [Fact(_("同部门填写调查的同事不足%(k)s人，不做汇总") % {"k": MIN_GROUP}, CONTEXT)]
    avg, base = Decimal(unit["avg"]), Decimal(company["avg"])
    text = _("同部门 %(n)s 名同事调查平均 %(avg)s 分，公司平均 %(base)s 分") % {
        "n": unit["people"], "avg": avg.quantize(Decimal("0.01")), "base": base.quantize(Decimal("0.01"))}
    return [Fact(text, SUPPORTS if avg <= base - SURVEY_GAP else (CONTRADICTS if avg >= base else CONTEXT))]


# --- workload --------------------------------------------------------------------------------


def workload(departure: Departure) -> list[Fact]:
    """Overtime: the last 6 months against the 6 before and against the unit; attendance alongside."""
    employee = departure.employee
    end = departure.separation_date
    recent_start, earlier_start = end - relativedelta(months=6), end - relativedelta(months=12)
    monthly = MetricValue.objects.filter(metric__code="overtime_hours", period_kind=periods.MONTH)
    own = monthly.filter(employee=employee).aggregate(
        recent=Sum("value", filter=Q(period_start__gt=recent_start, period_start__lte=end)),
        earlier=Sum("value", filter=Q(period_start__gt=earlier_start, period_start__lte=recent_start)),
        n=Count("id", filter=Q(period_start__gt=earlier_start, period_start__lte=end)))
    facts: list[Fact] = []
    if not own["n"]:
        facts.append(Fact(_("离职前12个月没有加班记录"), CONTEXT))
    else:
        recent, earlier = own["recent"] or Decimal(0), own["earlier"] or Decimal(0)
        last = monthly.filter(employee=employee, period_start__lte=end).order_by("-period_start").first()
        text = _("加班：最近6个月共 %(recent)s 小时，此前6个月 %(earlier)s 小时") % {
            "recent": _num(recent), "earlier": _num(earlier)}
        stance = SUPPORTS if recent > earlier * OVERTIME_GAP and recent > 0 else (
            CONTRADICTS if recent < earlier else CONTEXT)
        facts.append(Fact(text, stance, record_url(employee, last) if last else ""))
        unit = monthly.filter(employee__org_unit_id=departure.org_unit_id, period_start__gt=recent_start,
                              period_start__lte=end).exclude(employee=employee).aggregate(
            total=Sum("value"), people=Count("employee", distinct=True))
        if unit["people"] < MIN_GROUP:
            facts.append(Fact(_("同部门有加班记录的同事不足%(k)s人，不做比较") % {"k": MIN_GROUP}, CONTEXT))
        else:
            per_person = Decimal(unit["total"] or 0) / unit["people"]
            text = _("同部门 %(n)s 名同事最近6个月人均加班 %(avg)s 小时") % {
                "n": unit["people"], "avg": per_person.quantize(Decimal("0.1"))}
            stance = SUPPORTS if recent > per_person * OVERTIME_GAP else (
                CONTRADICTS if recent <= per_person else CONTEXT)
            facts.append(Fact(text, stance))
    attendance = (MetricValue.objects.filter(employee=employee, metric__category="attendance",
                                             period_start__gt=earlier_start, period_start__lte=end)
                  .exclude(metric__code="overtime_hours").values("metric__name").annotate(total=Sum("value"))
                  .order_by("metric__name"))
    for row in attendance:
        facts.append(Fact(_("离职前12个月%(metric)s合计 %(total)s") % {
            "metric": row["metric__name"], "total": _num(row["total"])}, CONTEXT,
            _employee_url(employee, "chart-attendance")))
    return facts


# --- working conditions ----------------------------------------------------------------------


def conditions(departure: Departure) -> list[Fact]:
    """What colleagues in the same position said in surveys, by dimension, against the company."""
    if departure.position is None:
        return [Fact(_("没有记录岗位，无法汇总同岗位同事的意见"), CONTEXT)]
    start, end = _window(departure)
    responses = SurveyResponse.objects.filter(period_start__gte=start, period_start__lte=end,
                                              employee__company_id=departure.company_id)
    same = (responses.filter(employee__position=departure.position).exclude(employee=departure.employee)
            .values("dimension").annotate(avg=Avg("score"), people=Count("employee", distinct=True))
            .order_by("dimension"))
    company = dict(responses.values("dimension").annotate(avg=Avg("score")).values_list("dimension", "avg"))
    facts: list[Fact] = []
    small = 0
    for row in same:
        if row["people"] < MIN_GROUP:
            small += 1
            continue
        avg, base = Decimal(row["avg"]), Decimal(company.get(row["dimension"]) or 0)
        text = _("同岗位 %(n)s 名同事“%(dim)s”平均 %(avg)s 分，公司平均 %(base)s 分") % {
            "n": row["people"], "dim": row["dimension"] or _("总体"), "avg": avg.quantize(Decimal("0.01")),
            "base": base.quantize(Decimal("0.01"))}
        facts.append(Fact(text, SUPPORTS if avg <= base - SURVEY_GAP else (CONTRADICTS if avg >= base else CONTEXT)))
    if small or not facts:
        facts.append(Fact(_("同岗位填写调查的同事不足%(k)s人的维度不做汇总") % {"k": MIN_GROUP}, CONTEXT))
    return facts


RULES = {
    Evidence.PAY: pay, Evidence.TRAINING: training, Evidence.APPRAISAL: appraisal, Evidence.MANAGER: manager,
    Evidence.WORKLOAD: workload, Evidence.CONDITIONS: conditions,
}


def check(departure: Departure, reason: ExitReason) -> Finding:
    """The facts for and against one reason (its own rule, else its primary reason's)."""
    evidence = reason.evidence if reason.evidence != Evidence.NONE or not reason.parent_id else reason.parent.evidence
    rule = RULES.get(evidence)
    if rule is None:
        return Finding(reason, evidence, [Fact(_("这一原因没有可核对的记录，以面谈和问卷为准"), CONTEXT)])
    return Finding(reason, evidence, rule(departure))


def stated_vs_verified(departure: Departure, stated: list) -> list[Finding]:
    """One finding per stated reason (StatedReason rows or ExitReason objects), in order."""
    findings = []
    for item in stated:
        reason = getattr(item, "reason", item)
        finding = check(departure, reason)
        finding.stated_note = getattr(item, "note", "")
        findings.append(finding)
    return findings
