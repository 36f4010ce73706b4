"""A new company's default reasons and questions (org.signals.company_created), and exits' part of
`farewell sweep` (cases.signals.swept): the exit survey for leavers in handover while their login
works, departure records for leavers without one, reminders of overdue improvement actions, and the
erasure of withdrawn alumni's contact data (returns the lines the command prints)."""

from __future__ import annotations

from .actions import remind_overdue
from .alumni import erase_due
from .defaults import seed_company
from .models import ExitReason, SurveyQuestion
from .services import ensure_departures, send_due_surveys


def seed_company_settings(sender, company, **kwargs) -> None:
    """A new company gets the default reason taxonomy and exit survey (org.signals.company_created)."""
    seed_company(company, ExitReason, SurveyQuestion)


def on_sweep(sender, today, **kwargs) -> list[str]:
    surveys = send_due_surveys(today=today)
    opened = ensure_departures(today=today)
    reminded = remind_overdue(today=today)
    erased = erase_due(today=today)
    return [f"exit surveys sent: {surveys}", f"departure records opened: {opened}",
            f"improvement action reminders: {reminded}", f"alumni contact data erased: {erased}"]
