"""Working days counted back from the last day (the law engine's calendar counts forward only)."""

from __future__ import annotations

import datetime as dt

from farewell import law

_ONE_DAY = dt.timedelta(days=1)


def working_day_on_or_before(day: dt.date) -> dt.date:
    while law.is_day_off(day):
        day -= _ONE_DAY
    return day


def working_days_before(day: dt.date, count: int) -> dt.date:
    """The `count`-th working day before `day` (0: `day` itself, or the working day before it when it is
    a day off). Handover items are due this many working days before the last working day."""
    day = working_day_on_or_before(day)
    for _ in range(count):
        day = working_day_on_or_before(day - _ONE_DAY)
    return day
