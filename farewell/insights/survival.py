"""Time to exit by cohort (hire year, unit, position): Kaplan–Meier curves with lifelines.

Each employee contributes one duration, from the hire date to the separation date (an exit, the
event) or to today (still employed: censored). The database does the grouping: one aggregate
query returns (cohort, days employed, left or not, how many) — so a company of 100,000 people
sends a few thousand rows, and `KaplanMeierFitter` is fitted on them with the counts as weights.

Cohorts of fewer than MIN_GROUP people are suppressed (no curve, no figures: a small cohort's
curve describes individuals), and so is any figure read off fewer than MIN_GROUP people still
at risk. Limits (the page says them): people who left before the employer's records begin are
not in the table (survivorship), and a unit or position is the one held now or at exit, not at
hire.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import numpy as np
from django.db.models import (
    Case,
    Count,
    DateField,
    DurationField,
    ExpressionWrapper,
    F,
    IntegerField,
    Q,
    Value,
    When,
)
from django.db.models.functions import ExtractYear
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from farewell.common.charts import step_lines
from farewell.org.models import Company, Employee, OrgUnit, Position

MIN_GROUP = 5
YEARS = (1, 2, 3, 5)  # the table's columns: survival at these tenures
CHART_COHORTS = 8  # the largest cohorts get a curve; the table lists every one
CHART_POINTS = 240  # points per curve at most (the step chart needs no more)
DAYS_PER_YEAR = 365.25

DIMENSIONS = {
    "hire_year": gettext_lazy("入职年份"),
    "unit": gettext_lazy("一级部门"),
    "position": gettext_lazy("岗位"),
}


@dataclass
class Cohort:
    key: object
    label: str
    n: int
    exits: int
    suppressed: bool = False
    timeline: list[float] = field(default_factory=list)  # years
    survival: list[float] = field(default_factory=list)
    at_years: list[dict] = field(default_factory=list)  # [{"years", "survival", "at_risk"}]
    median_years: float | None = None


def _key_expression(dimension: str):
    if dimension == "hire_year":
        return ExtractYear("hire_date")
    if dimension == "unit":
        return F("org_unit__path")  # mapped to its first-level division in Python (_division)
    if dimension == "position":
        return F("position_id")
    raise ValueError(dimension)


def grouped_durations(company: Company, dimension: str, *, today: dt.date, unit_paths: list[str] | None):
    """[(cohort key, days employed, left?, people)] — one aggregate query over the scoped employees.

    `unit_paths`: None for the whole company, else the path prefixes the viewer covers."""
    people = Employee.objects.filter(company=company, hire_date__lte=today)
    if unit_paths is not None:
        scope = Q(pk__in=[])
        for path in unit_paths:
            scope |= Q(org_unit__path__startswith=path)
        people = people.filter(scope)
    left = Q(separation_date__isnull=False, separation_date__lte=today)
    end = Case(When(left, then=F("separation_date")), default=Value(today), output_field=DateField())
    rows = (people
            .annotate(cohort=_key_expression(dimension),
                      days=ExpressionWrapper(end - F("hire_date"), output_field=DurationField()),
                      event=Case(When(left, then=Value(1)), default=Value(0), output_field=IntegerField()))
            .values("cohort", "days", "event").order_by().annotate(n=Count("id")))
    if dimension == "unit":
        return [(_division(r["cohort"]), _as_days(r["days"]), r["event"], r["n"]) for r in rows]
    return [(r["cohort"], _as_days(r["days"]), r["event"], r["n"]) for r in rows]


def _division(path: str) -> str:
    """The path of a unit's first-level division ("0001.0004.0007." → "0001.0004."), whatever the segment width."""
    parts = [p for p in (path or "").split(".") if p]
    return ".".join(parts[:2]) + "." if parts else ""


def _as_days(value) -> int:
    if isinstance(value, dt.timedelta):
        return value.days
    return int(value) // 86_400_000_000  # a backend that answers microseconds


