"""Readable labels for technical records (ledger, access log): model and field names as the
models name them, ledger timestamps in local time. `{% load labels %}`"""

from __future__ import annotations

from django import template
from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.utils.translation import gettext_lazy as _

from farewell.common.labels import event_label as _event_label
from farewell.common.labels import local_time

register = template.Library()


def _model(label: str):
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


# Object types written to the ledger and the access log that are not a model, or whose model has
# no Chinese name: the auditor reads words, not codes.
OBJECT_LABELS = {
    "accounts.bulk_logins": _("批量开通登录账号"), "accounts.auditexport": _("审计导出"),
    "insights.explanation": _("解释请求"), "offboarding.document": _("离职文书"),
    "offboarding.settings": _("离职设置"), "ledger.ledgerentry": _("证据链记录"),
}
FIELD_LABELS = {("ledger.ledgerentry", "payload"): _("记录内容")}


@register.filter
def object_label(label: str) -> str:
    """"cases.separationcase" → 离职案件 (the model's verbose name), else the label itself."""
    if label in OBJECT_LABELS:
        return str(OBJECT_LABELS[label])
    model = _model(label)
    return str(model._meta.verbose_name) if model is not None else label


@register.filter
def field_label(field: str, label: str) -> str:
    """`{{ row.field|field_label:row.object_type }}` → the field's verbose name."""
    if (label, field) in FIELD_LABELS:
        return str(FIELD_LABELS[(label, field)])
    model = _model(label)
    if model is None:
        return field
    try:
        return str(model._meta.get_field(field).verbose_name)
    except FieldDoesNotExist:
        return field


@register.filter
def ledger_time(value: str) -> str:
    """A ledger timestamp (UTC ISO with Z, as hashed) in local time: 2026-11-26 14:24:38."""
    return local_time(value, "%Y-%m-%d %H:%M:%S") or value


@register.filter
def event_label(code: str) -> str:
    return _event_label(code)
