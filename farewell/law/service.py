"""Length of service: calendar years, months and days, both end days included (prc_rules §2).

`span(first, last)` is what `dateutil.relativedelta(last + 1 day, first)` gives (the rules'
own definition; a property test checks the two agree), computed directly because the
batch budget (10,000 computations a second) has no room for relativedelta's generality.
"""

from __future__ import annotations

from collections import namedtuple
from datetime import date, timedelta

ONE_DAY = timedelta(days=1)
_DAYS_IN_MONTH = (31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31)


# years, months, days (ints); collections' namedtuple, not typing's NamedTuple: importing typing costs every
# CLI run 13M instructions (issue 15)
Span = namedtuple("Span", ("years", "months", "days"))


def _days_in_month(year: int, month: int) -> int:
    if month == 2 and year % 4 == 0 and (year % 100 != 0 or year % 400 == 0):
        return 29
    return _DAYS_IN_MONTH[month - 1]


def add_months(day: date, months: int) -> date:
    """`day` + `months` calendar months, the day clamped to the month's end (31 Jan + 1 month → 28/29 Feb)."""
    years, month0 = divmod(day.month - 1 + months, 12)
    year = day.year + years
    month = month0 + 1
    return date(year, month, min(day.day, _days_in_month(year, month)))


def add_years(day: date, years: int) -> date:
    """`day` + `years`: 29 February → 28 February in a common year (民法典 202)."""
    return add_months(day, 12 * years)


def span(first_day: date, last_day: date) -> Span:
    """Service from `first_day` through `last_day`, both included.

    The contract's last day is a day worked, so the span runs to the day after it:
    2020-03-01 through 2022-08-31 is 2 years 6 months (prc_rules §2).
    """
    end = last_day + ONE_DAY
    if first_day > end:  # no service: what the month-by-month search below gives
        return _span_by_search(first_day, end)
    end_year, end_month, end_day = end.year, end.month, end.day
    months = (end_year - first_day.year) * 12 + end_month - first_day.month
    # first_day + months falls in end's month, on first_day's day clamped to the month's length
    anchor_day = min(first_day.day, _days_in_month(end_year, end_month))
    if anchor_day <= end_day:
        days = end_day - anchor_day
    else:  # past end: one month fewer, the anchor in the month before end's
        months -= 1
        year, month = (end_year, end_month - 1) if end_month > 1 else (end_year - 1, 12)
        length = _days_in_month(year, month)
        days = length - min(first_day.day, length) + end_day
    years, months = divmod(months, 12)
    return _new_span(Span, (years, months, days))


_new_span = tuple.__new__  # Span(…) goes through a Python-level __new__; a span per item (batch budget)


def _span_by_search(first_day: date, end: date) -> Span:
    months = (end.year - first_day.year) * 12 + end.month - first_day.month
    anchor = add_months(first_day, months)
    while anchor > end:
        months -= 1
        anchor = add_months(first_day, months)
    years, months = divmod(months, 12)
    return Span(years, months, (end - anchor).days)


ISO_TEXTS: dict[date, str] = {}  # day → its isoformat(); inputs._date adds the dates it reads
ISO_TEXTS_LIMIT = 50_000


def iso(day: date) -> str:
    """`day.isoformat()`, remembered: it costs as much as a dozen dictionary lookups, and a batch's dates
    repeat."""
    text = ISO_TEXTS.get(day)
    if text is None:
        text = day.isoformat()
        if len(ISO_TEXTS) < ISO_TEXTS_LIMIT:
            ISO_TEXTS[day] = text
    return text


_SMALL = tuple(str(n) for n in range(100))  # "0" … "99": indexing a tuple costs a tenth of formatting an int


def describe(s: Span, lang: str = "zh") -> str:
    """A span: 2年6个月0天, or in English 2 y 6 m 0 d."""
    years, months, days = s  # months < 12 and days < 31: a count of years may pass 99
    years = _SMALL[years] if 0 <= years < 100 else str(years)
    if lang == "en":
        return f"{years} y {_SMALL[months]} m {_SMALL[days]} d"
    return f"{years}年{_SMALL[months]}个月{_SMALL[days]}天"
