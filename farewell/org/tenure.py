"""Tenure arithmetic, counted the way the law counts service (both days included)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from dateutil.relativedelta import relativedelta
from django.utils.translation import gettext


@dataclass(frozen=True)
class Span:
    years: int
    months: int
    days: int

    @property
    def total_months(self) -> int:
        return self.years * 12 + self.months

    def __str__(self) -> str:
        # In the active language: "14年9个月29天" in Chinese, "14 years 9 months 29 days" in English.
        return gettext("%(years)s年%(months)s个月%(days)s天") % {
            "years": self.years, "months": self.months, "days": self.days}


def span(start: dt.date, through: dt.date) -> Span:
    """Years, months and days from `start` through `through`, both days included.

    relativedelta(through + 1 day, start): 2020-03-01 through 2022-08-31 is 2 years 6 months.
    """
    if through < start:
        return Span(0, 0, 0)
    delta = relativedelta(through + dt.timedelta(days=1), start)
    return Span(delta.years, delta.months, delta.days)


def tenure(hire_date: dt.date, *, as_of: dt.date, separation_date: dt.date | None = None) -> Span:
    """Service with this employer up to `as_of` (or the separation date, if earlier)."""
    end = min(as_of, separation_date) if separation_date else as_of
    return span(hire_date, end)


def cumulative_work_years(first_work_date: dt.date | None, *, as_of: dt.date) -> int | None:
    """Full years since first employment (annual-leave entitlement, 年休假条例第三条)."""
    if first_work_date is None:
        return None
    return span(first_work_date, as_of).years
