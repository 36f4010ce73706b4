"""The turnover report (离职分析): leavers, average headcount and turnover rate by org unit, position,
grade, tenure band or reason, voluntary/involuntary, regrettable, first-year attrition, stated vs
verified reasons, the cost of turnover, and the trend over the periods of a year.

Set-based: a fixed number of aggregate queries whatever the company's size (tests pin the count;
benchmarks/exits_report.py measures 100,000 employees). Leavers are Departure rows (unit, position,
grade and tenure copied at departure); headcount counts Employee rows employed on a day
(hired on or before it, not yet separated before it). Average headcount = (start + end) / 2;
turnover rate = leavers / average headcount.

Privacy: a group of fewer than MIN_GROUP people (average headcount, or people giving a reason)
is suppressed: its numbers are not shown, in the page, the charts or the export.
"""

from __future__ import annotations

import datetime as dt
from bisect import bisect_left, bisect_right
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from dateutil.relativedelta import relativedelta
from django.db.models import Avg, Count, F, Q, Sum
from django.db.models.functions import Coalesce, TruncMonth
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from farewell.org.models import Employee, OrgUnit

from . import question_labels
from .models import Departure, ExitReason, Kind, QuestionKind, SurveyAnswer, SurveyStatus
from .reason_labels import reason_name

MIN_GROUP = 5
SUPPRESSED = None  # a suppressed figure (shown as "<5")


class Granularity:
    MONTH = "month"
    QUARTER = "quarter"
    YEAR = "year"
    CHOICES = [(MONTH, gettext_lazy("月度")), (QUARTER, gettext_lazy("季度")), (YEAR, gettext_lazy("年度"))]


DIMENSIONS = [
    ("unit", gettext_lazy("部门")), ("position", gettext_lazy("岗位")), ("grade", gettext_lazy("职级")),
    ("tenure", gettext_lazy("司龄")),
]

# Tenure bands in months: [lower, upper); the first year is the first-year attrition.
TENURE_BANDS = [
    (0, 12, gettext_lazy("不满1年")), (12, 36, gettext_lazy("1–3年")), (36, 60, gettext_lazy("3–5年")),
    (60, 120, gettext_lazy("5–10年")), (120, None, gettext_lazy("10年以上")),
]


@dataclass(frozen=True)
class Period:
    start: dt.date
    end: dt.date  # inclusive
    label: str

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


def period_for(granularity: str, year: int, index: int = 1) -> Period:
    """The month (index 1–12), quarter (1–4) or year of `year`."""
    if granularity == Granularity.MONTH:
        start = dt.date(year, index, 1)
        return Period(start, start + relativedelta(months=1, days=-1), f"{year}-{index:02d}")
    if granularity == Granularity.QUARTER:
        start = dt.date(year, 3 * (index - 1) + 1, 1)
        return Period(start, start + relativedelta(months=3, days=-1), f"{year}Q{index}")
    return Period(dt.date(year, 1, 1), dt.date(year, 12, 31), str(year))


def sub_periods(period: Period, granularity: str) -> list[Period]:
    """The trend's points: months of a quarter or year; for a month, the 12 months up to it."""
    if granularity == Granularity.MONTH:
        first = period.start - relativedelta(months=11)
        return [period_for(Granularity.MONTH, (first + relativedelta(months=i)).year,
                           (first + relativedelta(months=i)).month) for i in range(12)]
    months = []
    current = period.start
    while current <= period.end:
        months.append(period_for(Granularity.MONTH, current.year, current.month))
        current += relativedelta(months=1)
    return months


def rate(leavers: int, headcount: Decimal) -> Decimal | None:
    if not headcount:
        return None
    return (Decimal(leavers) * 100 / headcount).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)


def _employed_on(day: dt.date, prefix: str = "") -> Q:
    return Q(**{f"{prefix}hire_date__lte": day}) & (
        Q(**{f"{prefix}separation_date__isnull": True}) | Q(**{f"{prefix}separation_date__gte": day}))


class Headcount:
    """Headcount on any day from two small histograms (people hired per day, people gone per day):
    employed on d = hired on or before d − separated before d. Two GROUP BY queries of a few thousand
    rows replace a filtered count per day over every employee (the trend asks for 24 days)."""

    def __init__(self, employees) -> None:
        hires = list(employees.values_list("hire_date").annotate(n=Count("*")).order_by("hire_date"))
        gone = list(employees.filter(separation_date__isnull=False).values_list("separation_date")
                    .annotate(n=Count("*")).order_by("separation_date"))
        self._hire_days, self._hire_totals = self._cumulative(hires)
        self._gone_days, self._gone_totals = self._cumulative(gone)

    @staticmethod
    def _cumulative(rows):
        days, totals, running = [], [], 0
        for day, n in rows:
            running += n
            days.append(day)
            totals.append(running)
        return days, totals

    def on(self, day: dt.date) -> int:
        hired = bisect_right(self._hire_days, day)  # hire_date <= day
        gone = bisect_left(self._gone_days, day)  # separation_date < day
        return (self._hire_totals[hired - 1] if hired else 0) - (self._gone_totals[gone - 1] if gone else 0)


