"""The in-app attrition-risk model: trained on the company's own history, evaluated by time.

- Rows: every employee active on a snapshot day, described by riskfeatures (records whose period
  had ended by that day), labelled 1 if they left within the next HORIZON_MONTHS.
- Time split: the evaluation trains on snapshots whose outcome was known by the cutoff
  (snapshot + horizon ≤ cutoff) and scores the employees active on the cutoff against who
  actually left in the six months after it. Nothing is resampled. The model family (logistic
  regression or gradient boosting) is chosen by inner cross-validation on the training rows and
  its probabilities are calibrated (riskmodel, the same as `farewell risk evaluate`).
- Refusals: a cutoff whose six months have not all passed, records dated in the future (a
  pre-entered raise or review would tell the model what was not yet known), too few exits.
- Explanations: for each employee, how much the probability falls when one feature is set to
  the unit's median (the company's when the unit has fewer than 5 people) — the factors, in the
  person's value against the unit's, with the records behind each.

PIPL Art. 24: the score decides nothing by itself; only HR sees it (and managers for their own
reports when the company allows it); the model card says what it uses and its limits.
"""

from __future__ import annotations

import datetime as dt
import io
import time
from dataclasses import dataclass

import joblib
import numpy as np
import pandas as pd
from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop
from sklearn.metrics import average_precision_score, brier_score_loss, roc_auc_score
from threadpoolctl import threadpool_limits

from farewell.common.models import Job
from farewell.common.wording import Joined, Words
from farewell.org.models import Company, WageMonth
from farewell.records.models import (
    MetricValue,
    PerformanceReview,
    SurveyResponse,
    TrainingRecord,
    TrainingStatus,
)

from . import riskfeatures, riskmodel
from .models import RiskModel, RiskScore

HORIZON_MONTHS = 6
SNAPSHOT_STEP_MONTHS = 3
TRAIN_SNAPSHOTS = 8  # two years of quarterly snapshots before the cutoff
MIN_EXITS = 5  # training needs at least this many leavers (and as many stayers)
MIN_GROUP = 5  # unit aggregates and unit medians need at least this many people
TOP_FACTORS = 3
MIN_EFFECT = 0.005  # a factor must move the probability at least this much
JOB_KIND = "insights.train_risk"


class RiskDataError(Exception):
    """The history cannot be used as asked; the message says why, in words HR can act on. It keeps its msgid and
    values (`words`): a training job stores them and words them in the reader's language when shown."""

    def __init__(self, msgid: str, **params):
        self.words = Words(msgid, **params)
        super().__init__(str(self.words))


@dataclass
class Split:
    X: pd.DataFrame
    y: np.ndarray
    days: list[dt.date]


def future_records(company: Company, today: dt.date) -> list[Words]:
    """Records dated after today: each kind with its count and earliest date, kept as words (a failed training
    job stores them in RiskDataError's message and words them in the reader's language when shown)."""
    checks = [
        (gettext_lazy("绩效考核"), PerformanceReview.objects.filter(employee__company=company, period_start__gt=today),
         "period_start"),
        (gettext_lazy("月工资"), WageMonth.objects.filter(employee__company=company, month__gt=today), "month"),
        (gettext_lazy("培训记录"), TrainingRecord.objects.filter(employee__company=company, course_date__gt=today)
         .exclude(status=TrainingStatus.INVITED), "course_date"),  # an invitation to a planned course is fine
        (gettext_lazy("调查问卷"), SurveyResponse.objects.filter(employee__company=company, period_start__gt=today),
         "period_start"),
        (gettext_lazy("指标数据"), MetricValue.objects.filter(employee__company=company, period_start__gt=today),
         "period_start"),
    ]
    found = []
    for label, queryset, field in checks:
        first = queryset.order_by(field).values_list(field, flat=True).first()
        if first is not None:
            found.append(Words(gettext_noop("%(kind)s %(n)s 条（最早 %(date)s）"), kind=label, n=queryset.count(),
                               date=first.isoformat()))
    return found


def snapshot_days(cutoff: dt.date, earliest: dt.date) -> list[dt.date]:
    """Training snapshot days whose six months ended by the cutoff, newest first."""
    last = cutoff - relativedelta(months=HORIZON_MONTHS)
    days = [last - relativedelta(months=SNAPSHOT_STEP_MONTHS * k) for k in range(TRAIN_SNAPSHOTS)]
    return [d for d in days if d >= earliest]


def training_rows(snapshot: riskfeatures.Snapshot, cutoff: dt.date) -> Split:
    """Features and outcomes of every training snapshot (known by the cutoff)."""
    earliest = min(snapshot.people["hire_date"], default=cutoff)
    frames, labels, days = [], [], []
    for day in snapshot_days(cutoff, earliest):
        outcome_known = day + relativedelta(months=HORIZON_MONTHS)
        if outcome_known > cutoff:  # the time split's own guard: no outcome after the cutoff
            raise RiskDataError(gettext_noop("训练样本 %(day)s 的结果要到 %(known)s 才知道，晚于截止日 %(cutoff)s"),
                                day=day, known=outcome_known, cutoff=cutoff)
        table, _evidence = snapshot.at(day)
        frames.append(table)
        labels.append(snapshot.left_within(day, outcome_known).reindex(table.index).to_numpy(dtype=int))
        days.extend([day] * len(table))
    if not frames:
        raise RiskDataError(gettext_noop("截止日之前没有足够长的历史（至少需要 %(n)s 个月）"), n=HORIZON_MONTHS)
    X = pd.concat(frames, ignore_index=True)
    return Split(X, np.concatenate(labels), days)


