"""Exits' part of `farewell sweep` (cases.signals.swept): departure records for leavers without one,
reminders of overdue improvement actions, and the erasure of withdrawn alumni's contact data. Returns the lines the command prints."""

from __future__ import annotations

from .actions import remind_overdue
from .alumni import erase_due
from .services import ensure_departures


def on_sweep(sender, today, **kwargs) -> list[str]:
    opened = ensure_departures(today=today)
    reminded = remind_overdue(today=today)
    erased = erase_due(today=today)
    return [f"departure records opened: {opened}", f"improvement action reminders: {reminded}",
            f"alumni contact data erased: {erased}"]
