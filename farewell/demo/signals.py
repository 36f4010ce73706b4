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

What a demo user sees decides the volume (DESIGN budget: 100,000 employees, 60 months):
reviews every quarter of the window (the performance chart); 360 and values in January and
July of the last two years and January of the year before (the radar compares the first round
after hiring with the latest); the engagement survey monthly for the last six months;
attendance anomalies for the last twelve months; training, rewards and penalties over the
last two years.

Each kind draws from its own random stream, seeded from `rng` in a fixed order, over employees
ordered by primary key, so one seed gives the same records. Its rows are tuples in database
form from a generator that one COPY (PostgreSQL) or executemany (SQLite) consumes as they are
produced (bulk.py): the database stores and indexes rows while Python draws the next ones.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from bisect import bisect_left, bisect_right
from collections.abc import Iterator
from dataclasses import dataclass
from functools import partial
from statistics import NormalDist

from dateutil.relativedelta import relativedelta

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

from .bulk import write_rows

DIMENSIONS_360 = ("团队协作", "沟通", "专业能力", "责任心")
RATERS_360 = (("manager", "M1"), ("peer", "P1"))
VALUES = ("诚信", "客户第一", "协作共赢")
SURVEY_DIMENSIONS = ("团队支持", "工作负荷")
SURVEY_MONTHS = 6
ATTENDANCE_MONTHS = 12
# 360 and values rounds: January and July in the last two years, January only in the year
# before; the profile's radar compares the first round after hiring with the latest.
ROUND_YEARS = 3
SEMIANNUAL_YEARS = 2
COURSES = ("合规与廉洁", "客户沟通技巧", "产品知识更新", "时间管理", "数据分析入门", "安全生产", "销售谈判进阶")
REWARDS = ("季度之星", "年度优秀员工", "客户表扬", "创新奖")
PENALTIES = ("口头警告", "书面警告", "通报批评")
PROJECTS = ("华东渠道拓展", "CRM 上线", "重点客户续约", "新品上市", "成本优化", "质量改进")

# Standard normal quantiles: `rng.choices(NORMAL, k=n)` draws n values in one call, several
# times faster than n calls of rng.gauss (the tails stop at ±3.7σ, plenty for a demo).
NORMAL = tuple(NormalDist().inv_cdf((i + 0.5) / 8192) for i in range(8192))
PERCENT = tuple(range(100))

# Each kind: its model and the fields its row tuples carry, in order (other columns are NULL).
TABLES = {
    "reviews": (PerformanceReview, ("employee", "period_kind", "period_start", "score", "rating",
                                    "kpi_completion", "reviewer_name", "comment")),
    "feedback": (Feedback360, ("employee", "period_kind", "period_start", "dimension", "rater_relation",
                               "rater_key", "score", "comment")),
    "values": (ValuesAssessment, ("employee", "period_kind", "period_start", "dimension", "score", "examples",
                                  "assessor_name")),
    "surveys": (SurveyResponse, ("employee", "survey", "dimension", "period_kind", "period_start", "score",
                                 "comment")),
    "metrics": (MetricValue, ("employee", "metric", "period_kind", "period_start", "value")),
    "training": (TrainingRecord, ("employee", "course", "course_date", "status", "exam_score", "passed", "hours")),
    "sanctions": (RewardPenalty, ("employee", "kind", "level", "title", "date", "reason", "policy_clause",
                                  "document")),
    "contributions": (Contribution, ("employee", "kind", "title", "date", "role", "description")),
    "commitments": (Commitment, ("employee", "stage", "party", "said_on", "topic", "content", "recorded_by")),
}


@dataclass(slots=True)
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


class Periods:
    """Consecutive periods (first days and last days, sorted); `span` finds those a person
    worked in with two bisections instead of a date test per period."""

    def __init__(self, starts: list[dt.date], months: int):
        self.starts = starts
        self.ends = [s + relativedelta(months=months, days=-1) for s in starts]
        self.iso = [s.isoformat() for s in starts]

    def span(self, s: Staff) -> range:
        first = bisect_left(self.ends, s.hire)
        last = bisect_right(self.starts, s.separation) if s.separation else len(self.starts)
        return range(first, max(first, last))


@dataclass(frozen=True)
class Calendar:
    today: dt.date
    quarters: Periods
    rounds: Periods  # 360 and values rounds
    surveys: Periods
    attendance: Periods
    training_days: tuple[dt.date, ...]


def _calendar(today: dt.date, months: int) -> Calendar:
    month_starts = [today.replace(day=1) - relativedelta(months=k) for k in range(months, 0, -1)]
    quarters = sorted({_quarter_start(m) for m in month_starts if _quarter_start(m) + relativedelta(months=3) <= today})
    recent, oldest = today - relativedelta(years=SEMIANNUAL_YEARS), today - relativedelta(years=ROUND_YEARS)
    rounds = [q for q in quarters if (q.month == 1 and q >= oldest) or (q.month == 7 and q >= recent)]
    return Calendar(
        today=today, quarters=Periods(quarters, 3), rounds=Periods(rounds, 3),
        surveys=Periods(month_starts[-SURVEY_MONTHS:], 1), attendance=Periods(month_starts[-ATTENDANCE_MONTHS:], 1),
        training_days=tuple(today - relativedelta(months=3 + 6 * k) for k in range(4)),
    )


