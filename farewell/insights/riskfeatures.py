"""The attrition-risk model's features: what an employee's lawful, necessary records said on a date.

Only records an employer keeps to manage the job (PIPL Art. 6 minimum necessity, Art. 24 for
automated decisions): tenure, pay against the position's band and peers, pay changes, overtime,
the review trend, training offered and missed, attendance trends, survey answers. Never gender,
age or birth date, marital or family status, pregnancy, health or protected periods, ethnicity,
union membership or retirement category: PROTECTED lists the fields no query here may read, and
a test fails if one is read or named as a feature. Manager changes and promotions come from the
job history (org.JobChange, kept from the day Farewell started recording: a change before the
company's first recorded one is unknown, so both features are missing on days before it, and
"months since the last promotion" is missing for someone hired before it and never promoted
since; org/promotions.py says what a promotion is).

`Snapshot(company).at(day)` gives one row per employee active on `day`, built only from records
whose period had ended by then (a yearly review counts from the end of its year), and, on
request, the records behind each value.

Speed (issue 18, 100,000 employees): each record kind is reduced in the database, one aggregate
query per kind and day (GROUP BY employee with filtered aggregates; the latest reviews and
intent answers by a ROW_NUMBER window), so Python receives at most a few rows per employee and
never loops over them; pay against peers takes the position's median in pandas (no portable SQL
median). Pay features read the last complete month before the day (the same month for everyone),
and a day's table is computed once however many times the evaluation and the training ask.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta
from django.db.models import Avg, Count, F, Max, Min, Q, Sum, Window
from django.db.models.functions import RowNumber
from django.utils.translation import gettext_lazy as _

from farewell.org.models import Company, Employee, JobChange, JobChangeKind, Position, WageMonth
from farewell.records.models import (
    MetricCategory,
    MetricValue,
    PerformanceReview,
    SurveyKind,
    SurveyResponse,
    TrainingRecord,
    TrainingStatus,
)

# Fields of Employee (and whole models) that the risk model must never read.
PROTECTED = ("gender", "birth_date", "union_member", "retirement_category", "id_number", "bank_account",
             "statusperiod", "marital", "ethnicity", "pregnan", "health", "age")
PERIOD_MONTHS = {"month": 1, "quarter": 3, "year": 12}
HISTORY_MONTHS = 15  # how far back a snapshot looks (12 months of trend plus a quarter)


@dataclass(frozen=True)
class Feature:
    name: str
    label: object  # lazy Chinese label
    unit: object  # how a value reads ("年", "%", "")
    digits: int = 1
    higher_means_more_risk: bool | None = None  # for the sentence; the model learns the sign itself


FEATURES = (
    Feature("tenure_years", _("司龄"), _("年")),
    Feature("pay_vs_band", _("工资在薪档中的位置"), "", 2),
    Feature("pay_vs_peers", _("工资与同岗位中位数之比"), "", 2),
    Feature("pay_change_12m", _("近12个月基本工资变化"), "%", 1),
    Feature("overtime_share", _("近3个月加班工资占基本工资"), "%", 1),
    Feature("overtime_trend", _("加班工资变化（近3个月比之前9个月）"), "%", 1),
    Feature("review_latest", _("最近一次绩效分数"), _("分"), 1),
    Feature("review_trend", _("绩效趋势（最近一次减之前三次平均）"), _("分"), 1),
    Feature("training_offered_12m", _("近12个月安排的培训"), _("次"), 0),
    Feature("training_missed_12m", _("近12个月拒绝或缺席的培训"), _("次"), 0),
    Feature("attendance_trend", _("考勤异常变化（近3个月比之前9个月的月均）"), "", 2),
    Feature("survey_score", _("近6个月敬业度与满意度平均分"), _("分"), 1),
    Feature("survey_intent", _("最近一次离职倾向得分"), _("分"), 1),
    Feature("supervisor_changes_24m", _("近24个月直接上级变更次数"), _("次"), 0),
    Feature("months_since_promotion", _("距上次晋升（或入职）的月数"), _("个月"), 0),
)
FEATURE_NAMES = tuple(f.name for f in FEATURES)
BY_NAME = {f.name: f for f in FEATURES}

# Which record kinds stand behind each feature (for the "records behind" links).
EVIDENCE_KIND = {
    "pay_vs_band": "wagemonth", "pay_vs_peers": "wagemonth", "pay_change_12m": "wagemonth",
    "overtime_share": "wagemonth", "overtime_trend": "wagemonth",
    "review_latest": "performancereview", "review_trend": "performancereview",
    "training_offered_12m": "trainingrecord", "training_missed_12m": "trainingrecord",
    "attendance_trend": "metricvalue", "survey_score": "surveyresponse", "survey_intent": "surveyresponse",
    "supervisor_changes_24m": "jobchange", "months_since_promotion": "jobchange",
}
SUPERVISOR_WINDOW_MONTHS = 24
DAYS_PER_MONTH = 30.4375


def _frame(rows, columns: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(rows), columns=columns)


def _ended_by(day: dt.date) -> Q:
    """Records (period_kind, period_start) whose period had ended by `day`; an unknown kind counts as a month."""
    q = Q(~Q(period_kind__in=list(PERIOD_MONTHS)), period_start__lte=day + dt.timedelta(days=1) - relativedelta(months=1))
    for kind, months in PERIOD_MONTHS.items():
        q |= Q(period_kind=kind, period_start__lte=day + dt.timedelta(days=1) - relativedelta(months=months))
    return q


def _ended_after(day: dt.date) -> Q:
    """Records whose period ended after `day` (the complement of _ended_by)."""
    return ~_ended_by(day)


def _month(day: dt.date) -> dt.date:
    """The first day of the last month that had ended by `day`."""
    return (day + dt.timedelta(days=1) - relativedelta(months=1)).replace(day=1)


def _dates(values) -> pd.Series:
    return pd.to_datetime(pd.Series(values), errors="coerce")


class Evidence(Mapping):
    """The records behind each feature, by employee: `records(employee id, feature)` → [(model name, pk)],
    newest first, six at most; also a read-only mapping {employee id: {feature: [...]}}.

    Built from one id query per record kind, grouped with numpy (sorted once, then sliced): the
    trainer asks only for each employee's top factors, not for every feature of 100,000 people."""

    def __init__(self, cited: dict[str, pd.DataFrame]):
        self._features = {}
        for feature, rows in cited.items():
            rows = rows.sort_values(["employee_id", "_order"], ascending=[True, False], kind="stable")
            rows = rows.groupby("employee_id", sort=False).head(6)
            employees = rows["employee_id"].to_numpy()
            keys, starts = np.unique(employees, return_index=True)
            stops = np.append(starts[1:], len(employees))
            kind = rows["kind"].iat[0] if len(rows) else ""
            self._features[feature] = (dict(zip(keys.tolist(), zip(starts.tolist(), stops.tolist(), strict=True),
                                                strict=True)), rows["id"].to_numpy(), kind)
        self._employees = sorted({e for index, _ids, _kind in self._features.values() for e in index})

    def records(self, employee_id: int, feature: str) -> list[tuple[str, int]]:
        found = self._features.get(feature)
        if found is None or employee_id not in found[0]:
            return []
        start, stop = found[0][employee_id]
        return [(found[2], int(pk)) for pk in found[1][start:stop]]

    def __getitem__(self, employee_id: int) -> dict[str, list]:
        out = {f: self.records(employee_id, f) for f in self._features}
        out = {f: r for f, r in out.items() if r}
        if not out:
            raise KeyError(employee_id)
        return out

    def __iter__(self):
        return iter(self._employees)

    def __len__(self) -> int:
        return len(self._employees)