def _labels(company: Company, dimension: str, keys: set) -> dict:
    if dimension == "hire_year":
        return {k: str(k) for k in keys}
    if dimension == "unit":
        names = dict(OrgUnit.objects.filter(company=company, path__in=[k for k in keys if k]).values_list("path", "name"))
        top = _("（公司本级）")
        return {k: names.get(k) or top for k in keys}
    names = dict(Position.objects.filter(company=company, pk__in=[k for k in keys if k]).values_list("pk", "name"))
    return {k: names.get(k) or _("（未设岗位）") for k in keys}


def fit_cohort(days: np.ndarray, events: np.ndarray, weights: np.ndarray) -> tuple[list, list, float | None]:
    """(timeline in years, survival, median years or None) of one cohort's Kaplan–Meier estimate."""
    from lifelines import KaplanMeierFitter  # imported here: ~1 s of import, needed by this page only

    years = days / DAYS_PER_YEAR
    fitter = KaplanMeierFitter()
    fitter.fit(years, event_observed=events, weights=weights)
    curve = fitter.survival_function_.iloc[:, 0]
    median = fitter.median_survival_time_
    return list(curve.index.astype(float)), list(curve.to_numpy(dtype=float)), \
        (None if not np.isfinite(median) else float(median))


def _survival_at(timeline: list[float], survival: list[float], t: float) -> float:
    index = int(np.searchsorted(timeline, t, side="right")) - 1
    return survival[index] if index >= 0 else 1.0


def survival_by_cohort(company: Company, dimension: str, *, today: dt.date,
                       unit_paths: list[str] | None) -> list[Cohort]:
    """Every cohort in scope, largest first; suppressed ones carry no figures."""
    rows = grouped_durations(company, dimension, today=today, unit_paths=unit_paths)
    by_key: dict = {}
    for key, days, event, n in rows:
        by_key.setdefault(key, []).append((days, event, n))
    labels = _labels(company, dimension, set(by_key))
    cohorts = []
    for key, items in by_key.items():
        data = np.array(items, dtype=float)
        n, exits = int(data[:, 2].sum()), int((data[:, 1] * data[:, 2]).sum())
        cohort = Cohort(key=key, label=labels[key], n=n, exits=exits, suppressed=n < MIN_GROUP)
        if not cohort.suppressed:
            cohort.timeline, cohort.survival, cohort.median_years = fit_cohort(data[:, 0], data[:, 1], data[:, 2])
            for t in YEARS:
                at_risk = int(data[data[:, 0] / DAYS_PER_YEAR >= t, 2].sum())
                value = _survival_at(cohort.timeline, cohort.survival, t) if at_risk >= MIN_GROUP else None
                cohort.at_years.append({"years": t, "at_risk": at_risk,
                                        "survival": None if value is None else round(value * 100, 1)})
        else:
            cohort.n, cohort.exits = 0, 0  # nothing of a suppressed cohort leaves this function
        cohorts.append(cohort)
    cohorts.sort(key=lambda c: (c.suppressed, -c.n, str(c.label)))
    return cohorts


def _thin(timeline: list[float], survival: list[float], limit: int = CHART_POINTS) -> list[list[float]]:
    points = [[0.0, 100.0]] + [[round(t, 3), round(s * 100, 2)] for t, s in zip(timeline, survival, strict=True) if t > 0]
    if len(points) <= limit:
        return points
    step = len(points) / limit
    keep = sorted({int(i * step) for i in range(limit)} | {len(points) - 1})
    return [points[i] for i in keep]


def step_chart(chart_id: str, cohorts: list[Cohort]) -> dict:
    """The largest unsuppressed cohorts' curves as an ECharts step chart (x: years, y: % still employed)."""
    shown = [c for c in cohorts if not c.suppressed][:CHART_COHORTS]
    return step_lines(chart_id, [(c.label, _thin(c.timeline, c.survival)) for c in shown],
                      x_name=_("司龄（年）"), y_name=_("仍在职 %"))