@dataclass
class Row:
    key: object
    label: str
    headcount_start: int = 0
    headcount_end: int = 0
    leavers: int = 0
    voluntary: int = 0
    involuntary: int = 0
    regrettable: int = 0
    first_year: int = 0
    settlement: Decimal = Decimal(0)
    replacement: Decimal = Decimal(0)
    suppressed: bool = False

    @property
    def average_headcount(self) -> Decimal:
        return (Decimal(self.headcount_start + self.headcount_end) / 2).quantize(Decimal("0.1"))

    @property
    def turnover_rate(self) -> Decimal | None:
        return rate(self.leavers, self.average_headcount)

    @property
    def voluntary_rate(self) -> Decimal | None:
        return rate(self.voluntary, self.average_headcount)

    @property
    def cost(self) -> Decimal:
        return self.settlement + self.replacement

    @property
    def cost_suppressed(self) -> bool:
        """Money of fewer than MIN_GROUP leavers is not shown: one leaver's cost is that person's package."""
        return 0 < self.leavers < MIN_GROUP

    def add(self, other: Row) -> None:
        for name in ("headcount_start", "headcount_end", "leavers", "voluntary", "involuntary", "regrettable",
                     "first_year", "settlement", "replacement"):
            setattr(self, name, getattr(self, name) + getattr(other, name))


@dataclass
class ReasonRow:
    reason: ExitReason | None
    label: str
    stated: int | None
    verified: int | None
    confirmed: int | None  # verified the same as stated


@dataclass
class Report:
    period: Period
    granularity: str
    dimension: str
    total: Row
    rows: list[Row]
    trend: list[tuple[Period, Row]]
    reasons: list[ReasonRow]
    unclassified: int = 0
    hidden_groups: int = 0
    charts: list[dict] = field(default_factory=list)

    @property
    def reasons_in_chart(self) -> list[ReasonRow]:
        """The reasons with a bar to draw: a count suppressed (<5) or zero draws nothing, so a reason
        with only those is left out of the chart (the table still lists it)."""
        return [r for r in self.reasons if (r.stated or 0) > 0 or (r.verified or 0) > 0]


@dataclass
class Scope:
    """Which employees the report covers: a company, within path prefixes (None = the whole company)."""

    company_id: int
    paths: list[str] | None

    def employee_q(self, prefix: str = "") -> Q:
        q = Q(**{f"{prefix}company_id": self.company_id})
        if self.paths is not None:
            part = Q(pk__in=[])
            for path in self.paths:
                part |= Q(**{f"{prefix}org_unit__path__startswith": path})
            q &= part
        return q

    def departure_q(self) -> Q:
        q = Q(company_id=self.company_id)
        if self.paths is not None:
            part = Q(pk__in=[])
            for path in self.paths:
                part |= Q(org_unit__path__startswith=path)
            q &= part
        return q


def _leaver_aggregates() -> dict:
    return {
        "leavers": Count("id"),
        "voluntary": Count("id", filter=Q(kind=Kind.VOLUNTARY)),
        "involuntary": Count("id", filter=Q(kind=Kind.INVOLUNTARY)),
        "regrettable": Count("id", filter=Q(regrettable=True)),
        "first_year": Count("id", filter=Q(tenure_months__lt=12)),
        "settlement": Coalesce(Sum("settlement"), Decimal(0)),
        "replacement": Coalesce(Sum("position__replacement_cost__amount"), Decimal(0)),
    }


def _fill(row: Row, values: dict) -> Row:
    for name in ("leavers", "voluntary", "involuntary", "regrettable", "first_year", "settlement", "replacement"):
        setattr(row, name, values.get(name) or 0)
    return row


