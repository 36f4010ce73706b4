"""The demo's signals: reviews, 360, values, surveys, attendance, training, rewards, contributions
and commitments, with realistic correlations and a few planted stories so that every chart
and every flag rule shows on some employee of the sales division (where the demo's manager
and HRBP logins look):

- a declining performer who declines training (performance below the department average,
  training declined while performance falls);
- a team-conflict cluster: one sales group answering 团队支持 low for months, one of them at
  the bottom of the group on 团队协作 and with a low 协作共赢 values score (with examples);
- an attendance-pressure case: lateness and absence rising over the last three months;
- a key long-tenure contributor: projects, awards and people mentored;
- a probation hire missing the written probation objectives.

Everything is drawn from `rng` in a fixed order over employees ordered by primary key, so one
seed gives the same records; rows are built as model instances (as bulk_create takes them) and
written with one executemany per kind and 20,000 rows.
"""

from __future__ import annotations

import datetime as dt
import random
from dataclasses import dataclass
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.db import connection

from farewell.accounts.models import User
from farewell.org.models import Company, Employee, OrgUnit
from farewell.records.models import (
    Commitment,
    Contribution,
    Feedback360,
    Metric,
    MetricValue,
    PerformanceReview,
    RewardPenalty,
    SurveyResponse,
    TrainingRecord,
    ValuesAssessment,
)

BATCH_SIZE = 2000
DIMENSIONS_360 = ("团队协作", "沟通", "专业能力", "责任心")
VALUES = ("诚信", "客户第一", "协作共赢")
SURVEY_DIMENSIONS = ("团队支持", "工作负荷")
SURVEY_MONTHS = 6
COURSES = ("合规与廉洁", "客户沟通技巧", "产品知识更新", "时间管理", "数据分析入门", "安全生产", "销售谈判进阶")
REWARDS = ("季度之星", "年度优秀员工", "客户表扬", "创新奖")
PENALTIES = ("口头警告", "书面警告", "通报批评")
PROJECTS = ("华东渠道拓展", "CRM 上线", "重点客户续约", "新品上市", "成本优化", "质量改进")


@dataclass
class Staff:
    pk: int
    unit_id: int
    path: str
    hire: dt.date
    status: str
    separation: dt.date | None
    is_head: bool
    has_login: bool
    ability: float = 0.0  # the person's standing, which their records follow


def _d(x: float) -> Decimal:
    return Decimal(f"{x:.2f}")


def _clip(x: float, lo: float, hi: float) -> float:
    return max(lo, min(hi, x))


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def _employed(s: Staff, start: dt.date, end: dt.date) -> bool:
    return s.hire <= end and (s.separation is None or s.separation >= start)


def build_signals(company: Company, rng: random.Random, *, months: int, today: dt.date | None = None) -> dict:
    """Write every record kind for the company's employees; returns row counts by kind."""
    today = today or dt.date.today()
    month_starts = [today.replace(day=1) - relativedelta(months=k) for k in range(months, 0, -1)]
    quarters = sorted({_quarter_start(m) for m in month_starts if _quarter_start(m) + relativedelta(months=3) <= today})
    heads = set(OrgUnit.objects.filter(company=company).values_list("head_id", flat=True))
    logins = set(User.objects.filter(employee__company=company).values_list("employee_id", flat=True))
    staff = [
        Staff(pk, unit, path, hire, status, sep, pk in heads, pk in logins)
        for pk, unit, path, hire, status, sep in Employee.objects.filter(company=company)
        .order_by("pk").values_list("pk", "org_unit_id", "org_unit__path", "hire_date", "status", "separation_date")
    ]
    for s in staff:
        s.ability = rng.gauss(0, 1)
    stories = _plant(company, staff, today)
    metrics = dict(Metric.objects.filter(code__in=("late_count", "absent_days", "early_leave_count"))
                   .values_list("code", "pk"))
    rows: dict[str, list] = {k: [] for k in ("reviews", "feedback", "values", "surveys", "metrics", "training",
                                             "sanctions", "contributions", "commitments")}
    for s in staff:
        story = stories.get(s.pk, "")
        _reviews(rows, s, story, quarters, today, rng)
        _feedback(rows, s, story, quarters, rng)
        _values(rows, s, story, quarters, rng)
        _surveys(rows, s, story, month_starts[-SURVEY_MONTHS:], rng)
        _attendance(rows, s, story, month_starts[-12:], metrics, rng)
        _training(rows, s, story, today, rng)
        _sanctions(rows, s, today, rng)
        _contributions(rows, s, story, today, rng)
        _commitments(rows, s, story, rng)
    models = {"reviews": PerformanceReview, "feedback": Feedback360, "values": ValuesAssessment,
              "surveys": SurveyResponse, "metrics": MetricValue, "training": TrainingRecord,
              "sanctions": RewardPenalty, "contributions": Contribution, "commitments": Commitment}
    for key, model in models.items():
        _insert(model, rows[key])
    return {key: len(value) for key, value in rows.items()} | {"stories": len(stories)}


