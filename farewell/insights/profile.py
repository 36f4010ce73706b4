"""The profile (员工画像) of one employee: every record kind, each chart with its numbers.

`build_profile` reads each record kind, the flags with their evidence and the unit's department
figures (insights.UnitAverage, computed with the flags: unitfigures.py) once: a query each, sent
together in one round trip on PostgreSQL (common/prepared.run_together), whatever the number of
records.

Charts are ECharts options built here (plain JSON, no functions) with, beside them, `links`:
for each series, for each point, the anchor of the record row that produced it.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext as _

from farewell.common.prepared import Prepared, run_together
from farewell.org.models import Employee
from farewell.records import periods
from farewell.records.metric_labels import metric_name
from farewell.records.models import (
    Commitment,
    Contribution,
    Feedback360,
    MetricCategory,
    MetricValue,
    PerformanceReview,
    RaterRelation,
    RewardPenalty,
    SanctionKind,
    SurveyResponse,
    TrainingRecord,
    TrainingStatus,
    ValuesAssessment,
)

from . import recordlists, unitfigures
from .models import Flag, FlagEvidence
from .present import Labels, cited_records, evidence_rows, flag_summary, record_label
from .rules import CENT

PALETTE = ["#2f6fb0", "#9aa5b1", "#d9822b", "#3c9d5d", "#8e5ea2", "#c23b3b", "#1b998b", "#6c757d"]

# Commitment topics and the records that say how they turned out (keywords in the topic).
TOPIC_RELATIONS = [
    (("绩效", "业绩", "KPI", "指标", "销售", "目标", "试用期"), "reviews"),
    (("培训", "学习", "考试", "证书"), "training"),
    (("加班", "出差", "考勤", "出勤"), "attendance"),
    (("带教", "项目", "晋升", "贡献"), "contributions"),
    (("协作", "团队", "沟通"), "feedback"),
]


def _of(model, *order: str, **filters) -> Prepared:
    return Prepared(lambda pk: model.objects.filter(employee_id=pk, **filters).order_by(*order))


# Every list the profile reads, compiled to SQL once per process (common/prepared.py: compiling them
# was ~40 % of the profile's CPU), in the order the sections below use them.
_LISTS = {
    "reviews": _of(PerformanceReview, "period_kind", "period_start"),
    "feedback": _of(Feedback360, "period_start", "dimension", "rater_relation", "rater_key"),
    "values": _of(ValuesAssessment, "period_start", "dimension"),
    "surveys": _of(SurveyResponse, "period_start", "survey", "dimension"),
    "attendance": Prepared(lambda pk: MetricValue.objects.filter(
        employee_id=pk, metric__category=MetricCategory.ATTENDANCE, period_kind=periods.MONTH,
    ).select_related("metric").order_by("period_start", "metric__code")),
    "training": _of(TrainingRecord, "course_date", "course"),
    "sanctions": _of(RewardPenalty, "date"),
    "contributions": _of(Contribution, "-date"),
    "job_changes": Prepared(lambda pk: recordlists.KINDS["jobchange"].rows(Employee(pk=pk)).order_by(
        "-effective_date", "-id")),
    "commitments": _of(Commitment, "said_on"),
    "flags": Prepared(lambda pk: Flag.objects.filter(employee_id=pk).order_by("rule")),
    # The flags' evidence, as present.cited_records reads it for those flags.
    "evidence": Prepared(lambda pk: evidence_rows(FlagEvidence.objects.filter(flag__employee_id=pk).order_by("pk"))),
}


@dataclass
class Chart:
    id: str
    option: dict
    links: list[list[str | None]] = field(default_factory=list)

    def as_json(self) -> dict:
        return {"id": self.id, "option": self.option, "links": self.links}


def _f(value) -> float | None:
    return None if value is None else float(value)


def _line(chart_id: str, categories: list[str], series: list[tuple[str, list, list]], *,
          y_name: str = "", y_max: float | None = None, extra_axis: dict | None = None) -> Chart:
    """A line chart; series are (name, values, links)."""
    y_axes = [{"type": "value", "name": y_name, "max": y_max, "scale": y_max is None}]
    if extra_axis:
        y_axes.append(extra_axis)
    option = {
        "color": PALETTE,
        "tooltip": {"trigger": "axis"},
        "legend": {"top": 0},
        "grid": {"left": 44, "right": 44 if extra_axis else 16, "top": 36, "bottom": 28},
        "xAxis": {"type": "category", "data": categories},
        "yAxis": y_axes,
        "series": [
            {"name": name, "type": "line", "data": values, "connectNulls": True, "symbolSize": 7,
             **({"yAxisIndex": 1} if extra_axis and idx == len(series) - 1 else {})}
            for idx, (name, values, _links) in enumerate(series)
        ],
    }
    return Chart(chart_id, option, [links for _name, _values, links in series])


class _Tables:
    """The profile's record tables (the latest rows of each kind) and the links to any record:
    its row's anchor when the profile shows it, otherwise its own address (recordlists.py)."""

    def __init__(self, employee: Employee):
        self.code = employee.code
        self.shown: dict[str, set[int]] = {}
        self.record_url = recordlists.record_urls(employee.code)

    def table(self, slug: str, rows: list) -> dict:
        """The kind's table: the latest `SHOWN` rows, the count, the whole list's address when there is more."""
        kind = recordlists.KINDS[slug]
        latest = kind.newest_first(rows)
        shown = latest[: recordlists.SHOWN]
        self.shown[slug] = {r.pk for r in shown}
        return {"rows": shown, "count": len(latest), "title": kind.title, "template": kind.template, "slug": slug,
                "more": recordlists.list_url(self.code, slug) if len(latest) > len(shown) else None}

    def href(self, record) -> str:
        return self.href_for(record._meta.model_name, record.pk)

    def href_for(self, slug: str, pk: int) -> str:
        if pk in self.shown.get(slug, ()):
            return f"#rec-{slug}-{pk}"
        return self.record_url(slug, pk)


