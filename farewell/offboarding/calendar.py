"""Working days counted back from the last day (the law engine's calendar counts forward only)."""

from __future__ import annotations

import datetime as dt

from farewell.law import WorkCalendar
from farewell.org.holidays import work_calendar

_ONE_DAY = dt.timedelta(days=1)


def working_day_on_or_before(day: dt.date, calendar: WorkCalendar | None = None) -> dt.date:
    calendar = calendar or work_calendar()  # the holiday table HR keeps included (设置 › 节假日)
    while calendar.is_day_off(day):
        day -= _ONE_DAY
    return day


def working_days_before(day: dt.date, count: int, calendar: WorkCalendar | None = None) -> dt.date:
    """The `count`-th working day before `day` (0: `day` itself, or the working day before it when it is
    a day off). Handover items are due this many working days before the last working day."""
    calendar = calendar or work_calendar()
    day = working_day_on_or_before(day, calendar)
    for _ in range(count):
        day = working_day_on_or_before(day - _ONE_DAY, calendar)
    return day
