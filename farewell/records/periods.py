"""One convention for every periodic record: `period_kind` plus `period_start`, the first day of
that month, quarter or year. Pure functions, used by the importers and the services."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

MONTH, QUARTER, YEAR = "month", "quarter", "year"

KIND_ALIASES = {
    "month": MONTH, "m": MONTH, "月": MONTH, "月度": MONTH,
    "quarter": QUARTER, "q": QUARTER, "季": QUARTER, "季度": QUARTER,
    "year": YEAR, "y": YEAR, "年": YEAR, "年度": YEAR,
}

_YEAR = re.compile(r"^(\d{4})\s*年?(?:度)?$")
_QUARTER = re.compile(r"^(\d{4})\s*(?:[-/ ]?\s*[Qq]|年\s*第?\s*)([1-4一二三四])\s*(?:季度?)?$")
_MONTH = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*月?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4}


def start_of(kind: str, day: dt.date) -> dt.date:
    """The first day of the period of `kind` containing `day`."""
    if kind == YEAR:
        return dt.date(day.year, 1, 1)
    if kind == QUARTER:
        return dt.date(day.year, (day.month - 1) // 3 * 3 + 1, 1)
    return dt.date(day.year, day.month, 1)


def label(kind: str, start: dt.date) -> str:
    """"2025-03", "2025-Q1", "2025" — how exports and templates write a period."""
    if kind == YEAR:
        return f"{start.year}"
    if kind == QUARTER:
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def parse_kind(text: str) -> str | None:
    return KIND_ALIASES.get(text.strip().lower())


def parse_period(value, kind: str | None = None) -> tuple[str, dt.date] | None:
    """("month", 2025-03-01) from "2025-03", "2025年3月", "2025Q1", "2025年第一季度", "2025", a date
    (any day of the period) or a datetime. `kind`, when given, wins over the inferred one;
    a date with no kind is a month. None when the text is not a period."""
    if isinstance(value, dt.datetime):
        value = value.date()
    if isinstance(value, dt.date):
        return (kind or MONTH), start_of(kind or MONTH, value)
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        value = str(int(value))  # a year typed into an Excel number cell
    if not isinstance(value, str):
        return None
    return _parse_text(value, kind)


@lru_cache(maxsize=4096)  # an import repeats the same few period strings on every row
def _parse_text(value: str, kind: str | None) -> tuple[str, dt.date] | None:
    text = value.strip()
    inferred, day = None, None
    try:
        if m := _DATE.match(text):
            inferred, day = MONTH, dt.date(int(m[1]), int(m[2]), int(m[3]))
        elif m := _MONTH.match(text):
            inferred, day = MONTH, dt.date(int(m[1]), int(m[2]), 1)
        elif m := _QUARTER.match(text):
            q = _CN_DIGITS.get(m[2]) or int(m[2])
            inferred, day = QUARTER, dt.date(int(m[1]), (q - 1) * 3 + 1, 1)
        elif m := _YEAR.match(text):
            inferred, day = YEAR, dt.date(int(m[1]), 1, 1)
    except ValueError:  # month 13, day 32
        return None
    if day is None:
        return None
    final = kind or inferred
    return final, start_of(final, day)