def _insert(model, objects: list) -> None:
    """bulk_create's INSERT as one executemany: the demo's query count stays flat on SQLite,
    whose 999-parameter cap would otherwise split these rows into hundreds of statements."""
    if not objects:
        return
    fields = [f for f in model._meta.concrete_fields if not f.primary_key]
    table = connection.ops.quote_name(model._meta.db_table)
    columns = ", ".join(connection.ops.quote_name(f.column) for f in fields)
    placeholders = ", ".join(["%s"] * len(fields))
    rows = [[f.get_db_prep_save(f.pre_save(obj, True), connection) for f in fields] for obj in objects]
    with connection.cursor() as cursor:
        for start in range(0, len(rows), BATCH_SIZE * 10):
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})",
                               rows[start:start + BATCH_SIZE * 10])


def _plant(company: Company, staff: list[Staff], today: dt.date) -> dict[int, str]:
    """Who carries which story: members of the sales division without a demo login."""
    sales = OrgUnit.objects.filter(company=company, code="SALES").values_list("path", flat=True).first()
    pool = [s for s in staff if not s.is_head and not s.has_login and s.status in ("active", "probation")
            and (sales is None or s.path.startswith(sales))]
    if len(pool) < 10:
        pool = [s for s in staff if not s.is_head and not s.has_login and s.status in ("active", "probation")]
    stories: dict[int, str] = {}
    by_unit: dict[int, list[Staff]] = {}
    for s in pool:
        if s.status == "active":
            by_unit.setdefault(s.unit_id, []).append(s)
    units = sorted(by_unit.values(), key=lambda members: (-len(members), members[0].pk))
    if units:
        cluster = [s for s in units[0] if s.hire <= today - relativedelta(years=1)][:5]
        for s in cluster:
            stories[s.pk] = "conflict"
        if cluster:
            stories[cluster[0].pk] = "conflict_bottom"
    other = units[1] if len(units) > 1 else (units[0] if units else [])
    free = [s for s in other if s.pk not in stories and s.hire <= today - relativedelta(years=2)]
    if free:
        stories[free[0].pk] = "decline"
    if len(free) > 1:
        stories[free[1].pk] = "pressure"
    veterans = sorted((s for s in pool if s.pk not in stories and s.status == "active"), key=lambda s: (s.hire, s.pk))
    if veterans:
        stories[veterans[0].pk] = "key"
        veterans[0].ability = 1.6
    probation = sorted((s for s in pool if s.status == "probation" and s.pk not in stories), key=lambda s: (s.hire, s.pk))
    if not probation:
        probation = sorted((s for s in staff if s.status == "probation" and not s.has_login), key=lambda s: (s.hire, s.pk))
    if probation:
        stories[probation[0].pk] = "probation"
    for s in staff:
        if stories.get(s.pk) == "decline":
            s.ability = 0.3
    return stories


