"""Operations on the records: department averages, the metric catalogue, and (in importers.py)
the one import framework."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.db.models import Avg, Count

from farewell.ledger.services import record
from farewell.org.models import OrgUnit

from .models import Metric, PerformanceReview

METRIC_LEDGER_TYPE = "records.metric"


def department_average(
    org_unit: OrgUnit, period_kind: str, period_start: dt.date, *, subtree: bool = True
) -> dict:
    """The average review score (and KPI completion) of a unit for one period, one aggregate query.

    `subtree` counts the unit's sub-units too (the materialised path); otherwise only the
    people placed directly in the unit. Reviews with no score are left out of the score
    average (Avg ignores NULL). Returns {"score": Decimal|None, "kpi_completion": ..., "count": n}.
    """
    reviews = PerformanceReview.objects.filter(period_kind=period_kind, period_start=period_start)
    if subtree:
        reviews = reviews.filter(
            employee__company_id=org_unit.company_id, employee__org_unit__path__startswith=org_unit.path
        )
    else:
        reviews = reviews.filter(employee__org_unit=org_unit)
    result = reviews.aggregate(score=Avg("score"), kpi_completion=Avg("kpi_completion"), count=Count("pk"))
    for key in ("score", "kpi_completion"):
        if result[key] is not None:
            result[key] = Decimal(str(result[key])).quantize(Decimal("0.01"))
    return result


def add_metric(form, *, acting_user) -> Metric:
    """A custom metric in the catalogue (a valid MetricForm), on the ledger in the same transaction."""
    with transaction.atomic():
        metric = form.save()
        record(METRIC_LEDGER_TYPE, metric.pk, _metric_payload(metric), actor=acting_user, event="metric_added")
    return metric


def deactivate_metric(metric: Metric, *, acting_user) -> bool:
    """Take a metric out of imports (its values stay: flags and profiles still read them).
    A conditional update: False when it was already inactive."""
    with transaction.atomic():
        if not Metric.objects.filter(pk=metric.pk, active=True).update(active=False):
            return False
        metric.active = False
        record(METRIC_LEDGER_TYPE, metric.pk, _metric_payload(metric), actor=acting_user, event="metric_deactivated")
    return True


def _metric_payload(metric: Metric) -> dict:
    return {
        "code": metric.code, "name": metric.name, "unit": metric.unit, "category": metric.category,
        "direction": metric.direction, "aggregation": metric.aggregation, "min_value": metric.min_value,
        "max_value": metric.max_value, "active": metric.active,
    }
