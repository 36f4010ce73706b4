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
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta
from django.db.models import Min, Q
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


def _frame(queryset, fields: list[str]) -> pd.DataFrame:
    return pd.DataFrame.from_records(list(queryset.values_list(*fields)), columns=fields)


def _period_end(kind: pd.Series, start: pd.Series) -> pd.Series:
    months = kind.map(PERIOD_MONTHS).fillna(1).astype(int)
    return pd.Series([s + relativedelta(months=m) - dt.timedelta(days=1) for s, m in zip(start, months, strict=True)],
                     index=start.index, dtype="object")


class Snapshot:
    """The company's records loaded once; `at(day)` builds the feature table of one day."""

    def __init__(self, company: Company, *, since: dt.date, until: dt.date):
        self.company = company
        start = since - relativedelta(months=HISTORY_MONTHS)
        people = Employee.objects.filter(company=company)
        self.people = _frame(people, ["id", "hire_date", "separation_date", "org_unit_id", "position_id"])
        bands = Position.objects.filter(company=company)
        self.bands = {pk: (lo, hi) for pk, lo, hi in bands.values_list("id", "wage_min", "wage_max")}
        self.wages = _frame(WageMonth.objects.filter(employee__company=company, month__gte=start, month__lte=until),
                            ["id", "employee_id", "month", "base", "overtime"])
        self.wages["end"] = [m + relativedelta(months=1) - dt.timedelta(days=1) for m in self.wages["month"]]
        self.reviews = _frame(PerformanceReview.objects.filter(employee__company=company, period_start__lte=until,
                                                               score__isnull=False),
                              ["id", "employee_id", "period_kind", "period_start", "score"])
        self.reviews["end"] = _period_end(self.reviews["period_kind"], self.reviews["period_start"])
        self.training = _frame(TrainingRecord.objects.filter(employee__company=company, course_date__gte=start,
                                                             course_date__lte=until),
                               ["id", "employee_id", "course_date", "status"])
        self.surveys = _frame(SurveyResponse.objects.filter(employee__company=company, period_start__gte=start,
                                                            period_start__lte=until),
                              ["id", "employee_id", "survey", "period_kind", "period_start", "score"])
        self.surveys["end"] = _period_end(self.surveys["period_kind"], self.surveys["period_start"])
        attendance = MetricValue.objects.filter(employee__company=company, metric__category=MetricCategory.ATTENDANCE,
                                                period_start__gte=start, period_start__lte=until)
        self.attendance = _frame(attendance, ["id", "employee_id", "metric_id", "period_kind", "period_start", "value"])
        self.attendance["end"] = _period_end(self.attendance["period_kind"], self.attendance["period_start"])
        changes = JobChange.objects.filter(employee__company=company)
        self.history_start = changes.aggregate(first=Min("effective_date"))["first"]
        self.changes = _frame(changes.filter(effective_date__lte=until).filter(
            Q(kind=JobChangeKind.MANAGER, old_manager__isnull=False) | Q(promotion=True)),
            ["id", "employee_id", "kind", "effective_date", "promotion"])

    def active(self, day: dt.date) -> pd.DataFrame:
        people = self.people
        left = people["separation_date"].map(lambda d: d is not None and d <= day)
        return people[(people["hire_date"] <= day) & ~left].set_index("id")

    def at(self, day: dt.date, *, evidence: bool = False) -> tuple[pd.DataFrame, dict]:
        """(features indexed by employee id, {employee id: {feature: [(model name, pk), ...]}})."""
        self._evidence = evidence
        people = self.active(day)
        table = pd.DataFrame(index=people.index, columns=list(FEATURE_NAMES), dtype="float64")
        behind: dict[int, dict[str, list]] = {}

        def cite(employee_id, feature, kind, pks):
            pks = list(pks)
            if evidence and pks:
                behind.setdefault(int(employee_id), {})[feature] = [(kind, int(pk)) for pk in pks[:6]]

        table["tenure_years"] = [(day - h).days / 365.25 for h in people["hire_date"]]
        self._wages(day, people, table, cite)
        self._reviews(day, table, cite)
        self._training(day, table, cite)
        self._attendance(day, table, cite)
        self._surveys(day, table, cite)
        self._history(day, people, table, cite)
        return table, behind

    # --- one record kind each ------------------------------------------------------------------

    def _wages(self, day, people, table, cite) -> None:
        w = self.wages[(self.wages["end"] <= day) & self.wages["employee_id"].isin(table.index)]
        if w.empty:
            return
        w = w.assign(base=w["base"].astype(float), overtime=w["overtime"].astype(float)).sort_values("month")
        latest_month = w.groupby("employee_id")["month"].transform("max")
        latest = w[w["month"] == latest_month].drop_duplicates("employee_id", keep="last").set_index("employee_id")
        position = people["position_id"].reindex(latest.index)
        peers = latest.assign(position=position).groupby(["position", "month"])["base"].transform("median")
        table.loc[latest.index, "pay_vs_peers"] = (latest["base"] / peers.replace(0, np.nan)).to_numpy()
        for employee_id, base, pos in zip(latest.index, latest["base"], position, strict=True):
            lo, hi = self.bands.get(pos, (None, None)) if pos == pos and pos is not None else (None, None)
            if lo is not None and hi is not None and hi > lo:
                table.at[employee_id, "pay_vs_band"] = (base - float(lo)) / float(hi - lo)
        year_ago = latest["month"].map(lambda m: m - relativedelta(months=12))
        before = w.merge(year_ago.rename("target").reset_index(), on="employee_id")
        before = before[before["month"] == before["target"]].set_index("employee_id")["base"]
        change = (latest["base"].reindex(before.index) / before.replace(0, np.nan) - 1) * 100
        table.loc[change.index, "pay_change_12m"] = change.to_numpy()
        months_back = (w["month"].map(lambda m: m.year * 12 + m.month)
                       - latest_month.map(lambda m: m.year * 12 + m.month))
        last3, prev9 = w[months_back > -3], w[(months_back <= -3) & (months_back > -12)]
        ot3, base3 = last3.groupby("employee_id")["overtime"].mean(), last3.groupby("employee_id")["base"].mean()
        ot9 = prev9.groupby("employee_id")["overtime"].mean()
        table.loc[ot3.index, "overtime_share"] = (ot3 / base3.replace(0, np.nan) * 100).to_numpy()
        trend = (ot3.reindex(ot9.index) - ot9) / base3.reindex(ot9.index).replace(0, np.nan) * 100
        table.loc[trend.index, "overtime_trend"] = trend.to_numpy()
        for employee_id, rows in (w.groupby("employee_id") if self._evidence else ()):
            for name in ("pay_vs_band", "pay_vs_peers", "pay_change_12m", "overtime_share", "overtime_trend"):
                cite(employee_id, name, "wagemonth", reversed(rows["id"].tolist()[-3:] if name != "pay_change_12m"
                                                              else rows["id"].tolist()[-13:]))

    def _reviews(self, day, table, cite) -> None:
        r = self.reviews[(self.reviews["end"] <= day) & self.reviews["employee_id"].isin(table.index)]
        if r.empty:
            return
        r = r.assign(score=r["score"].astype(float)).sort_values("period_start")
        for employee_id, rows in r.groupby("employee_id"):
            kind = rows["period_kind"].iloc[-1]
            same = rows[rows["period_kind"] == kind]
            table.at[employee_id, "review_latest"] = same["score"].iloc[-1]
            if len(same) >= 2:
                table.at[employee_id, "review_trend"] = same["score"].iloc[-1] - same["score"].iloc[-4:-1].mean()
            if self._evidence:
                cite(employee_id, "review_latest", "performancereview", [same["id"].iloc[-1]])
                cite(employee_id, "review_trend", "performancereview", reversed(same["id"].tolist()[-4:]))

    def _training(self, day, table, cite) -> None:
        t = self.training
        t = t[(t["course_date"] <= day) & (t["course_date"] > day - relativedelta(months=12))
              & t["employee_id"].isin(table.index)]
        table["training_offered_12m"] = 0.0
        table["training_missed_12m"] = 0.0
        for employee_id, rows in t.groupby("employee_id"):
            missed = rows[rows["status"].isin([TrainingStatus.DECLINED, TrainingStatus.ABSENT])]
            table.at[employee_id, "training_offered_12m"] = len(rows)
            table.at[employee_id, "training_missed_12m"] = len(missed)
            cite(employee_id, "training_offered_12m", "trainingrecord", rows["id"])
            cite(employee_id, "training_missed_12m", "trainingrecord", missed["id"])

    def _attendance(self, day, table, cite) -> None:
        a = self.attendance
        a = a[(a["end"] <= day) & (a["end"] > day - relativedelta(months=12)) & a["employee_id"].isin(table.index)]
        if a.empty:
            return
        recent = a["end"] > day - relativedelta(months=3)
        a = a.assign(value=a["value"].astype(float), recent=recent)
        per_month = a.groupby(["employee_id", "recent"])["value"].sum().unstack()
        months = {True: 3.0, False: 9.0}
        if True in per_month and False in per_month:
            trend = per_month[True].fillna(0) / months[True] - per_month[False].fillna(0) / months[False]
            table.loc[trend.index, "attendance_trend"] = trend.to_numpy()
        for employee_id, rows in (a[a["recent"]].groupby("employee_id") if self._evidence else ()):
            cite(employee_id, "attendance_trend", "metricvalue", rows["id"])

    def _surveys(self, day, table, cite) -> None:
        s = self.surveys
        s = s[(s["end"] <= day) & (s["end"] > day - relativedelta(months=6)) & s["employee_id"].isin(table.index)]
        if s.empty:
            return
        s = s.assign(score=s["score"].astype(float)).sort_values("period_start")
        mood = s[s["survey"].isin([SurveyKind.ENGAGEMENT, SurveyKind.SATISFACTION])]
        means = mood.groupby("employee_id")["score"].mean()
        table.loc[means.index, "survey_score"] = means.to_numpy()
        intent = s[s["survey"] == SurveyKind.INTENT_TO_LEAVE]
        last = intent.groupby("employee_id")["score"].last()
        table.loc[last.index, "survey_intent"] = last.to_numpy()
        for employee_id, rows in (mood.groupby("employee_id") if self._evidence else ()):
            cite(employee_id, "survey_score", "surveyresponse", reversed(rows["id"].tolist()))
        for employee_id, rows in (intent.groupby("employee_id") if self._evidence else ()):
            cite(employee_id, "survey_intent", "surveyresponse", [rows["id"].iloc[-1]])

    def _history(self, day, people, table, cite) -> None:
        """Changes of manager in the last 24 months and months since the last promotion (or since
        hire for someone hired after the history began and never promoted)."""
        if self.history_start is None or self.history_start > day:
            return  # no history yet on that day: unknown, not zero
        c = self.changes[(self.changes["effective_date"] <= day) & self.changes["employee_id"].isin(table.index)]
        window = day - relativedelta(months=SUPERVISOR_WINDOW_MONTHS)
        moves = c[(c["kind"] == JobChangeKind.MANAGER) & (c["effective_date"] > window)]
        table["supervisor_changes_24m"] = 0.0
        counts = moves.groupby("employee_id").size()
        table.loc[counts.index, "supervisor_changes_24m"] = counts.to_numpy(dtype=float)
        promotions = c[c["promotion"].astype(bool)].sort_values(["effective_date", "id"])
        last = promotions.groupby("employee_id")["effective_date"].last()
        since = people["hire_date"].where(people["hire_date"] >= self.history_start)
        since.loc[last.index] = last
        known = since.dropna()
        elapsed = pd.Timestamp(day) - pd.to_datetime(known)
        table.loc[known.index, "months_since_promotion"] = (elapsed.dt.days / DAYS_PER_MONTH).to_numpy()
        if self._evidence:
            for employee_id, rows in moves.groupby("employee_id"):
                cite(employee_id, "supervisor_changes_24m", "jobchange", reversed(rows["id"].tolist()))
            for employee_id, pk in promotions.groupby("employee_id")["id"].last().items():
                cite(employee_id, "months_since_promotion", "jobchange", [pk])

    def left_within(self, day: dt.date, until: dt.date) -> pd.Series:
        """1 for the employees active on `day` who left in (day, until], else 0."""
        people = self.active(day)
        return people["separation_date"].map(lambda d: int(d is not None and day < d <= until))
