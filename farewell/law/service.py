"""Length of service: calendar years, months and days, both end days included (prc_rules §2)."""

from __future__ import annotations

from datetime import date, timedelta

from dateutil.relativedelta import relativedelta

ONE_DAY = timedelta(days=1)


def span(first_day: date, last_day: date) -> relativedelta:
    """Service from `first_day` through `last_day`, both included.

    The contract's last day is a day worked, so the span runs to the day after it:
    2020-03-01 through 2022-08-31 is 2 years 6 months (prc_rules §2).
    """
    return relativedelta(last_day + ONE_DAY, first_day)


def describe(s: relativedelta) -> str:
    """A span in Chinese: 2年6个月0天."""
    return f"{s.years}年{s.months}个月{s.days}天"
