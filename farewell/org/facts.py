"""An employee's contracts, wage months and protected-status periods, read once for a page.

The employee page and the panels on it (the compensation estimate) show and use the same rows; the
page calls `remember()` and the panels' helpers (`contracts`, `wage_months`, `status_periods`) take
the rows from the instance instead of reading each table a second time. Without `remember()`
nothing is kept: every other caller reads the database as before, so no stale rows leak into a
service that changes them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import Q

from farewell.common.prepared import DATE_MARK, INT_MARKS, Prepared

from .models import Contract, Employee, StatusPeriod, WageMonth

_ATTRIBUTE = "_page_facts"


@dataclass(frozen=True)
class Facts:
    contracts: list[Contract]  # by sequence
    wages: list[WageMonth]  # newest first: the latest months before `wages_until`
    wages_since: dt.date  # every month from here to before `wages_until` is in `wages` (or was never paid)
    wages_until: dt.date
    periods: list[StatusPeriod]  # newest first; `notes` deferred (never shown on a page)


# The three lists, compiled to SQL once per process (common/prepared.py). The wage months' LIMIT is
# part of the SQL, so the page's 24 is fixed here and `remember` cuts to what it is asked for.
WAGE_MONTHS_READ = 24
_WAGES = Prepared(lambda pk, until: WageMonth.objects.filter(employee_id=pk, month__lt=until).order_by(
    "-month")[:WAGE_MONTHS_READ], marks=(INT_MARKS[0], DATE_MARK))
_CONTRACTS = Prepared(lambda pk: Contract.objects.filter(employee_id=pk).order_by("sequence"))
_PERIODS = Prepared(lambda pk: StatusPeriod.objects.filter(employee_id=pk).defer("notes").order_by(
    "-start_date", "-pk"))


def reads(employee: Employee, *, wages_until: dt.date) -> list[tuple[Prepared, tuple]]:
    """The three queries `remember` runs, for a page that runs them with its others (prepared.run_together)
    and hands their rows to `remember`."""
    return [(_WAGES, (employee.pk, wages_until)), (_CONTRACTS, (employee.pk,)), (_PERIODS, (employee.pk,))]


def remember(employee: Employee, *, wages_until: dt.date, wage_months: int, rows: list | None = None) -> Facts:
    """Read the three tables once (three queries) and keep them on this instance: every contract and
    protected period, and the latest `wage_months` wage months before `wages_until`. `rows`: what the
    queries of `reads` gave, already run."""
    if wage_months > WAGE_MONTHS_READ:
        raise ValueError(f"at most {WAGE_MONTHS_READ} wage months")
    if rows is None:
        rows = [prepared(*values) for prepared, values in reads(employee, wages_until=wages_until)]
    wages, contracts, periods = rows
    wages = wages[:wage_months]
    facts = Facts(
        contracts=contracts,
        wages=wages,
        wages_since=wages[-1].month if len(wages) == wage_months else dt.date.min,
        wages_until=wages_until,
        periods=periods,
    )
    setattr(employee, _ATTRIBUTE, facts)
    return facts


def remembered(employee: Employee) -> Facts | None:
    return getattr(employee, _ATTRIBUTE, None)


def latest_contract(employee: Employee) -> Contract | None:
    facts = remembered(employee)
    if facts is not None:
        return facts.contracts[-1] if facts.contracts else None
    return employee.contracts.order_by("-sequence").first()


def wage_months(employee: Employee, start: dt.date, end: dt.date) -> list[WageMonth]:
    """The wage months from `start` to before `end`, oldest first."""
    facts = remembered(employee)
    if facts is not None and facts.wages_since <= start and end <= facts.wages_until:
        return [w for w in reversed(facts.wages) if start <= w.month < end]
    return list(WageMonth.objects.filter(employee=employee, month__gte=start, month__lt=end).order_by("month"))


def protected_kinds_on(employee: Employee, day: dt.date) -> list[str]:
    """Protected statuses holding on `day`; kinds are decrypted in Python (they are encrypted at rest)."""
    facts = remembered(employee)
    if facts is not None:
        periods = [p for p in facts.periods
                   if p.protected and p.start_date <= day and (p.end_date is None or p.end_date >= day)]
    else:
        periods = StatusPeriod.objects.filter(employee=employee, protected=True, start_date__lte=day).filter(
            Q(end_date__isnull=True) | Q(end_date__gte=day)).only("kind")
    return sorted({p.kind for p in periods})
