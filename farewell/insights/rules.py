"""The flag rules, each set-based: a few aggregate queries over all of a company's employees,
then one pass over the compact rows they return — never a query per employee.

A rule returns Hits: the employee, the numbers it compared (`facts`, shown as they are) and
the records that raised it (`evidence`, stored as FlagEvidence). Thresholds come from the
FlagRule row HR admins edit.

The department of an employee is their own org unit (the people placed directly in it, the
team they are measured with; the demo splits large units into groups of at most 80). Its
average includes the person: typical HR practice compares a score with the average of the
whole team, and leaving the person out would make a two-person team's two members each
"below the other". Members who have since left still count for the periods they were rated
in; only current employees (probation, active, separating) are flagged.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection
from django.db.models import Avg, Case, Count, DecimalField, Max, Sum, Value, When
from django.utils.translation import gettext_lazy as _

from farewell.org.models import Company, Employee, EmployeeStatus
from farewell.records import periods
from farewell.records.models import (
    Commitment,
    CommitmentStage,
    Contribution,
    Feedback360,
    Metric,
    MetricCategory,
    MetricDirection,
    MetricValue,
    PerformanceReview,
    RaterRelation,
    SurveyResponse,
    TrainingRecord,
    TrainingStatus,
    ValuesAssessment,
)

from .models import FlagRule, RuleCode

CURRENT = (EmployeeStatus.PROBATION, EmployeeStatus.ACTIVE, EmployeeStatus.SEPARATING)
CENT = Decimal("0.01")
# Employees per `employee_id IN (...)` when fetching the evidence of the employees a rule hit.
IN_CHUNK = 5000

# What each rule means, in the UI's language (the FlagRule row holds only its numbers).
RULE_HELP = {
    RuleCode.PERFORMANCE_BELOW_AVERAGE: _(
        "最近「期数」个考核周期的绩效分数都低于本部门同期平均分，且低出「阈值」分以上（部门平均含本人）。"
    ),
    RuleCode.FEEDBACK360_BOTTOM: _(
        "最近一期360评估（「观察月数」内）该维度的他评平均分为本部门最低，且低于部门平均「阈值」分以上；部门内至少「期数」人有评分。"
    ),
    RuleCode.VALUES_LOW: _("「观察月数」内价值观评估该维度得分不高于「阈值」（1–5分）的次数达到「期数」，附行为事例。"),
    RuleCode.SURVEY_LOW: _(
        "最近「期数」个月调查中该维度得分（0–10分）每月都不高于「阈值」：可能存在团队冲突，建议了解情况。"
    ),
    RuleCode.ATTENDANCE_RISING: _(
        "最近「观察月数」个月考勤异常（迟到、早退、旷工）合计不少于「期数」次，且不少于此前同样长度期间的「阈值」倍："
        "可能有个人或家庭压力，建议关怀而非处分。"
    ),
    RuleCode.TRAINING_DECLINED: _(
        "「观察月数」内拒绝受邀培训不少于「期数」次，且最近一期绩效比上一期低「阈值」分以上：改进意愿可能不足。"
    ),
    RuleCode.KEY_CONTRIBUTOR: _("司龄不少于「期数」年，且登记的关键贡献不少于「阈值」项：关键贡献者，宜以认可对待。"),
    RuleCode.PROBATION_UNMET: _(
        "试用期员工有书面试用期考核标准（试用期承诺），且入职以来KPI完成率低于「阈值」%的考核不少于「期数」次。"
    ),
}


@dataclass
class Hit:
    employee_id: int
    facts: dict
    evidence: list[tuple[type, int]] = field(default_factory=list)


def _d(value) -> Decimal | None:
    """A database number (Decimal, or float from SQLite's AVG) as a Decimal to the cent."""
    if value is None:
        return None
    return Decimal(str(value)).quantize(CENT)


def _s(value) -> str | None:
    return None if value is None else str(_d(value))


def _current(model, company: Company):
    return model.objects.filter(employee__company_id=company.pk, employee__status__in=CURRENT)


def _chunks(ids: Iterable[int]) -> Iterator[list[int]]:
    ids = sorted(ids)
    for start in range(0, len(ids), IN_CHUNK):
        yield ids[start:start + IN_CHUNK]


def _month_start(day: dt.date, months_back: int = 0) -> dt.date:
    return day.replace(day=1) - relativedelta(months=months_back)


def unit_review_averages(unit_ids: Iterable[int] | None, company_id: int, period_kind: str,
                         period_starts: Iterable[dt.date] | None = None) -> dict[tuple[int, dt.date], dict]:
    """{(unit id, period start): {"score", "kpi", "count"}}: one GROUP BY over the units' members.

    The one definition of "department average" used by the rules and the profile (person included).
    """
    reviews = PerformanceReview.objects.filter(employee__company_id=company_id, period_kind=period_kind)
    if unit_ids is not None:
        # A subquery of the units' members, so the planner walks the reviews' natural key
        # (employee, period_kind, period_start) for those few people instead of the period index
        # over the whole company.
        members = Employee.objects.filter(company_id=company_id, org_unit_id__in=list(unit_ids)).values("pk")
        reviews = reviews.filter(employee_id__in=members)
    if period_starts is not None:
        reviews = reviews.filter(period_start__in=list(period_starts))
    rows = (
        reviews.values_list("employee__org_unit_id", "period_start")
        .annotate(avg_score=Avg("score"), avg_kpi=Avg("kpi_completion"), n=Count("score"))
        .order_by()
    )
    return {(unit, start): {"score": _d(score), "kpi": _d(kpi), "count": n} for unit, start, score, kpi, n in rows}


def _latest_periods(queryset, n: int) -> list[dt.date]:
    return list(
        queryset.values_list("period_start", flat=True).distinct().order_by("-period_start")[:n]
    )


def _latest_review_periods(company: Company, kind: str, n: int) -> list[dt.date]:
    """The company's latest `n` periods of `kind` with a scored review, newest first.

    A loose index scan written out: review_period_idx (period_kind, period_start) gives the next
    earlier period of anyone's reviews, then an EXISTS asks whether the company has a scored review
    in it (the planner walks that period's rows, or the company's few employees through the natural
    key). A DISTINCT over the company's reviews read all of them: 4–5 s of the recompute on the
    100,000-employee demo (issue 14), twice; this is a few milliseconds a period.
    """
    anyone = PerformanceReview.objects.filter(period_kind=kind).order_by("-period_start")
    own = PerformanceReview.objects.filter(employee__company_id=company.pk, period_kind=kind, score__isnull=False)
    starts: list[dt.date] = []
    before = None
    while len(starts) < n:
        earlier = anyone.filter(period_start__lt=before) if before is not None else anyone
        before = earlier.values_list("period_start", flat=True).first()
        if before is None:
            break
        if own.filter(period_start=before).exists():
            starts.append(before)
    return starts


# ---------------------------------------------------------------------------------------------


# The reviews of the current employees all of whose last periods' scores are below their unit's average
# by about the margin or more: the database sends only those (the rule checks each one exactly, in
# Decimals, below), not every current employee's reviews (250,000 rows on the 100,000-employee demo,
# ~5 s of the recompute). `slack` is the margin less a cent: the stored average is rounded to the cent
# before the comparison, so this keeps every review the exact test may keep.
_BELOW_AVERAGE = """
WITH unit_average AS (
    SELECT e.org_unit_id AS unit_id, r.period_start AS period_start, AVG(r.score) AS score, COUNT(r.score) AS n
    FROM {reviews} r JOIN {employees} e ON e.id = r.employee_id
    WHERE e.company_id = %s AND r.period_kind = %s AND r.period_start IN ({starts})
    GROUP BY e.org_unit_id, r.period_start
), scored AS (
    SELECT r.id, r.employee_id, r.period_start, r.score, a.score AS average, a.n,
           SUM(CASE WHEN r.score < a.score - %s THEN 1 ELSE 0 END) OVER (PARTITION BY r.employee_id) AS low
    FROM {reviews} r JOIN {employees} e ON e.id = r.employee_id
         JOIN unit_average a ON a.unit_id = e.org_unit_id AND a.period_start = r.period_start
    WHERE e.company_id = %s AND e.status IN ({current}) AND r.period_kind = %s
          AND r.period_start IN ({starts}) AND r.score IS NOT NULL
)
SELECT id, employee_id, period_start, score, average, n FROM scored WHERE low = %s"""


def performance_below_average(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    kind, n, margin = rule.period_kind, rule.count, rule.threshold
    starts = _latest_review_periods(company, kind, n)
    if len(starts) < n:
        return []
    marks = ", ".join(["%s"] * len(starts))
    sql = _BELOW_AVERAGE.format(reviews=PerformanceReview._meta.db_table, employees=Employee._meta.db_table,
                                starts=marks, current=", ".join(["%s"] * len(CURRENT)))
    params = [company.pk, kind, *starts, float(margin - CENT), company.pk, *CURRENT, kind, *starts, n]
    by_employee: dict[int, list] = defaultdict(list)
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        for pk, employee_id, start, score, average, count in cursor.fetchall():
            # SQLite returns the date as text and the numbers as floats; PostgreSQL as date and Decimal.
            start = start if isinstance(start, dt.date) else dt.date.fromisoformat(start)
            by_employee[employee_id].append((start, pk, _d(score), _d(average), count))
    hits = []
    for employee_id, reviews in by_employee.items():
        points = []
        for start, pk, score, average, count in sorted(reviews):
            if not score < average - margin:
                break
            points.append({"pk": pk, "label": periods.label(kind, start), "value": str(score),
                           "reference": str(average), "count": count})
        else:
            hits.append(Hit(employee_id, {"points": points, "margin": str(margin)},
                            [(PerformanceReview, p["pk"]) for p in points]))
    return hits


def feedback360_bottom(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    window = Feedback360.objects.filter(
        employee__company_id=company.pk, period_start__gte=_month_start(today, rule.window_months)
    ).exclude(rater_relation=RaterRelation.SELF)
    if rule.dimension:
        window = window.filter(dimension=rule.dimension)
    # The latest period and its kind (a quarter is written "2026-Q3", not as its first month).
    latest, latest_kind = window.order_by("-period_start", "period_kind").values_list(
        "period_start", "period_kind").first() or (None, None)
    if latest is None:
        return []
    rated = (
        window.filter(period_start=latest)
        .values_list("employee_id", "employee__org_unit_id", "employee__status", "dimension")
        .annotate(score=Avg("score"))
        .order_by()
    )
    groups: dict[tuple[int, str], list] = defaultdict(list)
    for employee_id, unit_id, status, dimension, score in rated:
        groups[(unit_id, dimension)].append((_d(score), employee_id, status))
    bottom: dict[int, list[dict]] = defaultdict(list)
    for (_unit, dimension), members in groups.items():
        if len(members) < rule.count:
            continue
        scores = [m[0] for m in members]
        low, high = min(scores), max(scores)
        if low == high:
            continue
        average = (sum(scores) / len(scores)).quantize(CENT)
        for score, employee_id, status in members:
            if score == low and status in CURRENT and average - score >= rule.threshold:
                bottom[employee_id].append({"dimension": dimension, "value": str(score), "reference": str(average),
                                            "highest": str(high), "count": len(members)})
    hits = {employee_id: Hit(employee_id, {"period": latest.isoformat(), "period_label": periods.label(latest_kind, latest),
                                           "points": points})
            for employee_id, points in bottom.items()}
    for chunk in _chunks(hits):
        evidence = window.filter(period_start=latest, employee_id__in=chunk).values_list("pk", "employee_id", "dimension")
        for pk, employee_id, dimension in evidence:
            if any(p["dimension"] == dimension for p in bottom[employee_id]):
                hits[employee_id].evidence.append((Feedback360, pk))
    return list(hits.values())


def values_low(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    rows = _current(ValuesAssessment, company).filter(
        period_start__gte=_month_start(today, rule.window_months), score__lte=rule.threshold
    )
    if rule.dimension:
        rows = rows.filter(dimension=rule.dimension)
    by_employee: dict[int, list] = defaultdict(list)
    for pk, employee_id, dimension, kind, start, score, examples in rows.values_list(
        "pk", "employee_id", "dimension", "period_kind", "period_start", "score", "examples"
    ).order_by("employee_id", "period_start"):
        by_employee[employee_id].append({"pk": pk, "dimension": dimension, "label": periods.label(kind, start),
                                         "value": score, "examples": examples[:300]})
    return [
        Hit(employee_id, {"points": points}, [(ValuesAssessment, p["pk"]) for p in points])
        for employee_id, points in by_employee.items()
        if len(points) >= rule.count
    ]


def survey_low(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    monthly = SurveyResponse.objects.filter(employee__company_id=company.pk, period_kind=periods.MONTH)
    if rule.dimension:
        monthly = monthly.filter(dimension=rule.dimension)
    months = _latest_periods(monthly, rule.count)
    if len(months) < rule.count:
        return []
    low = _current(SurveyResponse, company).filter(
        period_kind=periods.MONTH, period_start__in=months, score__lte=rule.threshold
    )
    if rule.dimension:
        low = low.filter(dimension=rule.dimension)
    by_key: dict[tuple[int, str], list] = defaultdict(list)
    for pk, employee_id, unit_id, dimension, start, score in low.values_list(
        "pk", "employee_id", "employee__org_unit_id", "dimension", "period_start", "score"
    ).order_by("employee_id", "period_start"):
        by_key[(employee_id, dimension)].append((start, pk, unit_id, _d(score)))
    hits: dict[int, Hit] = {}
    unit_of: dict[int, int] = {}
    for (employee_id, dimension), answers in by_key.items():
        if len({a[0] for a in answers}) < rule.count:
            continue
        hit = hits.setdefault(employee_id, Hit(employee_id, {"points": [], "threshold": str(rule.threshold)}))
        unit_of[employee_id] = answers[0][2]
        for start, pk, _unit, score in answers:
            hit.facts["points"].append({"pk": pk, "dimension": dimension, "label": periods.label(periods.MONTH, start),
                                        "value": str(score)})
            hit.evidence.append((SurveyResponse, pk))
    # A team conflict shows as several people of one unit answering low together.
    per_unit = defaultdict(int)
    for unit_id in unit_of.values():
        per_unit[unit_id] += 1
    for employee_id, hit in hits.items():
        hit.facts["same_unit"] = per_unit[unit_of[employee_id]]
    return list(hits.values())


def attendance_metric_ids() -> list[int]:
    """Anomalies: attendance metrics where less is better (late, early leave, absence)."""
    return list(Metric.objects.filter(
        category=MetricCategory.ATTENDANCE, direction=MetricDirection.LOWER_IS_BETTER
    ).values_list("pk", flat=True))


def attendance_rising(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    metric_ids = attendance_metric_ids()
    monthly = MetricValue.objects.filter(
        employee__company_id=company.pk, metric_id__in=metric_ids, period_kind=periods.MONTH
    )
    latest = monthly.aggregate(latest=Max("period_start"))["latest"]
    if latest is None:
        return []
    w = rule.window_months
    recent_start = latest - relativedelta(months=w - 1)
    previous_start = recent_start - relativedelta(months=w)
    zero = Value(Decimal(0), output_field=DecimalField(max_digits=14, decimal_places=4))
    totals = (
        _current(MetricValue, company)
        .filter(metric_id__in=metric_ids, period_kind=periods.MONTH,
                period_start__gte=previous_start, period_start__lte=latest)
        .values("employee_id")
        .annotate(
            recent=Sum(Case(When(period_start__gte=recent_start, then="value"), default=zero)),
            previous=Sum(Case(When(period_start__lt=recent_start, then="value"), default=zero)),
        )
        .filter(recent__gte=rule.count)
        .order_by()
    )
    hits = {}
    for row in totals:
        recent, previous = _d(row["recent"]), _d(row["previous"])
        if recent > previous and recent >= previous * rule.threshold:
            hits[row["employee_id"]] = Hit(row["employee_id"], {
                "recent": str(recent.normalize()), "previous": str(previous.normalize()), "months": w,
                "recent_from": recent_start.isoformat(), "recent_to": latest.isoformat(),
                "previous_from": previous_start.isoformat(),
            })
    for chunk in _chunks(hits):
        rows = MetricValue.objects.filter(
            employee_id__in=chunk, metric_id__in=metric_ids, period_kind=periods.MONTH,
            period_start__gte=recent_start, period_start__lte=latest, value__gt=0,
        ).values_list("pk", "employee_id")
        for pk, employee_id in rows:
            hits[employee_id].evidence.append((MetricValue, pk))
    return list(hits.values())


def training_declined(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    declined: dict[int, list] = defaultdict(list)
    for pk, employee_id, course, day in _current(TrainingRecord, company).filter(
        status=TrainingStatus.DECLINED, course_date__gte=today - relativedelta(months=rule.window_months),
        course_date__lte=today,
    ).values_list("pk", "employee_id", "course", "course_date").order_by("course_date"):
        declined[employee_id].append({"pk": pk, "course": course, "date": day.isoformat()})
    candidates = [e for e, rows in declined.items() if len(rows) >= rule.count]
    kind = rule.period_kind
    starts = _latest_review_periods(company, kind, 2)
    if len(starts) < 2 or not candidates:
        return []
    reviews: dict[int, dict] = defaultdict(dict)
    for chunk in _chunks(candidates):
        for pk, employee_id, start, score in PerformanceReview.objects.filter(
            employee_id__in=chunk, period_kind=kind, period_start__in=starts, score__isnull=False
        ).values_list("pk", "employee_id", "period_start", "score"):
            reviews[employee_id][start] = (pk, _d(score))
    latest, previous = starts
    hits = []
    for employee_id in candidates:
        pair = reviews.get(employee_id, {})
        if latest not in pair or previous not in pair:
            continue
        (pk_now, now), (pk_before, before) = pair[latest], pair[previous]
        if before - now >= rule.threshold and now < before:
            hits.append(Hit(
                employee_id,
                {"declined": declined[employee_id],
                 "reviews": [{"pk": pk_before, "label": periods.label(kind, previous), "value": str(before)},
                             {"pk": pk_now, "label": periods.label(kind, latest), "value": str(now)}]},
                [(TrainingRecord, d["pk"]) for d in declined[employee_id]]
                + [(PerformanceReview, pk_before), (PerformanceReview, pk_now)],
            ))
    return hits


def key_contributor(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    hired_by = today - relativedelta(years=rule.count)
    counted = (
        _current(Contribution, company).filter(employee__hire_date__lte=hired_by)
        .values("employee_id").annotate(n=Count("pk")).filter(n__gte=rule.threshold).order_by()
    )
    hits = {row["employee_id"]: Hit(row["employee_id"], {"count": row["n"], "kinds": {}}) for row in counted}
    for chunk in _chunks(hits):
        for pk, employee_id, kind, hire in Contribution.objects.filter(employee_id__in=chunk).values_list(
            "pk", "employee_id", "kind", "employee__hire_date"
        ):
            hit = hits[employee_id]
            hit.facts["kinds"][kind] = hit.facts["kinds"].get(kind, 0) + 1
            hit.facts["hire_date"] = hire.isoformat()
            hit.evidence.append((Contribution, pk))
    for hit in hits.values():
        hire = dt.date.fromisoformat(hit.facts["hire_date"])
        hit.facts["years"] = relativedelta(today, hire).years
    return list(hits.values())


def probation_unmet(rule: FlagRule, company: Company, today: dt.date) -> list[Hit]:
    on_probation = Employee.objects.filter(company_id=company.pk, status=EmployeeStatus.PROBATION)
    criteria: dict[int, list] = defaultdict(list)
    for pk, employee_id, topic in Commitment.objects.filter(
        employee__in=on_probation, stage=CommitmentStage.PROBATION
    ).values_list("pk", "employee_id", "topic"):
        criteria[employee_id].append({"pk": pk, "topic": topic})
    below: dict[int, list] = defaultdict(list)
    for pk, employee_id, hire, kind, start, kpi in PerformanceReview.objects.filter(
        employee__in=on_probation, kpi_completion__lt=rule.threshold
    ).values_list("pk", "employee_id", "employee__hire_date", "period_kind", "period_start", "kpi_completion").order_by(
        "employee_id", "period_start"
    ):
        if employee_id in criteria and start >= hire.replace(day=1):
            below[employee_id].append({"pk": pk, "label": periods.label(kind, start), "value": str(_d(kpi))})
    return [
        Hit(employee_id, {"criteria": criteria[employee_id], "points": points, "threshold": str(rule.threshold)},
            [(Commitment, c["pk"]) for c in criteria[employee_id]] + [(PerformanceReview, p["pk"]) for p in points])
        for employee_id, points in below.items()
        if len(points) >= rule.count
    ]


RULES: dict[str, Callable[[FlagRule, Company, dt.date], list[Hit]]] = {
    RuleCode.PERFORMANCE_BELOW_AVERAGE: performance_below_average,
    RuleCode.FEEDBACK360_BOTTOM: feedback360_bottom,
    RuleCode.VALUES_LOW: values_low,
    RuleCode.SURVEY_LOW: survey_low,
    RuleCode.ATTENDANCE_RISING: attendance_rising,
    RuleCode.TRAINING_DECLINED: training_declined,
    RuleCode.KEY_CONTRIBUTOR: key_contributor,
    RuleCode.PROBATION_UNMET: probation_unmet,
}

__all__ = ["CURRENT", "RULES", "RULE_HELP", "Hit", "unit_review_averages"]
