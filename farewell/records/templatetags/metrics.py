"""`{{ metric.name|metric_name }}`, `{{ metric.unit|metric_unit }}`: a seeded metric's name and unit in the
page's language, one HR wrote as written (records/metric_labels.py)."""

from __future__ import annotations

from django import template

from farewell.records import metric_labels

register = template.Library()


@register.filter
def metric_name(name: str) -> str:
    return metric_labels.metric_name(name)


@register.filter
def metric_unit(unit: str) -> str:
    return metric_labels.metric_unit(unit)
