"""The annual leave of the years before the year of separation (prc_rules §5), as a case records it.

A case planned in one year with its last day in the next keeps the leave of the years not over when it was
planned (services.open_leave_years: that year's entitlement at this employer). HR says how much of each was
taken (`days_taken_by_year` in the case's facts, {"2026": "4"}); the engine input's
`annual_leave.untaken_days_previous_years` is then Σ max(entitlement − taken, 0) over those years, unless HR
entered that total by hand (`untaken_days_previous_years`, from the leave records, for older years too).
The engine's `days_taken_this_year` is the year of separation's.

Before the case form named the years, its field read 今年已休年休假天数: HR working in December on a case
ending in January typed December's year's days into the field the engine counts against January's year
(`unconfirmed_days`, the case page's warning and `farewell cases leave-years-check`).
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from django.db.models.functions import ExtractYear
from django.utils import timezone
from django.utils.translation import gettext as _

from farewell.common.templatetags.punct import enumeration_comma, semicolon
from farewell.law.money import fmt_number
from farewell.ledger.models import LedgerEntry

from . import engine_calls
from .models import OPEN_STATUSES, SeparationCase

# The case's facts: the days of each earlier open year HR recorded as taken, by year, as HR writes a day count.
TAKEN_BY_YEAR = "days_taken_by_year"
THIS_YEAR = "days_taken_this_year"
EARLIER_TOTAL = "untaken_days_previous_years"
# The form's field for one earlier year's days taken (CaseFactsForm): days_taken_2026.
FIELD_PREFIX = "days_taken_"


def field_name(year: int | str) -> str:
    return f"{FIELD_PREFIX}{year}"


def _decimal(value) -> Decimal | None:
    try:
        return None if value in (None, "") else Decimal(str(value))
    except (InvalidOperation, ValueError, TypeError):
        return None


def days_text(value) -> str:
    """A day count as HR writes it ("4", "2.5")."""
    return fmt_number(Decimal(str(value)))


def untaken(entitlement, taken) -> Decimal:
    """One year's untaken days: what was due less what was taken, never below 0 (days taken beyond the
    entitlement — leave carried over, or the employer's own extra leave — do not owe the employer anything)."""
    return max(Decimal(str(entitlement)) - (taken or Decimal(0)), Decimal(0))


def apply_to_input(data: dict, facts: dict) -> None:
    """HR's facts about the earlier years on an engine input built by services.engine_input_for (in place):
    the total HR entered replaces the years counted; else the days taken of each open year are subtracted
    from its entitlement and the years' days taken kept beside them (`OPEN_LEAVE_TAKEN_KEY`), so that the
    note names each year's entitlement, taken and untaken days. Nothing recorded: the input as it was."""
    leave = data.get("annual_leave")
    if leave is None:
        return
    total = _decimal(facts.get(EARLIER_TOTAL))
    if total is not None:
        leave[EARLIER_TOTAL] = total
        data.pop(engine_calls.OPEN_LEAVE_YEARS_KEY, None)  # HR's days from the leave records replace them
        return
    years = data.get(engine_calls.OPEN_LEAVE_YEARS_KEY)
    recorded = facts.get(TAKEN_BY_YEAR)
    if not years or not isinstance(recorded, dict):
        return
    taken = {year: _decimal(recorded.get(year)) for year in years}
    taken = {year: days for year, days in taken.items() if days is not None}
    if not taken:
        return
    leave[EARLIER_TOTAL] = sum((untaken(days, taken.get(year)) for year, days in years.items()), Decimal(0))
    data[engine_calls.OPEN_LEAVE_TAKEN_KEY] = {year: days_text(days) for year, days in taken.items()}