def _group_units(scope: Scope, parent: OrgUnit | None) -> tuple[list[OrgUnit], dict[int, OrgUnit]]:
    """The groups for the unit dimension and each unit of the company mapped to its group: under a
    parent (given, or the company's single root) its children, the parent's own people forming a group
    of their own; otherwise the top units in scope."""
    units = list(OrgUnit.objects.filter(company_id=scope.company_id).order_by("path"))
    if parent is None and scope.paths is None:
        roots = [u for u in units if u.parent_id is None]
        parent = roots[0] if len(roots) == 1 else None
        tops = roots
    else:
        tops = [u for u in units if scope.paths is not None and u.path in scope.paths]
    if parent is not None:
        tops = [parent] + [u for u in units if u.parent_id == parent.pk]
    mapping = {}
    for unit in units:
        for top in tops:
            if top is parent and unit.pk == parent.pk:
                mapping[unit.pk] = top
                break
            if top is not parent and unit.path.startswith(top.path):
                mapping[unit.pk] = top
                break
    return tops, mapping


def build(scope: Scope, period: Period, granularity: str, dimension: str = "unit", *,
          parent: OrgUnit | None = None, kind: str = "") -> Report:
    """The whole report in a fixed number of queries."""
    employees = Employee.objects.filter(scope.employee_q())
    all_departures = Departure.objects.filter(scope.departure_q())
    if parent is not None:
        employees = employees.filter(org_unit__path__startswith=parent.path)
        all_departures = all_departures.filter(org_unit__path__startswith=parent.path)
    if kind:
        all_departures = all_departures.filter(kind=kind)
    departures = all_departures.filter(separation_date__gte=period.start, separation_date__lte=period.end)
    # COUNT(hire_date) (never null), not COUNT(id): the headcount index (org employee_headcount_idx)
    # answers alone, an index-only scan.
    counts = {"headcount_start": Count("hire_date", filter=_employed_on(period.start)),
              "headcount_end": Count("hire_date", filter=_employed_on(period.end))}

    # Total (the headcount histograms, 2 queries, serve the trend too; 1 query for the leavers).
    headcount = Headcount(employees)
    total = Row(None, _("合计"), headcount.on(period.start), headcount.on(period.end))
    _fill(total, departures.aggregate(**_leaver_aggregates()))

    # Rows by the chosen dimension (2 queries + the unit list for units).
    rows = _rows(dimension, scope, period, employees, departures, counts, parent)
    hidden = 0
    for row in rows:
        if row.average_headcount < MIN_GROUP:
            row.suppressed = True
            hidden += 1
    total.suppressed = total.average_headcount < MIN_GROUP

    trend = _trend(period, granularity, headcount, all_departures)
    reasons = _reasons(departures)
    unclassified = departures.filter(stated_reason__isnull=True, verified_reason__isnull=True).count()
    report = Report(period, granularity, dimension, total, rows, trend, reasons, unclassified, hidden)
    report.charts = charts(report)
    return report


def _rows(dimension, scope, period, employees, departures, counts, parent) -> list[Row]:
    if dimension == "tenure":
        rows = []
        heads = {}
        for i, (low, high, _label) in enumerate(TENURE_BANDS):
            for name, day in (("s", period.start), ("e", period.end)):
                q = _employed_on(day) & Q(hire_date__lte=day - relativedelta(months=low))
                if high is not None:
                    q &= Q(hire_date__gt=day - relativedelta(months=high))
                heads[f"{name}{i}"] = Count("hire_date", filter=q)
        leaver_counts = {}
        for i, (low, high, _label) in enumerate(TENURE_BANDS):
            band = Q(tenure_months__gte=low) & (Q(tenure_months__lt=high) if high is not None else Q())
            for name, value in _leaver_aggregates().items():
                if name in ("settlement", "replacement"):
                    continue
                expression = value.copy()
                expression.filter = band & value.filter if value.filter is not None else band
                leaver_counts[f"{name}_{i}"] = expression
        hc = employees.aggregate(**heads)
        lv = departures.aggregate(**leaver_counts)
        for i, (_low, _high, label) in enumerate(TENURE_BANDS):
            row = Row(i, str(label), hc[f"s{i}"], hc[f"e{i}"])
            _fill(row, {name: lv[f"{name}_{i}"] for name in ("leavers", "voluntary", "involuntary", "regrettable",
                                                              "first_year")})
            rows.append(row)
        return rows
    if dimension == "unit":
        tops, mapping = _group_units(scope, parent)
        groups = {top.pk: Row(top.pk, top.name) for top in tops}
        if parent is not None and parent.pk in groups:
            groups[parent.pk].label = _("%(name)s（本级）") % {"name": parent.name}
        for values in employees.values("org_unit_id").annotate(**counts).order_by():
            top = mapping.get(values["org_unit_id"])
            if top is not None:
                groups[top.pk].add(Row(None, "", values["headcount_start"], values["headcount_end"]))
        for values in departures.values("org_unit_id").annotate(**_leaver_aggregates()).order_by():
            top = mapping.get(values["org_unit_id"])
            if top is not None:
                groups[top.pk].add(_fill(Row(None, ""), values))
        return [row for row in groups.values() if row.headcount_start or row.headcount_end or row.leavers]
    field_name = {"position": "position", "grade": "position__grade"}[dimension]
    label_of = {"position": "position__name", "grade": "position__grade"}[dimension]
    groups: dict = {}
    for values in employees.values(field_name, label_of).annotate(**counts).order_by(label_of):
        key = values[field_name]
        groups.setdefault(key, Row(key, values[label_of] or _("未设置"))).add(
            Row(None, "", values["headcount_start"], values["headcount_end"]))
    departure_field = {"position": "position", "grade": "grade"}[dimension]
    departure_label = {"position": "position__name", "grade": "grade"}[dimension]
    for values in departures.values(departure_field, departure_label).annotate(**_leaver_aggregates()).order_by():
        key = values[departure_field] if dimension == "position" else (values[departure_field] or None)
        groups.setdefault(key, Row(key, values[departure_label] or _("未设置"))).add(_fill(Row(None, ""), values))
    return [row for row in groups.values() if row.headcount_start or row.headcount_end or row.leavers]


