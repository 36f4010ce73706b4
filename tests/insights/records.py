"""Builders for the records the insights tests craft histories from."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta

from farewell.records.models import (
    Commitment,
    Contribution,
    Feedback360,
    Metric,
    MetricValue,
    PerformanceReview,
    SurveyResponse,
    TrainingRecord,
    ValuesAssessment,
)

TODAY = dt.date(2026, 7, 15)
# The last three quarters before TODAY, oldest first.
Q = [dt.date(2025, 10, 1), dt.date(2026, 1, 1), dt.date(2026, 4, 1)]


def months_back(n: int) -> list[dt.date]:
    """The n months before TODAY's month, oldest first."""
    first = TODAY.replace(day=1)
    return [first - relativedelta(months=k) for k in range(n, 0, -1)]


def review(employee, start, score, *, kpi=None, kind="quarter"):
    return PerformanceReview.objects.create(
        employee=employee, period_kind=kind, period_start=start,
        score=None if score is None else Decimal(str(score)),
        kpi_completion=None if kpi is None else Decimal(str(kpi)),
    )


def feedback(employee, start, dimension, scores, *, relation="peer"):
    return [
        Feedback360.objects.create(employee=employee, period_kind="quarter", period_start=start, dimension=dimension,
                                   rater_relation=relation, rater_key=f"r{i}", score=Decimal(str(s)))
        for i, s in enumerate(scores)
    ]


def values(employee, start, dimension, score, examples=""):
    return ValuesAssessment.objects.create(employee=employee, period_kind="quarter", period_start=start,
                                           dimension=dimension, score=score, examples=examples)


def survey(employee, start, dimension, score, kind="engagement"):
    return SurveyResponse.objects.create(employee=employee, survey=kind, dimension=dimension, period_kind="month",
                                         period_start=start, score=Decimal(str(score)))


def metric(employee, code, start, value):
    return MetricValue.objects.create(employee=employee, metric=Metric.objects.get(code=code), period_kind="month",
                                      period_start=start, value=Decimal(str(value)))


def training(employee, course, day, status, **kw):
    return TrainingRecord.objects.create(employee=employee, course=course, course_date=day, status=status, **kw)


def contribution(employee, title, day, kind="project"):
    return Contribution.objects.create(employee=employee, kind=kind, title=title, date=day)


def commitment(employee, topic, content, *, stage="probation", said_on=None, party="candidate"):
    return Commitment.objects.create(employee=employee, stage=stage, party=party, said_on=said_on or employee.hire_date,
                                     topic=topic, content=content)