def _reviews(rows, s: Staff, story: str, quarters: list[dt.date], today: dt.date, rng: random.Random) -> None:
    worked = [q for q in quarters if _employed(s, q, q + relativedelta(months=3, days=-1))]
    for i, q in enumerate(worked):
        score = 78 + 6 * s.ability + rng.gauss(0, 3)
        if story == "decline":
            score = 80 - 5 * max(0, i - (len(worked) - 5)) + rng.uniform(-0.5, 0.5)
        elif story == "key":
            score = 90 + rng.uniform(-2, 2)
        score = _clip(score, 40, 99)
        kpi = _clip(score + 12 + rng.gauss(0, 6), 30, 150)
        rating = "S" if score >= 92 else "A" if score >= 85 else "B" if score >= 72 else "C" if score >= 60 else "D"
        comment = ""
        if story == "decline" and i >= len(worked) - 3:
            comment = "客户跟进不及时，季度目标未达成，已面谈提出改进要求。"
        rows["reviews"].append(PerformanceReview(
            employee_id=s.pk, period_kind="quarter", period_start=q, score=_d(score), rating=rating,
            kpi_completion=_d(kpi), reviewer_name="直属上级", comment=comment,
        ))
    if story == "probation":
        first = s.hire.replace(day=1) + relativedelta(months=1)
        month = first
        while month + relativedelta(months=1) <= today.replace(day=1) and month < first + relativedelta(months=3):
            kpi = rng.uniform(58, 70)
            rows["reviews"].append(PerformanceReview(
                employee_id=s.pk, period_kind="month", period_start=month, score=_d(kpi - 2), rating="C",
                kpi_completion=_d(kpi), reviewer_name="带教主管", comment="客户拜访量与成交均未达到试用期标准。",
            ))
            month += relativedelta(months=1)


def _feedback(rows, s: Staff, story: str, quarters: list[dt.date], rng: random.Random) -> None:
    # 360 twice a year (January and July rounds); raters: the manager and one peer per dimension.
    rounds = [q for q in quarters if q.month in (1, 7)]
    for q in [q for q in rounds if _employed(s, q, q + relativedelta(months=3, days=-1))]:
        latest = q == rounds[-1]
        for dim in DIMENSIONS_360:
            base = 3.7 + 0.4 * s.ability
            if story == "conflict_bottom" and dim == "团队协作" and latest:
                base = 2.2
            elif story.startswith("conflict") and dim == "团队协作" and latest:
                base -= 0.4
            for relation in ("manager", "peer"):
                rows["feedback"].append(Feedback360(
                    employee_id=s.pk, period_kind="quarter", period_start=q, dimension=dim, rater_relation=relation,
                    rater_key="M1" if relation == "manager" else "P1", score=_d(_clip(base + rng.gauss(0, 0.3), 1, 5)),
                ))


def _values(rows, s: Staff, story: str, quarters: list[dt.date], rng: random.Random) -> None:
    rounds = [q for q in quarters if q.month in (1, 7)]
    for q in [q for q in rounds if _employed(s, q, q + relativedelta(months=3, days=-1))]:
        latest = q == rounds[-1]
        for dim in VALUES:
            score = round(_clip(3.6 + 0.5 * s.ability + rng.gauss(0, 0.5), 1, 5))
            examples = ""
            if story == "conflict_bottom" and dim == "协作共赢" and latest:
                score, examples = 2, "拒绝与同组同事共享客户资料；在周会上与同事发生争执，影响交接。"
            elif score <= 2:
                score = 3
            rows["values"].append(ValuesAssessment(
                employee_id=s.pk, period_kind="quarter", period_start=q, dimension=dim, score=score,
                examples=examples, assessor_name="直属上级",
            ))


def _surveys(rows, s: Staff, story: str, months: list[dt.date], rng: random.Random) -> None:
    for month in [m for m in months if _employed(s, m, m + relativedelta(months=1, days=-1))]:
        for dim in SURVEY_DIMENSIONS:
            score = 7.2 + 0.6 * s.ability + rng.gauss(0, 0.8)
            if story.startswith("conflict") and dim == "团队支持" and month >= months[-4]:
                score = rng.uniform(2.5, 4.5)
            rows["surveys"].append(SurveyResponse(
                employee_id=s.pk, survey="engagement", dimension=dim, period_kind="month", period_start=month,
                score=_d(_clip(score, 0, 10)),
            ))