def _trend(period: Period, granularity: str, headcount: Headcount, all_departures) -> list[tuple[Period, Row]]:
    """Leavers and turnover per month (1 grouped query; headcounts from the histograms)."""
    points = sub_periods(period, granularity)
    trend_departures = all_departures.filter(separation_date__gte=points[0].start, separation_date__lte=points[-1].end)
    by_month = {
        values["month"]: values
        for values in trend_departures.annotate(month=TruncMonth("separation_date")).values("month")
        .annotate(**_leaver_aggregates()).order_by()
    }
    trend = []
    for point in points:
        row = Row(point.label, point.label, headcount.on(point.start), headcount.on(point.end))
        values = by_month.get(point.start) or by_month.get(_as_datetime_key(point.start, by_month))
        if values:
            _fill(row, values)
        row.suppressed = row.average_headcount < MIN_GROUP
        trend.append((point, row))
    return trend


def _as_datetime_key(day: dt.date, by_month: dict):
    for key in by_month:
        if hasattr(key, "date") and key.date() == day:
            return key
    return None


def _reasons(departures) -> list[ReasonRow]:
    """Stated and verified reasons by primary reason (2 queries + the taxonomy)."""
    stated = dict(departures.filter(stated_reason__isnull=False)
                  .annotate(primary=Coalesce(F("stated_reason__parent_id"), F("stated_reason_id")))
                  .values("primary").annotate(n=Count("id")).values_list("primary", "n").order_by())
    verified_rows = list(departures.filter(verified_reason__isnull=False)
                         .annotate(primary=Coalesce(F("verified_reason__parent_id"), F("verified_reason_id")),
                                   stated_primary=Coalesce(F("stated_reason__parent_id"), F("stated_reason_id")))
                         .values("primary").annotate(
                             n=Count("id"), same=Count("id", filter=Q(primary=F("stated_primary"))))
                         .values_list("primary", "n", "same").order_by())
    verified = {pk: (n, same) for pk, n, same in verified_rows}
    keys = set(stated) | set(verified)
    if not keys:
        return []
    reasons = {r.pk: r for r in ExitReason.objects.filter(pk__in=keys)}
    rows = []
    for pk in sorted(keys, key=lambda k: (-(stated.get(k, 0) + verified.get(k, (0, 0))[0]), reasons[k].order)):
        n_verified, n_same = verified.get(pk, (0, 0))
        rows.append(ReasonRow(reasons[pk], reasons[pk].label, suppress_small(stated.get(pk, 0)),
                              suppress_small(n_verified), suppress_small(n_same)))
    return rows


def suppress_small(count: int) -> int | None:
    """A count of people: 0, or MIN_GROUP and more; 1–4 are suppressed."""
    return count if count == 0 or count >= MIN_GROUP else SUPPRESSED


def shown(value):
    return "<5" if value is SUPPRESSED else value


# --- charts (ECharts options, plain JSON; rendered by the common chart script) ---------------