def _check_exits(y: np.ndarray, what) -> None:
    if y.sum() < MIN_EXITS or len(y) - y.sum() < MIN_EXITS:
        raise RiskDataError(gettext_noop("%(what)s只有 %(exits)s 人离职、%(stayed)s 人留任，至少各需要 %(n)s 人"),
                            what=what, exits=int(y.sum()), stayed=int(len(y) - y.sum()), n=MIN_EXITS)


def _fit(split: Split, seed: int = 0):
    """(model, selection, the features it uses): features with no value in the training rows
    (a company that records no attendance metric) are left out."""
    used = [name for name in riskfeatures.FEATURE_NAMES if split.X[name].notna().any()]
    if not used:
        raise RiskDataError(gettext_noop("历史记录里没有任何可用的特征（工资、绩效、培训、考勤、调查）"))
    plan = riskmodel.ColumnPlan(numeric=used)
    model, selection = riskmodel.select_and_fit(split.X[used].astype(float), split.y, plan, seed=seed)
    return model, selection, used


def _predict(model, X: pd.DataFrame) -> np.ndarray:
    columns = list(getattr(model, "feature_names_in_", riskfeatures.FEATURE_NAMES))
    with threadpool_limits(limits=1):
        return model.predict_proba(X[columns].astype(float))[:, 1]


def evaluate_time_split(company: Company, *, cutoff: dt.date | None = None, today: dt.date | None = None,
                        snapshot: riskfeatures.Snapshot | None = None) -> dict:
    """Train on outcomes known by the cutoff, score who was active on it, compare with who left
    in the next six months. Raises RiskDataError when that cannot be done honestly."""
    today = today or timezone.localdate()
    cutoff = cutoff or today - relativedelta(months=HORIZON_MONTHS)
    if cutoff + relativedelta(months=HORIZON_MONTHS) > today:
        raise RiskDataError(gettext_noop("截止日 %(cutoff)s 之后的 %(n)s 个月还没有过完，无法检验预测"),
                            cutoff=cutoff, n=HORIZON_MONTHS)
    future = future_records(company, today)
    if future:
        raise RiskDataError(gettext_noop("有日期在今天之后的记录：%(list)s。模型拒绝使用当时还不可能知道的数据，请先更正这些记录。"),
                            list=Joined(future, mark="semicolon"))
    snapshot = snapshot or riskfeatures.Snapshot(company, since=cutoff - relativedelta(
        months=HORIZON_MONTHS + SNAPSHOT_STEP_MONTHS * TRAIN_SNAPSHOTS), until=today)
    split = training_rows(snapshot, cutoff)
    _check_exits(split.y, gettext_lazy("截止日前的训练数据中"))
    model, selection, _used = _fit(split)
    test, _evidence = snapshot.at(cutoff)
    y = snapshot.left_within(cutoff, cutoff + relativedelta(months=HORIZON_MONTHS)).reindex(test.index).to_numpy(int)
    result = {"cutoff": cutoff.isoformat(), "horizon_months": HORIZON_MONTHS, "n": int(len(y)),
              "positives": int(y.sum()), "train_rows": int(len(split.y)), "train_positives": int(split.y.sum()),
              "train_snapshots": sorted({d.isoformat() for d in split.days}), "family": selection.family,
              "selected": selection.label, "roc_auc": None, "pr_auc": None, "brier": None,
              "base_rate": round(float(y.mean()), 4) if len(y) else None}
    if len(y) and 0 < y.sum() < len(y):
        p = _predict(model, test)
        result.update(roc_auc=round(float(roc_auc_score(y, p)), 4), pr_auc=round(float(average_precision_score(y, p)), 4),
                      brier=round(float(brier_score_loss(y, p)), 4))
    return result


