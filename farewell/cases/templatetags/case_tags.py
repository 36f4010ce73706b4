"""Case pages in templates: `{{ entry.timestamp|ledger_local }}` → 2026-11-26 14:24 (local time),
`{{ entry.event|event_label }}` → 案件创建."""

from __future__ import annotations

from django import template

from farewell.cases.presentation import event_label as _event_label
from farewell.common.labels import local_time

register = template.Library()


@register.filter
def ledger_local(value) -> str:
    """A ledger timestamp (UTC ISO with Z, as hashed) or a datetime → 'YYYY-MM-DD HH:MM' in local time.

    A value that does not parse is shown as it is; an empty one as —."""
    if value is None or value == "":
        return "—"
    return local_time(value, "%Y-%m-%d %H:%M") or str(value)


@register.filter
def event_label(code) -> str:
    return _event_label(str(code or ""))