def charts(report: Report) -> list[dict]:
    from farewell.common.charts import bar_line, grouped_bars

    labels = [p.label for p, _row in report.trend]
    vol = [None if r.suppressed else r.voluntary for _p, r in report.trend]
    invol = [None if r.suppressed else r.involuntary for _p, r in report.trend]
    rates = [None if r.suppressed or r.turnover_rate is None else float(r.turnover_rate) for _p, r in report.trend]
    result = [bar_line("chart-trend", labels, [(_("主动离职"), vol), (_("被动离职"), invol)],
                       (_("离职率（%）"), rates), stacked=True)]
    visible = [r for r in report.rows if not r.suppressed]
    result.append(bar_line(
        "chart-groups", [r.label for r in visible],
        [(_("离职人数"), [r.leavers for r in visible])],
        (_("离职率（%）"), [float(r.turnover_rate) if r.turnover_rate is not None else None for r in visible]),
        joined=False))
    reason_rows = report.reasons_in_chart
    result.append(grouped_bars("chart-reasons", [r.label for r in reason_rows], [
        (_("陈述"), [r.stated for r in reason_rows]), (_("核实"), [r.verified for r in reason_rows])],
        horizontal=True))
    return result


@dataclass
class Cluster:
    unit: OrgUnit
    reason: ExitReason
    leavers: int


def clusters(scope: Scope, period: Period, parent: OrgUnit | None = None) -> list[Cluster]:
    """Reason clusters worth an improvement action: a primary reason (verified, else stated) given by at
    least MIN_GROUP leavers of one unit group in the period (1 grouped query + units + reasons)."""
    departures = Departure.objects.filter(scope.departure_q(), separation_date__gte=period.start,
                                          separation_date__lte=period.end)
    if parent is not None:
        departures = departures.filter(org_unit__path__startswith=parent.path)
    rows = (departures.annotate(reason_key=Coalesce(F("verified_reason__parent_id"), F("verified_reason_id"),
                                                    F("stated_reason__parent_id"), F("stated_reason_id")))
            .filter(reason_key__isnull=False).values("org_unit_id", "reason_key").annotate(n=Count("id")).order_by())
    rows = list(rows)
    if not rows:
        return []
    tops, mapping = _group_units(scope, parent)
    totals: dict[tuple[int, int], int] = {}
    for row in rows:
        top = mapping.get(row["org_unit_id"])
        if top is not None:
            key = (top.pk, row["reason_key"])
            totals[key] = totals.get(key, 0) + row["n"]
    wanted = {key: n for key, n in totals.items() if n >= MIN_GROUP}
    if not wanted:
        return []
    units = {u.pk: u for u in tops}
    reasons = {r.pk: r for r in ExitReason.objects.filter(pk__in={k[1] for k in wanted})}
    return sorted((Cluster(units[u], reasons[r], n) for (u, r), n in wanted.items()), key=lambda c: -c.leavers)


def survey_results(scope: Scope) -> dict:
    """The exit survey in aggregate (anonymous): per question the average and the distribution of
    scores, the reasons chosen, and free-text answers without names — each only from MIN_GROUP
    answers up (the 离职问卷结果 page and the API)."""
    answers = SurveyAnswer.objects.filter(survey__departure__company_id=scope.company_id,
                                          survey__status=SurveyStatus.ANSWERED)
    if scope.paths is not None:
        part = Q(pk__in=[])
        for path in scope.paths:
            part |= Q(survey__departure__org_unit__path__startswith=path)
        answers = answers.filter(part)
    scores = list(answers.filter(score__isnull=False).values("question_id", "question_text")
                  .annotate(n=Count("id"), avg=Avg("score")).order_by("question__order", "question_id"))
    distribution: dict[int, dict[int, int]] = {}
    for question_id, score, n in answers.filter(score__isnull=False).values_list("question_id", "score").annotate(
            n=Count("id")).order_by():
        distribution.setdefault(question_id, {})[score] = n
    for row in scores:
        row["question_text"] = question_labels.question_text(row["question_text"])  # a seeded question in the reader's language
        row["suppressed"] = row["n"] < MIN_GROUP
        row["distribution"] = [distribution.get(row["question_id"], {}).get(i, 0) for i in range(1, 6)]
    reasons = list(answers.filter(reason__isnull=False).values("reason__name").annotate(n=Count("id")).order_by("-n"))
    for row in reasons:
        row["label"] = reason_name(row["reason__name"])
        row["shown"] = shown(suppress_small(row["n"]))
    texts_by_question: dict[str, list[str]] = {}
    for text, question_text in answers.filter(question__kind=QuestionKind.TEXT).exclude(text="").values_list(
            "text", "question_text").order_by("text"):  # sorted by text: no order that hints at who
        texts_by_question.setdefault(question_labels.question_text(question_text), []).append(text)
    texts = [(q, items if len(items) >= MIN_GROUP else None) for q, items in texts_by_question.items()]
    return {"scores": scores, "reasons": reasons, "texts": texts}