class Snapshot:
    """A company's feature tables by day: `at(day)` asks the database for that day's aggregates."""

    def __init__(self, company: Company, *, since: dt.date | None = None, until: dt.date | None = None):
        self.company = company
        self.people = _frame(Employee.objects.filter(company=company).values_list(
            "id", "hire_date", "separation_date", "org_unit_id", "position_id"),
            ["id", "hire_date", "separation_date", "org_unit_id", "position_id"])
        self._hired = _dates(self.people["hire_date"]).to_numpy()
        self._left = _dates(self.people["separation_date"]).to_numpy()
        bands = Position.objects.filter(company=company).values_list("id", "wage_min", "wage_max")
        self.bands = pd.DataFrame.from_records(
            [(pk, float(lo) if lo is not None else np.nan, float(hi) if hi is not None else np.nan)
             for pk, lo, hi in bands], columns=["position_id", "lo", "hi"]).set_index("position_id")
        self.history_start = JobChange.objects.filter(employee__company=company).aggregate(
            first=Min("effective_date"))["first"]
        self._tables: dict[dt.date, pd.DataFrame] = {}
        self._evidence = False

    def active(self, day: dt.date) -> pd.DataFrame:
        ts = np.datetime64(day)
        keep = (self._hired <= ts) & ~(self._left <= ts)  # NaT compares False: still employed
        return self.people[keep].set_index("id")

    def at(self, day: dt.date, *, evidence: bool = False) -> tuple[pd.DataFrame, Mapping]:
        """(features indexed by employee id, Evidence — {employee id: {feature: [(model name, pk), ...]}})."""
        if not evidence and day in self._tables:
            return self._tables[day].copy(), {}
        self._evidence = evidence
        self._cited: dict[str, pd.DataFrame] = {}
        people = self.active(day)
        table = pd.DataFrame(index=people.index, columns=list(FEATURE_NAMES), dtype="float64")
        hired = _dates(people["hire_date"]).to_numpy()
        table["tenure_years"] = (np.datetime64(day) - hired) / np.timedelta64(1, "D") / 365.25
        self._wages(day, people, table)
        self._reviews(day, table)
        self._training(day, table)
        self._attendance(day, table)
        self._surveys(day, table)
        self._history(day, people, table)
        if not evidence:
            self._tables[day] = table
            return table.copy(), {}
        return table, self._behind(table.index)

    # --- one record kind each: one aggregate query per day ---------------------------------------

    def _fill(self, table: pd.DataFrame, feature: str, values: pd.Series) -> None:
        values = values[values.index.isin(table.index)]
        table.loc[values.index, feature] = values.to_numpy(dtype=float)

    def _cite(self, feature: str, kind: str, rows: pd.DataFrame, order: str) -> None:
        """Remember the records behind a feature (employee_id, id, `order`): the newest six each."""
        if self._evidence and not rows.empty:
            self._cited[feature] = rows[["employee_id", "id"]].assign(kind=kind, _order=rows[order].to_numpy())

    def _behind(self, index) -> Evidence:
        return Evidence({feature: rows[rows["employee_id"].isin(index)] for feature, rows in self._cited.items()})

    def _wages(self, day, people, table) -> None:
        last = _month(day)
        year_ago, three = last - relativedelta(months=12), last - relativedelta(months=2)
        rows = (WageMonth.objects.filter(employee__company=self.company, month__gt=year_ago - relativedelta(months=1),
                                         month__lte=last)
                .values("employee_id").order_by()
                .annotate(base_last=Max("base", filter=Q(month=last)), base_year=Max("base", filter=Q(month=year_ago)),
                          base3=Avg("base", filter=Q(month__gte=three)), ot3=Avg("overtime", filter=Q(month__gte=three)),
                          ot9=Avg("overtime", filter=Q(month__lt=three, month__gt=year_ago)))
                .values_list("employee_id", "base_last", "base_year", "base3", "ot3", "ot9"))
        w = _frame(rows, ["employee_id", "base_last", "base_year", "base3", "ot3", "ot9"]).set_index("employee_id")
        w = w[w.index.isin(table.index)].astype(float)
        if w.empty:
            return
        position = people["position_id"].reindex(w.index)
        peers = w["base_last"].groupby(position).transform("median")
        self._fill(table, "pay_vs_peers", w["base_last"] / peers.replace(0, np.nan))
        band = self.bands.reindex(position.to_numpy())
        span = (band["hi"] - band["lo"]).to_numpy()
        self._fill(table, "pay_vs_band", pd.Series(np.where(span > 0, (w["base_last"].to_numpy() - band["lo"].to_numpy())
                                                          / np.where(span > 0, span, 1), np.nan), index=w.index))
        self._fill(table, "pay_change_12m", (w["base_last"] / w["base_year"].replace(0, np.nan) - 1) * 100)
        base3 = w["base3"].replace(0, np.nan)
        self._fill(table, "overtime_share", w["ot3"] / base3 * 100)
        self._fill(table, "overtime_trend", (w["ot3"] - w["ot9"]) / base3 * 100)
        if self._evidence:
            months = [last, last - relativedelta(months=1), three, year_ago]
            ids = _frame(WageMonth.objects.filter(employee__company=self.company, month__in=months)
                         .values_list("id", "employee_id", "month"), ["id", "employee_id", "month"])
            recent = ids[ids["month"] != year_ago]
            for name in ("pay_vs_band", "pay_vs_peers", "overtime_share", "overtime_trend"):
                self._cite(name, "wagemonth", recent, "month")
            self._cite("pay_change_12m", "wagemonth", ids[ids["month"].isin([last, year_ago])], "month")

    def _reviews(self, day, table) -> None:
        ranked = (PerformanceReview.objects.filter(employee__company=self.company, score__isnull=False)
                  .filter(_ended_by(day))
                  .annotate(rank=Window(RowNumber(), partition_by=[F("employee_id"), F("period_kind")],
                                        order_by=[F("period_start").desc(), F("id").desc()]))
                  .filter(rank__lte=4).values_list("id", "employee_id", "period_kind", "period_start", "score", "rank"))
        r = _frame(ranked, ["id", "employee_id", "period_kind", "period_start", "score", "rank"])
        r = r[r["employee_id"].isin(table.index)]
        if r.empty:
            return
        r = r.assign(score=r["score"].astype(float))
        newest = r[r["rank"] == 1].sort_values(["period_start", "id"])
        kind = newest.groupby("employee_id")["period_kind"].last()  # the kind of the latest review
        r = r[r["period_kind"].to_numpy() == r["employee_id"].map(kind).to_numpy()]
        latest = r[r["rank"] == 1].set_index("employee_id")
        earlier = r[r["rank"] > 1].groupby("employee_id")["score"].mean()
        self._fill(table, "review_latest", latest["score"])
        self._fill(table, "review_trend", latest["score"].reindex(earlier.index) - earlier)
        self._cite("review_latest", "performancereview", r[r["rank"] == 1], "period_start")
        self._cite("review_trend", "performancereview", r, "period_start")

    def _training(self, day, table) -> None:
        window = TrainingRecord.objects.filter(employee__company=self.company, course_date__lte=day,
                                               course_date__gt=day - relativedelta(months=12))
        missed = [TrainingStatus.DECLINED, TrainingStatus.ABSENT]
        counts = _frame(window.values("employee_id").order_by()
                        .annotate(offered=Count("id"), missed=Count("id", filter=Q(status__in=missed)))
                        .values_list("employee_id", "offered", "missed"), ["employee_id", "offered", "missed"])
        table["training_offered_12m"] = 0.0
        table["training_missed_12m"] = 0.0
        counts = counts.set_index("employee_id")
        self._fill(table, "training_offered_12m", counts["offered"])
        self._fill(table, "training_missed_12m", counts["missed"])
        if self._evidence:
            ids = _frame(window.values_list("id", "employee_id", "course_date", "status"),
                         ["id", "employee_id", "course_date", "status"])
            self._cite("training_offered_12m", "trainingrecord", ids, "course_date")
            self._cite("training_missed_12m", "trainingrecord", ids[ids["status"].isin(missed)], "course_date")

    def _attendance(self, day, table) -> None:
        window = (MetricValue.objects.filter(employee__company=self.company, metric__category=MetricCategory.ATTENDANCE)
                  .filter(_ended_by(day) & _ended_after(day - relativedelta(months=12))))
        recent = _ended_after(day - relativedelta(months=3))
        sums = _frame(window.values("employee_id").order_by()
                      .annotate(recent=Sum("value", filter=recent), earlier=Sum("value", filter=~recent))
                      .values_list("employee_id", "recent", "earlier"), ["employee_id", "recent", "earlier"])
        if sums.empty:
            return
        sums = sums.set_index("employee_id").astype(float).fillna(0.0)
        self._fill(table, "attendance_trend", sums["recent"] / 3.0 - sums["earlier"] / 9.0)
        if self._evidence:
            ids = _frame(window.filter(recent).values_list("id", "employee_id", "period_start"),
                         ["id", "employee_id", "period_start"])
            self._cite("attendance_trend", "metricvalue", ids, "period_start")

    def _surveys(self, day, table) -> None:
        window = SurveyResponse.objects.filter(employee__company=self.company).filter(
            _ended_by(day) & _ended_after(day - relativedelta(months=6)))
        mood = window.filter(survey__in=[SurveyKind.ENGAGEMENT, SurveyKind.SATISFACTION])
        means = _frame(mood.values("employee_id").order_by().annotate(score=Avg("score"))
                       .values_list("employee_id", "score"), ["employee_id", "score"]).set_index("employee_id")
        self._fill(table, "survey_score", means["score"].astype(float))
        intent = _frame(window.filter(survey=SurveyKind.INTENT_TO_LEAVE)
                        .annotate(rank=Window(RowNumber(), partition_by=[F("employee_id")],
                                              order_by=[F("period_start").desc(), F("id").desc()]))
                        .filter(rank=1).values_list("id", "employee_id", "period_start", "score"),
                        ["id", "employee_id", "period_start", "score"])
        self._fill(table, "survey_intent", intent.set_index("employee_id")["score"].astype(float))
        if self._evidence:
            ids = _frame(mood.values_list("id", "employee_id", "period_start"), ["id", "employee_id", "period_start"])
            self._cite("survey_score", "surveyresponse", ids, "period_start")
            self._cite("survey_intent", "surveyresponse", intent, "period_start")

    def _history(self, day, people, table) -> None:
        """Changes of manager in the last 24 months and months since the last promotion (or since
        hire for someone hired after the history began and never promoted)."""
        if self.history_start is None or self.history_start > day:
            return  # no history yet on that day: unknown, not zero
        window = day - relativedelta(months=SUPERVISOR_WINDOW_MONTHS)
        moved = Q(kind=JobChangeKind.MANAGER, old_manager__isnull=False, effective_date__gt=window)
        known = JobChange.objects.filter(employee__company=self.company, effective_date__lte=day)
        rows = _frame(known.values("employee_id").order_by()
                      .annotate(moves=Count("id", filter=moved), promoted=Max("effective_date", filter=Q(promotion=True)))
                      .values_list("employee_id", "moves", "promoted"), ["employee_id", "moves", "promoted"])
        rows = rows.set_index("employee_id")
        table["supervisor_changes_24m"] = 0.0
        self._fill(table, "supervisor_changes_24m", rows["moves"])
        since = people["hire_date"].where(people["hire_date"] >= self.history_start)
        promoted = rows["promoted"].dropna()
        promoted = promoted[promoted.index.isin(since.index)]
        since.loc[promoted.index] = promoted
        since = _dates(since)
        elapsed = (pd.Timestamp(day) - since).dt.days / DAYS_PER_MONTH
        self._fill(table, "months_since_promotion", elapsed.dropna())
        if self._evidence:
            ids = _frame(known.filter(moved | Q(promotion=True)).values_list("id", "employee_id", "effective_date",
                                                                             "promotion", "kind"),
                         ["id", "employee_id", "effective_date", "promotion", "kind"])
            ids = ids.sort_values(["effective_date", "id"])
            self._cite("supervisor_changes_24m", "jobchange",
                       ids[(ids["kind"] == JobChangeKind.MANAGER) & ~ids["promotion"].astype(bool)]
                       if not ids.empty else ids, "effective_date")
            last = ids[ids["promotion"].astype(bool)].groupby("employee_id").tail(1) if not ids.empty else ids
            self._cite("months_since_promotion", "jobchange", last, "effective_date")

    def left_within(self, day: dt.date, until: dt.date) -> pd.Series:
        """1 for the employees active on `day` who left in (day, until], else 0."""
        people = self.active(day)
        left = _dates(people["separation_date"])
        return ((left > pd.Timestamp(day)) & (left <= pd.Timestamp(until))).astype(int).set_axis(people.index)
