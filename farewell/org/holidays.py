"""设置 › 节假日: the holiday table HR admins keep, and the working calendar built from it.

The law engine's calendar knows the State Council notices chinesecalendar ships (2004–2026)
and the engine's own data file; `Holiday` rows extend it (a row wins over the shipped data for
its day). Every place that dates a procedure step or a workflow deadline for a company takes
its calendar from `work_calendar()`, so the 2027 schedule HR enters moves every 2027 date.

A year counts as known once the calendar has at least one entry for it (the engine's rule,
`WorkCalendar.known_years`): the `calendar_year_unknown` warning goes away for it. A notice
comes out once a year with the whole schedule, so HR enters all of its days at once (the
import takes the notice's whole list); a year entered half-way is counted as known.
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction

from farewell.law import DEFAULT_CALENDAR, HolidayEntry, WorkCalendar
from farewell.ledger.canonical import utc_timestamp
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record

from . import cached
from .models import Holiday
from .signals import announce_reference_change as announce_change

LEDGER_TYPE = "org.holiday"


def entries() -> list[HolidayEntry]:
    """The table as the engine's entries, oldest first (one query)."""
    return [HolidayEntry(day, kind, notice)
            for day, kind, notice in Holiday.objects.order_by("day").values_list("day", "kind", "notice")]


def work_calendar() -> WorkCalendar:
    """The engine's calendar overlaid with the holiday table: what every procedure date is counted on
    (kept in the process between requests, forgotten on any change: cached.py)."""
    return cached.get("work_calendar", _build_calendar)


def _build_calendar() -> WorkCalendar:
    rows = entries()
    return DEFAULT_CALENDAR.extended(rows) if rows else DEFAULT_CALENDAR


def changed_since(moment: dt.datetime) -> bool:
    """Whether the table changed after `moment` (a day entered, changed or deleted): a stored engine run from
    before counted its dates on another calendar (the case page says so and offers the re-run)."""
    if Holiday.objects.filter(updated_at__gt=moment).exists():
        return True
    # A deleted day leaves only its ledger entry (the timestamp is fixed-width UTC: compared as text).
    return LedgerEntry.objects.filter(object_type=LEDGER_TYPE, event="holiday_deleted",
                                      timestamp__gt=utc_timestamp(moment)).exists()


def year_summary(calendar: WorkCalendar | None = None, *, around: int | None = None) -> list[dict]:
    """For the page: each year from the table and the years around `around`, whether its schedule is known
    and how many days the table adds."""
    calendar = calendar or work_calendar()
    counts: dict[int, int] = {}
    for day in Holiday.objects.values_list("day", flat=True):
        counts[day.year] = counts.get(day.year, 0) + 1
    years = set(counts)
    if around is not None:
        years |= {around - 1, around, around + 1}
    return [{"year": year, "known": calendar.year_known(year), "rows": counts.get(year, 0)}
            for year in sorted(years)]


def _payload(holiday: Holiday) -> dict:
    return {"day": holiday.day, "kind": holiday.kind, "notice": holiday.notice}


def _require_installation_admin(user) -> None:
    """The table is one for every company: only an HR admin of every company changes it (issue 13)."""
    if user is not None:
        from farewell.accounts.installation import require_installation_admin

        require_installation_admin(user)


def add_holiday(*, day: dt.date, kind: str, notice: str, acting_user) -> Holiday:
    _require_installation_admin(acting_user)
    with transaction.atomic():
        holiday = Holiday.objects.create(day=day, kind=kind, notice=notice)
        record(LEDGER_TYPE, holiday.pk, _payload(holiday), actor=acting_user, event="holiday_added")
        announce_change(acting_user)
    return holiday


def change_holiday(holiday: Holiday, *, day: dt.date, kind: str, notice: str, acting_user) -> Holiday:
    """Correct a row; the ledger keeps the old values beside the new ones."""
    _require_installation_admin(acting_user)
    with transaction.atomic():
        before = _payload(holiday)
        holiday.day, holiday.kind, holiday.notice = day, kind, notice
        holiday.save(update_fields=["day", "kind", "notice", "updated_at"])
        record(LEDGER_TYPE, holiday.pk, {"before": before, "after": _payload(holiday)},
               actor=acting_user, event="holiday_changed")
        announce_change(acting_user)
    return holiday


def delete_holiday(holiday: Holiday, *, acting_user) -> None:
    _require_installation_admin(acting_user)
    with transaction.atomic():
        record(LEDGER_TYPE, holiday.pk, _payload(holiday), actor=acting_user, event="holiday_deleted")
        holiday.delete()
        announce_change(acting_user)