def _attendance(rows, s: Staff, story: str, months: list[dt.date], metrics: dict, rng: random.Random) -> None:
    # Only anomalies are exported (a zero month has no row), as attendance systems do.
    for i, month in enumerate(months):
        if not _employed(s, month, month + relativedelta(months=1, days=-1)):
            continue
        late = 1 if rng.random() < 0.15 else 0
        absent = 1 if rng.random() < 0.02 else 0
        if story == "pressure" and i >= len(months) - 3:
            late, absent = 3 + i - (len(months) - 3) + rng.randint(0, 1), 1
        for code, value in (("late_count", late), ("absent_days", absent)):
            if value and code in metrics:
                rows["metrics"].append(MetricValue(employee_id=s.pk, metric_id=metrics[code], period_kind="month",
                                                   period_start=month, value=Decimal(value)))


def _training(rows, s: Staff, story: str, today: dt.date, rng: random.Random) -> None:
    taken = set()
    for k in range(4):
        day = today - relativedelta(months=3 + 6 * k) + dt.timedelta(days=rng.randint(0, 20))
        if day < s.hire or (s.separation and day > s.separation):
            continue
        course = rng.choice(COURSES)
        if (course, day) in taken:
            continue
        taken.add((course, day))
        roll = rng.random()
        status = "attended" if roll < 0.85 else "declined" if roll < 0.92 else "absent"
        if story == "decline" and k < 2:
            status = "declined"
        score = passed = None
        if status == "attended":
            score = _clip(75 + 8 * s.ability + rng.gauss(0, 6), 30, 100)
            passed = score >= 60
        rows["training"].append(TrainingRecord(
            employee_id=s.pk, course=course, course_date=day, status=status,
            exam_score=None if score is None else _d(score), passed=passed, hours=Decimal("4.0"),
        ))


def _sanctions(rows, s: Staff, today: dt.date, rng: random.Random) -> None:
    for k in range(2):
        roll = rng.random()
        day = today - dt.timedelta(days=rng.randint(30, 700))
        if day < s.hire:
            continue
        if roll < 0.05 + 0.04 * max(s.ability, 0):
            rows["sanctions"].append(RewardPenalty(employee_id=s.pk, kind="reward", level="general",
                                                   title=f"{rng.choice(REWARDS)}{k or ''}", date=day,
                                                   reason="业绩突出"))
        elif roll > 0.985:
            rows["sanctions"].append(RewardPenalty(employee_id=s.pk, kind="penalty", level="minor",
                                                   title=f"{rng.choice(PENALTIES)}{k or ''}", date=day,
                                                   reason="违反考勤制度", policy_clause="员工手册第五章第三条"))


def _contributions(rows, s: Staff, story: str, today: dt.date, rng: random.Random) -> None:
    years = (today - s.hire).days // 365
    count = 5 if story == "key" else (rng.randint(0, 2) if years >= 3 and rng.random() < 0.3 else 0)
    kinds = ("project", "award", "mentoring", "project", "patent")
    for k in range(count):
        day = s.hire + dt.timedelta(days=rng.randint(200, max(201, (today - s.hire).days - 30)))
        kind = kinds[k % len(kinds)]
        title = {"mentoring": f"带教新员工 {k + 1} 名", "award": f"年度优秀项目奖 {day.year}",
                 "patent": "客户分级方法（实用新型）"}.get(kind, f"{rng.choice(PROJECTS)}（{day.year}）")
        rows["contributions"].append(Contribution(employee_id=s.pk, kind=kind, title=title, date=day,
                                                  role="负责人" if kind == "project" else ""))


def _commitments(rows, s: Staff, story: str, rng: random.Random) -> None:
    if story == "probation":
        rows["commitments"].append(Commitment(
            employee_id=s.pk, stage="probation", party="company", said_on=s.hire, topic="试用期考核标准",
            content="试用期内每月KPI完成率不低于80%，独立完成客户拜访不少于20家，通过产品知识考试。",
            recorded_by="HRBP",
        ))
    if story in ("decline", "key", "probation") or rng.random() < 0.08:
        rows["commitments"].append(Commitment(
            employee_id=s.pk, stage="offer", party="candidate", said_on=s.hire - dt.timedelta(days=14),
            topic="业绩目标", content="入职第一年完成个人销售目标，第二年带领小组。", recorded_by="招聘专员",
        ))
        rows["commitments"].append(Commitment(
            employee_id=s.pk, stage="interview", party="candidate", said_on=s.hire - dt.timedelta(days=30),
            topic="培训与成长", content="愿意参加公司安排的培训并取得产品认证。", recorded_by="招聘专员",
        ))