def profile_reads(employee: Employee) -> list[tuple[Prepared, tuple]]:
    """The queries `build_profile` runs: every list and the unit's figures, for a page that runs them with
    its others (common/prepared.run_together) and hands their rows to `build_profile`."""
    return [*((prepared, (employee.pk,)) for prepared in _LISTS.values()),
            (unitfigures.UNIT_FIGURES, (employee.org_unit_id,))]


def build_profile(employee: Employee, *, today: dt.date, rows: list[list] | None = None) -> dict:
    """Everything the profile panels and the brief show; a bounded number of queries. `rows`: what the
    queries of `profile_reads` gave, already run."""
    unit_id, company_id = employee.org_unit_id, employee.company_id
    profile: dict = {"employee": employee, "today": today}
    tables = _Tables(employee)
    anchor = tables.href
    # Every list and the unit's figures in one round trip on PostgreSQL (common/prepared.py run_together).
    if rows is None:
        rows = run_together(*profile_reads(employee))
    lists = dict(zip((*_LISTS, "figures"), rows, strict=True))

    # --- performance -----------------------------------------------------------------------
    reviews = lists["reviews"]
    kinds = Counter(r.period_kind for r in reviews)
    main_kind = kinds.most_common(1)[0][0] if kinds else periods.QUARTER
    trend = [r for r in reviews if r.period_kind == main_kind]
    feedback = lists["feedback"]
    others = [f for f in feedback if f.rater_relation != RaterRelation.SELF]
    others_starts = sorted({f.period_start for f in others})
    # The department's figures, computed with the flags after each import (unitfigures.py): one query.
    averages, unit_avgs = unitfigures.for_profile(
        unit_id, company_id, main_kind, [r.period_start for r in trend],
        [others_starts[0], others_starts[-1]] if others_starts else [], figures=lists["figures"])
    for r in reviews:
        r.label = periods.label(r.period_kind, r.period_start)
        if r.period_kind != main_kind:
            r.label = f"{r.label} ({r.get_period_kind_display()})"
        average = averages.get((unit_id, r.period_start), {}) if r.period_kind == main_kind else {}
        r.average, r.average_count = average.get("score"), average.get("count", 0)
    perf_table = tables.table("performancereview", reviews)
    rows = []
    for r in trend:
        average = averages.get((unit_id, r.period_start), {})
        rows.append({"record": r, "label": periods.label(r.period_kind, r.period_start),
                     "average": average.get("score"), "average_kpi": average.get("kpi"),
                     "count": average.get("count", 0), "anchor": anchor(r)})
    perf_chart = None
    if trend:
        labels = [row["label"] for row in rows]
        perf_chart = _line(
            "chart-performance", labels,
            [(_("本人分数"), [_f(r.score) for r in trend], [anchor(r) for r in trend]),
             (_("部门平均"), [_f(row["average"]) for row in rows], [anchor(r) for r in trend]),
             (_("KPI完成率(%)"), [_f(r.kpi_completion) for r in trend], [anchor(r) for r in trend])],
            y_name=_("分数"), y_max=100,
            extra_axis={"type": "value", "name": "KPI %", "position": "right", "splitLine": {"show": False}},
        )
    profile["performance"] = {"rows": rows, "all": list(reversed(reviews)), "kind": main_kind, "chart": perf_chart,
                              "table": perf_table}

    # --- 360 ---------------------------------------------------------------------------------
    feedback_table = tables.table("feedback360", feedback)
    by_period: dict[dt.date, dict[str, list]] = defaultdict(lambda: defaultdict(list))
    for f in others:
        by_period[f.period_start][f.dimension].append(f)
    radar_chart, radar_rows = None, []
    if by_period:
        first, latest = min(by_period), max(by_period)
        dimensions = sorted({d for p in (first, latest) for d in by_period[p]})

        def mean(period, dim):
            rows_ = by_period[period].get(dim, [])
            return (sum(r.score for r in rows_) / len(rows_)).quantize(CENT) if rows_ else None

        for dim in dimensions:
            latest_rows = by_period[latest].get(dim, [])
            radar_rows.append({
                "dimension": dim, "first": mean(first, dim), "latest": mean(latest, dim),
                "department": unit_avgs.get((latest, dim)),
                "anchor": anchor(latest_rows[0]) if latest_rows else None,
            })
        series = [
            (_("本人（%(period)s）") % {"period": latest.isoformat()[:7]}, [_f(r["latest"]) for r in radar_rows]),
            (_("部门平均（%(period)s）") % {"period": latest.isoformat()[:7]}, [_f(r["department"]) for r in radar_rows]),
        ]
        if first != latest:
            series.append((_("入职后首次（%(period)s）") % {"period": first.isoformat()[:7]},
                           [_f(r["first"]) for r in radar_rows]))
        radar_chart = Chart("chart-360", {
            "color": PALETTE,
            "tooltip": {},
            "legend": {"top": 0},
            "radar": {"indicator": [{"name": d, "max": 5, "min": 0} for d in dimensions], "radius": "62%",
                      "center": ["50%", "58%"]},
            "series": [{"type": "radar", "data": [{"name": name, "value": values} for name, values in series]}],
        }, [[_first_anchor(by_period[latest], anchor), None, _first_anchor(by_period[first], anchor)]])
        profile["feedback_periods"] = (first, latest)
    profile["feedback"] = {"rows": radar_rows, "all": list(reversed(feedback)), "chart": radar_chart,
                           "table": feedback_table}

    # --- values and surveys over time --------------------------------------------------------
    values = lists["values"]
    profile["values"] = {"all": list(reversed(values)), "table": tables.table("valuesassessment", values),
                         "chart": _series_by_dimension("chart-values", values, lambda v: v.dimension, 5, anchor)}
    surveys = lists["surveys"]
    profile["surveys"] = {
        "all": list(reversed(surveys)), "table": tables.table("surveyresponse", surveys),
        "chart": _series_by_dimension("chart-surveys", surveys, lambda s: s.dimension or s.get_survey_display(), 10,
                                       anchor),
    }

    # --- attendance anomalies by month --------------------------------------------------------
    metric_values = lists["attendance"]
    attendance_table = tables.table("metricvalue", metric_values)
    anomalies = [m for m in metric_values if m.metric.direction == "lower"]
    months = sorted({m.period_start for m in anomalies})
    attendance_chart = None
    if months:
        labels = [periods.label(periods.MONTH, m) for m in months]
        per_metric: dict[str, dict] = {}
        for m in anomalies:
            per_metric.setdefault(metric_name(m.metric.name), {})[m.period_start] = m
        attendance_chart = Chart("chart-attendance", {
            "color": PALETTE[2:],
            "tooltip": {"trigger": "axis"},
            "legend": {"top": 0},
            "grid": {"left": 36, "right": 16, "top": 36, "bottom": 28},
            "xAxis": {"type": "category", "data": labels},
            "yAxis": {"type": "value", "minInterval": 1},
            "series": [{"name": name, "type": "bar", "stack": "a",
                        "data": [_f(by_month[m].value) if m in by_month else 0 for m in months]}
                       for name, by_month in per_metric.items()],
        }, [[anchor(by_month[m]) if m in by_month else None for m in months] for by_month in per_metric.values()])
    profile["attendance"] = {"all": list(reversed(metric_values)), "chart": attendance_chart,
                             "table": attendance_table}

    # --- training ----------------------------------------------------------------------------
    training = lists["training"]
    training_table = tables.table("trainingrecord", training)
    counts = Counter(t.status for t in training)
    exams = [t for t in training if t.exam_score is not None]
    training_chart = None
    if exams:
        training_chart = Chart("chart-training", {
            "color": PALETTE,
            "tooltip": {"trigger": "axis"},
            "grid": {"left": 36, "right": 16, "top": 16, "bottom": 60},
            "xAxis": {"type": "category", "data": [f"{t.course_date:%Y-%m} {t.course}" for t in exams],
                      "axisLabel": {"rotate": 20, "fontSize": 10}},
            "yAxis": {"type": "value", "max": 100, "name": _("考试分数")},
            "series": [{"name": _("考试分数"), "type": "bar", "data": [
                {"value": _f(t.exam_score), "itemStyle": {"color": PALETTE[3] if t.passed else PALETTE[5]}}
                for t in exams]}],
        }, [[anchor(t) for t in exams]])
    profile["training"] = {
        "all": list(reversed(training)), "chart": training_chart, "table": training_table,
        "counts": [(label, counts.get(value, 0)) for value, label in TrainingStatus.choices],
    }

    # --- rewards and penalties on a timeline --------------------------------------------------
    sanctions = lists["sanctions"]
    sanctions_table = tables.table("rewardpenalty", sanctions)
    timeline_chart = None
    if sanctions:
        kinds_ = [SanctionKind.REWARD, SanctionKind.PENALTY]
        timeline_chart = Chart("chart-sanctions", {
            "tooltip": {"trigger": "item"},
            "grid": {"left": 56, "right": 24, "top": 16, "bottom": 28},
            "xAxis": {"type": "time", "min": employee.hire_date.isoformat(), "max": today.isoformat()},
            "yAxis": {"type": "category", "data": [SanctionKind(k).label for k in kinds_]},
            "series": [{
                "type": "scatter", "symbolSize": 14,
                "data": [{"value": [s.date.isoformat(), kinds_.index(s.kind)], "name": s.title,
                          "itemStyle": {"color": PALETTE[3] if s.kind == SanctionKind.REWARD else PALETTE[5]}}
                         for s in sanctions],
            }],
        }, [[anchor(s) for s in sanctions]])
    profile["sanctions"] = {"all": list(reversed(sanctions)), "chart": timeline_chart, "table": sanctions_table}

    # --- tenure and contributions -------------------------------------------------------------
    contributions = lists["contributions"]
    end = employee.separation_date or today
    span = relativedelta(end, employee.hire_date)
    profile["tenure"] = {"years": span.years, "months": span.months}
    profile["contributions"] = {
        "all": contributions, "table": tables.table("contribution", contributions),
        "counts": Counter(c.get_kind_display() for c in contributions).most_common(),
    }

    # --- job history (manager, position and grade changes; the risk model's records) -------------
    job_changes = lists["job_changes"]
    profile["job_changes"] = job_changes
    profile["job_changes_table"] = tables.table("jobchange", job_changes)

    # --- commitments beside the records they relate to -----------------------------------------
    commitments = lists["commitments"]
    related_sources = {
        "reviews": [(record_label(r), anchor(r)) for r in list(reversed(reviews))[:3]],
        "training": [(record_label(t), anchor(t)) for t in list(reversed(training))[:3]],
        "attendance": [(f"{metric_name(m.metric.name)} {periods.label(m.period_kind, m.period_start)}：{m.value.normalize()}",
                        anchor(m)) for m in list(reversed(metric_values))[:3]],
        "contributions": [(record_label(c), anchor(c)) for c in contributions[:3]],
        "feedback": [(f"{r['dimension']}：{r['latest']}", r["anchor"]) for r in radar_rows[:3]],
    }
    for c in commitments:
        c.related = _related(c.topic, related_sources)
    profile["commitments"] = [{"record": c, "anchor": anchor(c), "related": c.related} for c in commitments]
    profile["commitments_table"] = tables.table("commitment", commitments)

    # --- flags, each with its records ------------------------------------------------------------
    # Their evidence labelled from the facts stored with it at the recompute, not the records (issue 14).
    flags = lists["flags"]
    cited = cited_records([f.pk for f in flags], Labels(), rows=lists["evidence"])
    profile["flags"] = [
        {"flag": f, "summary": flag_summary(f), "cited": cited.get(f.pk, []),
         "evidence": [{"label": c.label, "url": tables.href_for(c.kind, c.pk)} for c in cited.get(f.pk, [])]}
        for f in flags
    ]
    profile["charts"] = [c.as_json() for c in (perf_chart, radar_chart, profile["values"]["chart"],
                                               profile["surveys"]["chart"], attendance_chart, training_chart,
                                               timeline_chart) if c is not None]
    return profile


def _first_anchor(by_dimension: dict[str, list], anchor) -> str | None:
    rows = [r for dim in sorted(by_dimension) for r in by_dimension[dim]]
    return anchor(rows[0]) if rows else None


def _series_by_dimension(chart_id: str, records: list, dimension_of, y_max: int, anchor) -> Chart | None:
    if not records:
        return None
    starts = sorted({r.period_start for r in records})
    labels = [periods.label(records[0].period_kind, s) for s in starts]
    grouped: dict[str, dict] = {}
    for r in records:
        grouped.setdefault(dimension_of(r), {})[r.period_start] = r
    return _line(chart_id, labels, [
        (dim, [_f(by_start[s].score) if s in by_start else None for s in starts],
         [anchor(by_start[s]) if s in by_start else None for s in starts])
        for dim, by_start in grouped.items()
    ], y_max=y_max)


def _related(topic: str, sources: dict[str, list]) -> list[tuple[str, str]]:
    for keywords, source in TOPIC_RELATIONS:
        if any(k.lower() in topic.lower() for k in keywords):
            return sources[source]
    return []