def _clip(x: float, lo: float, hi: float) -> float:
    return lo if x < lo else hi if x > hi else x


def _quarter_start(day: dt.date) -> dt.date:
    return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)


def build_signals(company: Company, rng: random.Random, *, months: int, today: dt.date | None = None,
                  timings: dict[str, float] | None = None) -> dict:
    """Write every record kind for the company's employees; returns row counts by kind (and
    fills `timings`, when given, with the seconds each kind took)."""
    cal = _calendar(today or dt.date.today(), months)
    heads = set(OrgUnit.objects.filter(company=company).values_list("head_id", flat=True))
    logins = set(User.objects.filter(employee__company=company).values_list("employee_id", flat=True))
    staff = [
        Staff(pk, unit, path, hire, status, sep, pk in heads, pk in logins)
        for pk, unit, path, hire, status, sep in Employee.objects.filter(company=company)
        .order_by("pk").values_list("pk", "org_unit_id", "org_unit__path", "hire_date", "status", "separation_date")
    ]
    for s, z in zip(staff, rng.choices(NORMAL, k=len(staff)), strict=True):
        s.ability = z
    stories = _plant(company, staff, cal.today)
    metrics = dict(Metric.objects.filter(code__in=("late_count", "absent_days")).values_list("code", "pk"))
    # One stream of draws per kind, seeded in a fixed order: each kind is written with one COPY
    # that consumes its rows as they are generated.
    seeds = {key: rng.getrandbits(64) for key in TABLES}
    generators = {
        "reviews": _reviews, "feedback": _feedback, "values": _values, "surveys": _surveys,
        "metrics": partial(_attendance, metrics=metrics), "training": _training, "sanctions": _sanctions,
        "contributions": _contributions, "commitments": _commitments,
    }
    counts = {}
    for key, (model, fields) in TABLES.items():
        started = time.monotonic()
        rows = generators[key](staff, stories, cal, random.Random(seeds[key]))
        counts[key] = write_rows(model, fields, rows)
        if timings is not None:
            timings[key] = time.monotonic() - started
    return counts | {"stories": len(stories)}


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
        free[0].ability = 0.3
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
    return stories


def _rating(score: float) -> str:
    return "S" if score >= 92 else "A" if score >= 85 else "B" if score >= 72 else "C" if score >= 60 else "D"


