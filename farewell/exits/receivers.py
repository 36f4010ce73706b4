"""Exits' part of `farewell sweep` (cases.signals.swept): departure records for leavers without one,
and reminders of overdue improvement actions. Returns the lines the command prints."""

from __future__ import annotations

from .actions import remind_overdue
from .services import ensure_departures


def on_sweep(sender, today, **kwargs) -> list[str]:
    opened = ensure_departures(today=today)
    reminded = remind_overdue(today=today)
    return [f"departure records opened: {opened}", f"improvement action reminders: {reminded}"]