def note_message(years: dict, taken: dict | None) -> str:
    """The note beside the result (services.open_leave_check): each earlier year's entitlement, days taken and
    untaken days; what HR should still check when a year's days taken are not recorded."""
    taken = taken or {}
    parts = []
    for year, entitlement in years.items():
        days = _decimal(taken.get(year))
        parts.append(_("%(year)s年应休 %(entitled)s 天、已休 %(taken)s 天、未休 %(untaken)s 天") % {
            "year": year, "entitled": days_text(entitlement), "taken": days_text(days or 0),
            "untaken": days_text(untaken(entitlement, days))})
    detail = semicolon().join(parts)
    names = enumeration_comma().join(years)
    if all(_decimal(taken.get(year)) is not None for year in years):
        return (_("%(years)s年的年休假在计划离职时尚未结束，其未休天数已计入未休年休假工资：%(detail)s"
                  "（已休天数为HR按休假记录填写）。") % {"years": names, "detail": detail})
    missing = enumeration_comma().join(_("%(year)s年已休年休假天数") % {"year": year}  # the form's labels
                                       for year in years if _decimal(taken.get(year)) is None)
    return (_("%(years)s年的年休假在计划离职时尚未结束，其未休天数已计入未休年休假工资：%(detail)s"
              "（没有填写已休天数的年度按全部未休计算）。请按休假记录在“%(fields)s”中填写已休的天数；"
              "也可在“以前年度未休年休假天数”中直接填写未休合计（已休完或已支付的填 0）。")
            % {"years": names, "detail": detail, "fields": missing})


# --- days entered before the form named the years -----------------------------------------------------------


@dataclass(frozen=True)
class Doubt:
    """A case's days taken of the year of separation entered in an earlier year, without the years named."""

    case: SeparationCase
    days: str
    entered_on: dt.date
    entered_year: int
    separation_year: int


def _entry_day(entry: LedgerEntry) -> dt.date | None:
    try:
        moment = dt.datetime.fromisoformat(entry.timestamp.replace("Z", "+00:00"))
    except (ValueError, AttributeError):
        return None
    return timezone.localdate(moment)


def unconfirmed_days(case: SeparationCase, entries) -> Doubt | None:
    """The days of the year of separation taken (facts) when they were entered (the case's ledger entries,
    oldest first) in a year before the year of separation and never saved since through the form that names
    the years (an entry recording `days_taken_by_year`): they may be the earlier year's. None otherwise, and
    for a closed or civil-service case, or no days (0 days taken counts as the engine's default does)."""
    if case.is_civil_service or case.status not in OPEN_STATUSES or not case.separation_date:
        return None
    days = _decimal((case.facts or {}).get(THIS_YEAR))
    if not days:
        return None
    # Facts given when the case was opened count from that day (the opening entry does not list them).
    entered_on = timezone.localdate(case.created_at) if case.created_at else None
    current = None
    for entry in entries:
        if entry.event != "case.updated":
            continue
        try:
            changes = json.loads(entry.payload or "{}").get("changes") or {}
        except (ValueError, AttributeError):
            continue  # a payload purged for retention: nothing to read
        if TAKEN_BY_YEAR in changes:  # saved through the form that names each year: HR has said which year
            entered_on, current = None, _decimal(changes.get(THIS_YEAR))
            continue
        if THIS_YEAR not in changes:
            continue
        value = _decimal(changes[THIS_YEAR])
        if value != current:  # every save of the old form repeated the value: the day it changed counts
            entered_on, current = _entry_day(entry), value
    if entered_on is None or entered_on.year >= case.separation_date.year:
        return None
    return Doubt(case, days_text(days), entered_on, entered_on.year, case.separation_date.year)


def cases_in_doubt(cases=None) -> list[Doubt]:
    """Every open case whose days taken may belong to the wrong year (unconfirmed_days), by company and
    separation date: the candidates in one query (recorded in a year before the year of separation, days taken
    recorded), their ledger entries in one more."""
    if cases is None:
        cases = SeparationCase.objects.all()
    candidates = list(
        cases.filter(status__in=list(OPEN_STATUSES), facts__has_key=THIS_YEAR)
        .annotate(recorded_year=ExtractYear("created_at"), separation_year=ExtractYear("separation_date"))
        .filter(recorded_year__lt=ExtractYear("separation_date"))
        .select_related("company", "employee").order_by("company__name", "company_id", "separation_date", "created_at"))
    if not candidates:
        return []
    by_case: dict[str, list[LedgerEntry]] = {str(case.code): [] for case in candidates}
    rows = (LedgerEntry.objects.filter(object_type="cases.separationcase", object_id__in=list(by_case),
                                       event="case.updated")
            .only("seq", "object_id", "event", "payload", "timestamp").order_by("seq"))
    for entry in rows.iterator(chunk_size=2000):
        by_case[entry.object_id].append(entry)
    doubts = [unconfirmed_days(case, by_case[str(case.code)]) for case in candidates]
    return [doubt for doubt in doubts if doubt is not None]