def _reviews(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    iso = cal.quarters.iso
    for s in staff:
        story = stories.get(s.pk, "")
        worked = cal.quarters.span(s)
        n = len(worked)
        z = rng.choices(NORMAL, k=2 * n)
        level = 78 + 6 * s.ability
        for i, q in enumerate(worked):
            score = level + 3 * z[2 * i]
            comment = ""
            if story == "decline":
                score = 80 - 5 * max(0, i - (n - 5)) + rng.uniform(-0.5, 0.5)
                if i >= n - 3:
                    comment = "客户跟进不及时，季度目标未达成，已面谈提出改进要求。"
            elif story == "key":
                score = 90 + rng.uniform(-2, 2)
            score = _clip(score, 40, 99)
            kpi = _clip(score + 12 + 6 * z[2 * i + 1], 30, 150)
            yield s.pk, "quarter", iso[q], f"{score:.2f}", _rating(score), f"{kpi:.2f}", "直属上级", comment
        if story == "probation":
            first = s.hire.replace(day=1) + relativedelta(months=1)
            month = first
            while month + relativedelta(months=1) <= cal.today.replace(day=1) and month < first + relativedelta(months=3):
                kpi = rng.uniform(58, 70)
                yield (s.pk, "month", month, f"{kpi - 2:.2f}", "C", f"{kpi:.2f}", "带教主管",
                       "客户拜访量与成交均未达到试用期标准。")
                month += relativedelta(months=1)


def _feedback(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    # Raters: the manager and one peer per dimension.
    latest = len(cal.rounds.starts) - 1
    draws = len(DIMENSIONS_360) * len(RATERS_360)
    for s in staff:
        story = stories.get(s.pk, "")
        worked = cal.rounds.span(s)
        z = iter(rng.choices(NORMAL, k=len(worked) * draws))
        level = 3.7 + 0.4 * s.ability
        for r in worked:
            period = cal.rounds.iso[r]
            for dim in DIMENSIONS_360:
                base = level
                if r == latest and dim == "团队协作" and story.startswith("conflict"):
                    base = 2.2 if story == "conflict_bottom" else base - 0.4
                for relation, key in RATERS_360:
                    yield s.pk, "quarter", period, dim, relation, key, f"{_clip(base + 0.3 * next(z), 1, 5):.2f}", ""


def _values(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    latest = len(cal.rounds.starts) - 1
    for s in staff:
        story = stories.get(s.pk, "")
        worked = cal.rounds.span(s)
        z = iter(rng.choices(NORMAL, k=len(worked) * len(VALUES)))
        level = 3.6 + 0.5 * s.ability
        for r in worked:
            period = cal.rounds.iso[r]
            for dim in VALUES:
                score = round(_clip(level + 0.5 * next(z), 1, 5))
                examples = ""
                if story == "conflict_bottom" and dim == "协作共赢" and r == latest:
                    score, examples = 2, "拒绝与同组同事共享客户资料；在周会上与同事发生争执，影响交接。"
                elif score <= 2:
                    score = 3
                yield s.pk, "quarter", period, dim, score, examples, "直属上级"


def _surveys(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    conflict_from = len(cal.surveys.starts) - 4
    for s in staff:
        story = stories.get(s.pk, "")
        worked = cal.surveys.span(s)
        z = iter(rng.choices(NORMAL, k=len(worked) * len(SURVEY_DIMENSIONS)))
        level = 7.2 + 0.6 * s.ability
        for m in worked:
            period = cal.surveys.iso[m]
            for dim in SURVEY_DIMENSIONS:
                score = level + 0.8 * next(z)
                if story.startswith("conflict") and dim == "团队支持" and m >= conflict_from:
                    score = rng.uniform(2.5, 4.5)
                yield s.pk, "engagement", dim, "month", period, f"{_clip(score, 0, 10):.2f}", ""


def _attendance(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random, *,
                metrics: dict[str, int]) -> Iterator[tuple]:
    # Only anomalies are exported (a zero month has no row), as attendance systems do.
    late_id, absent_id = metrics.get("late_count"), metrics.get("absent_days")
    pressure_from = len(cal.attendance.starts) - 3
    for s in staff:
        story = stories.get(s.pk, "")
        worked = cal.attendance.span(s)
        for m, roll in zip(worked, rng.choices(PERCENT, k=len(worked)), strict=True):
            late, absent = roll < 15, roll >= 98
            if story == "pressure" and m >= pressure_from:
                late, absent = 3 + m - pressure_from + rng.randint(0, 1), 1
            period = cal.attendance.iso[m]
            if late and late_id:
                yield s.pk, late_id, "month", period, str(int(late))
            if absent and absent_id:
                yield s.pk, absent_id, "month", period, "1"


def _training(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    for s in staff:
        story = stories.get(s.pk, "")
        taken = set()
        for k, start in enumerate(cal.training_days):
            day = start + dt.timedelta(days=int(rng.random() * 21))
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
                value = _clip(75 + 8 * s.ability + 6 * rng.choice(NORMAL), 30, 100)
                score, passed = f"{value:.2f}", value >= 60
            yield s.pk, course, day, status, score, passed, "4.0"


def _sanctions(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    for s in staff:
        for k in range(2):
            roll = rng.random()
            day = cal.today - dt.timedelta(days=30 + int(rng.random() * 671))
            if day < s.hire:
                continue
            if roll < 0.05 + 0.04 * max(s.ability, 0):
                yield s.pk, "reward", "general", f"{rng.choice(REWARDS)}{k or ''}", day, "业绩突出", "", ""
            elif roll > 0.985:
                yield (s.pk, "penalty", "minor", f"{rng.choice(PENALTIES)}{k or ''}", day, "违反考勤制度",
                       "员工手册第五章第三条", "")


def _contributions(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    kinds = ("project", "award", "mentoring", "project", "patent")
    for s in staff:
        days = (cal.today - s.hire).days
        if stories.get(s.pk) == "key":
            count = 5
        elif days < 3 * 365 or rng.random() >= 0.3:
            continue
        else:
            count = rng.randint(0, 2)
        for k in range(count):
            day = s.hire + dt.timedelta(days=rng.randint(200, max(201, days - 30)))
            kind = kinds[k % len(kinds)]
            title = {"mentoring": f"带教新员工 {k + 1} 名", "award": f"年度优秀项目奖 {day.year}",
                     "patent": "客户分级方法（实用新型）"}.get(kind) or f"{rng.choice(PROJECTS)}（{day.year}）"
            yield s.pk, kind, title, day, "负责人" if kind == "project" else "", ""


def _commitments(staff: list[Staff], stories: dict[int, str], cal: Calendar, rng: random.Random) -> Iterator[tuple]:
    for s in staff:
        story = stories.get(s.pk, "")
        if story == "probation":
            yield (s.pk, "probation", "company", s.hire, "试用期考核标准",
                   "试用期内每月KPI完成率不低于80%，独立完成客户拜访不少于20家，通过产品知识考试。", "HRBP")
        if story in ("decline", "key", "probation") or rng.random() < 0.08:
            yield (s.pk, "offer", "candidate", s.hire - dt.timedelta(days=14), "业绩目标",
                   "入职第一年完成个人销售目标，第二年带领小组。", "招聘专员")
            yield (s.pk, "interview", "candidate", s.hire - dt.timedelta(days=30), "培训与成长",
                   "愿意参加公司安排的培训并取得产品认证。", "招聘专员")
