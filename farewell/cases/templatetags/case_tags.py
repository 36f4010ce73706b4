"""Case pages in templates: `{{ entry.timestamp|ledger_local }}` → 2026-11-26 14:24 (local time),
`{{ entry.event|event_label }}` → 案件创建."""

from __future__ import annotations

import datetime as dt

from django import template
from django.utils import timezone

from farewell.cases.presentation import event_label as _event_label

register = template.Library()


@register.filter
def ledger_local(value) -> str:
    """A ledger timestamp (UTC ISO with Z, as hashed) or a datetime → 'YYYY-MM-DD HH:MM' in local time.

    A value that does not parse is shown as it is; an empty one as —."""
    if value is None or value == "":
        return "—"
    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value).strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return str(value)
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return timezone.localtime(moment).strftime("%Y-%m-%d %H:%M")


@register.filter
def event_label(code) -> str:
    return _event_label(str(code or ""))