def explain(model, X: pd.DataFrame, units: pd.Series) -> tuple[np.ndarray, dict[int, list[dict]]]:
    """(probabilities, {employee id: top factors}): a factor is a feature whose value, set to the
    unit's median, lowers the probability; the unit is the company when it has fewer than MIN_GROUP."""
    names = list(getattr(model, "feature_names_in_", riskfeatures.FEATURE_NAMES))
    X = X[names].astype(float)
    base = _predict(model, X)
    company_median = X[names].median()
    sizes = units.map(units.value_counts())
    unit_median = X[names].groupby(units).transform("median")
    reference = unit_median.copy()
    small = (sizes < MIN_GROUP).to_numpy()
    if small.any():
        reference.loc[small, :] = np.tile(company_median.to_numpy(), (int(small.sum()), 1))
    reference = reference.fillna(company_median)
    effects = np.zeros((len(X), len(names)))
    for j, name in enumerate(names):
        changed = X.copy()
        known = X[name].notna() & reference[name].notna()
        if not known.any():
            continue
        changed.loc[known, name] = reference.loc[known, name]
        effects[:, j] = np.where(known, base - _predict(model, changed), 0.0)
    factors: dict[int, list[dict]] = {}
    for row, employee_id in enumerate(X.index):
        order = np.argsort(-effects[row])[:TOP_FACTORS]
        factors[int(employee_id)] = [
            {"feature": names[j], "value": _num(X.iat[row, j]), "unit_value": _num(reference.iat[row, j]),
             "effect": round(float(effects[row, j]), 4), "unit_is_company": bool(sizes.iat[row] < MIN_GROUP)}
            for j in order if effects[row, j] >= MIN_EFFECT
        ]
    return base, factors


def _num(value) -> float | None:
    return None if value is None or pd.isna(value) else round(float(value), 4)


def train(company: Company, *, acting_user=None, job: Job | None = None, today: dt.date | None = None) -> RiskModel:
    """Evaluate by time split, fit on all known outcomes, score everyone active today; one transaction."""
    started = time.monotonic()
    today = today or timezone.localdate()

    def step(done: int, total: int = 4) -> None:
        if job is not None:
            Job.objects.filter(pk=job.pk).update(status=Job.Status.RUNNING, total=total, done=done)

    step(0)
    snapshot = riskfeatures.Snapshot(company, since=today - relativedelta(
        months=2 * HORIZON_MONTHS + SNAPSHOT_STEP_MONTHS * TRAIN_SNAPSHOTS), until=today)
    evaluation = evaluate_time_split(company, today=today, snapshot=snapshot)
    step(1)
    split = training_rows(snapshot, today)
    _check_exits(split.y, gettext_lazy("已知结果的历史数据中"))
    model, selection, used = _fit(split)
    step(2)
    current, evidence = snapshot.at(today, evidence=True)
    units = snapshot.active(today)["org_unit_id"].reindex(current.index)
    probabilities, factors = explain(model, current, units)
    for employee_id, items in factors.items():
        for item in items:
            item["evidence"] = [list(e) for e in evidence.records(employee_id, item["feature"])]
    step(3)
    buffer = io.BytesIO()
    joblib.dump(model, buffer, compress=3)
    evaluation["seconds"] = round(time.monotonic() - started, 1)
    with transaction.atomic():
        risk_model = RiskModel.objects.create(
            company=company, trained_until=today, horizon_months=HORIZON_MONTHS, family=selection.family,
            features=used, evaluation=evaluation, pipeline=buffer.getvalue(),
            created_by=acting_user)
        RiskScore.objects.bulk_create([
            RiskScore(model=risk_model, employee_id=int(employee_id), org_unit_id=int(units.loc[employee_id]),
                      probability=round(float(p), 4), factors=factors[int(employee_id)])
            for employee_id, p in zip(current.index, probabilities, strict=True)
        ], batch_size=2000)
    if job is not None:
        Job.objects.filter(pk=job.pk).update(status=Job.Status.DONE, total=4, done=4, finished_at=timezone.now(),
                                             result={"company": company.pk, "model": risk_model.pk, "scores": len(current),
                                                     **evaluation})
    return risk_model


def schedule_training(company: Company, *, acting_user) -> Job:
    """Queue `tasks.train_risk` with a Job progress row."""
    from .tasks import train_risk

    # The company in the result: its overview and the API's progress show a job to that company's HR only.
    job = Job.objects.create(kind=JOB_KIND, title=_("训练离职风险模型：%(company)s") % {"company": company.name},
                             created_by=acting_user, result={"company": company.pk})
    transaction.on_commit(lambda: train_risk.enqueue(company.pk, job.pk, acting_user.pk if acting_user else None))
    return job


def latest_model(company_id: int) -> RiskModel | None:
    return RiskModel.objects.filter(company_id=company_id).defer("pipeline").first()


def unit_aggregates(risk_model: RiskModel, unit_names: dict[int, str]) -> list[dict]:
    """Per unit: people scored, mean probability, how many in the company's top decile; units with
    fewer than MIN_GROUP people are listed as suppressed, with no figures."""
    scores = list(RiskScore.objects.filter(model=risk_model).values_list("org_unit_id", "probability"))
    if not scores:
        return []
    cut = float(np.quantile([p for _, p in scores], 0.9))
    by_unit: dict[int, list[float]] = {}
    for unit, p in scores:
        by_unit.setdefault(unit, []).append(p)
    rows = []
    for unit, values in by_unit.items():
        row = {"unit": unit_names.get(unit, str(unit)), "unit_id": unit, "suppressed": len(values) < MIN_GROUP}
        if not row["suppressed"]:
            row.update(n=len(values), mean=round(float(np.mean(values)), 4), high=sum(v >= cut for v in values))
        rows.append(row)
    rows.sort(key=lambda r: (r["suppressed"], -(r.get("mean") or 0), r["unit"]))
    return rows
