"""Exits' part of `farewell sweep` (cases.signals.swept): the exit survey for leavers in handover
while their login works, departure records for leavers without one, reminders of overdue
improvement actions, and the erasure of withdrawn alumni's contact data. Returns the lines the
command prints."""

from __future__ import annotations

from .actions import remind_overdue
from .alumni import erase_due
from .services import ensure_departures, send_due_surveys


def on_sweep(sender, today, **kwargs) -> list[str]:
    surveys = send_due_surveys(today=today)
    opened = ensure_departures(today=today)
    reminded = remind_overdue(today=today)
    erased = erase_due(today=today)
    return [f"exit surveys sent: {surveys}", f"departure records opened: {opened}",
            f"improvement action reminders: {reminded}", f"alumni contact data erased: {erased}"]
