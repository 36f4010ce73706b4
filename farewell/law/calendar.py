"""Working days and days off in the official calendar (DESIGN, Decisions; prc_rules §4).

Data: the `chinesecalendar` package (State Council notices 2004–2026; read from its copy in
official_days.py, which a test keeps equal to the installed package) plus a holiday table
HR admins extend — `data/holidays.json` or any list of `HolidayEntry` (date, `holiday`, adjusted
`workday` or `inlieu` rest day, the notice) — for years the package does not know yet. A year known to
neither counts Monday–Friday as working days; the callers say so in a warning
(`calendar_year_unknown`). Nothing here raises for a missing year (chinesecalendar does:
an exception for 2027).

Readings of 法定休假日 (民法典 203; `Options.day_off_reading`):
- broad (default): any day of a holiday span, or a Saturday/Sunday the notice does not make
  a working day;
- narrow: the days of the holiday spans only.

An in-lieu day (调休放假: a weekday of a holiday span given off in exchange for an adjusted working
weekend day) is a day of the span: a day off under both readings, and not a paid day
(`WorkCalendar.paid_days_between`).
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from datetime import date, timedelta

from .jsonin import scan, scanner
from .official_days import HOLIDAYS as PACKAGE_HOLIDAYS
from .official_days import IN_LIEU as PACKAGE_IN_LIEU
from .official_days import WORKDAYS as PACKAGE_WORKDAYS
from .options import BROAD
from .records import FrozenRecord

HOLIDAY = "holiday"
WORKDAY = "workday"
IN_LIEU = "inlieu"  # 调休放假: a day off of the span in exchange for an adjusted working day; not paid
KINDS = (HOLIDAY, WORKDAY, IN_LIEU)
# a path as text: pathlib (and the re, urllib and fnmatch it imports) would cost every `farewell law` run
DEFAULT_HOLIDAY_FILE = os.path.join(os.path.dirname(__file__), "data", "holidays.json")
_ONE_DAY = timedelta(days=1)
_SATURDAY = 5
_NO_YEARS: frozenset[int] = frozenset()


class HolidayEntry(FrozenRecord):
    """One day of a State Council holiday notice: a day of a holiday span or an adjusted workday."""

    __slots__ = _fields = ("day", "kind", "notice")

    def __init__(self, day: date, kind: str, notice: str) -> None:  # kind: HOLIDAY, WORKDAY or IN_LIEU; notice: 国办发明电〔2023〕7号
        setattr_ = object.__setattr__
        setattr_(self, "day", day)
        setattr_(self, "kind", kind)
        setattr_(self, "notice", notice)


_SCAN = scanner(float)


def load_holiday_file(path) -> list[HolidayEntry]:
    """Read a holiday table: `{"entries": [{"date", "kind", "notice"}, ...]}` or a bare list (`path`: a
    str or a Path)."""
    with open(path, encoding="utf-8") as handle:
        text = handle.read()
    raw = scan(text, _SCAN)  # json.loads(text) without importing json (jsonin.py)
    if raw is None:
        import json

        raw = json.loads(text)
    rows = raw["entries"] if isinstance(raw, dict) else raw
    entries = []
    for row in rows:
        kind = row["kind"]
        if kind not in KINDS:
            raise ValueError(f"{path}: kind must be 'holiday', 'workday' or 'inlieu', not {kind!r}")
        entries.append(HolidayEntry(date.fromisoformat(row["date"]), kind, row["notice"]))
    return entries


class WorkCalendar:
    """The official calendar: chinesecalendar's data overlaid with `entries`."""

    def __init__(self, entries: Iterable[HolidayEntry] = (), *, use_package_data: bool = True) -> None:
        self._entries = tuple(entries)
        self._use_package_data = use_package_data
        holidays: dict[date, str] = {}
        workdays: dict[date, str] = {}
        in_lieu: set[date] = set()
        if use_package_data:
            day = date.fromordinal
            holidays.update((day(n), "国务院办公厅节假日安排") for n in PACKAGE_HOLIDAYS)
            workdays.update((day(n), "国务院办公厅节假日安排") for n in PACKAGE_WORKDAYS)
            in_lieu.update(day(n) for n in PACKAGE_IN_LIEU)
        for entry in self._entries:
            off = entry.kind != WORKDAY  # an in-lieu day is a day off of the span, like a holiday
            (holidays if off else workdays)[entry.day] = entry.notice
            (workdays if off else holidays).pop(entry.day, None)
            if entry.kind == IN_LIEU:
                in_lieu.add(entry.day)
            else:
                in_lieu.discard(entry.day)
        self.holidays = holidays
        self.workdays = workdays
        self.in_lieu = frozenset(in_lieu)  # a subset of `holidays`
        self.known_years = frozenset(d.year for d in holidays) | frozenset(d.year for d in workdays)
        # (last day, reading) → period_end's answer: a batch's separation dates repeat (a layoff shares one)
        self._period_ends: dict[tuple[date, str], tuple[date, frozenset[int]]] = {}

    def extended(self, entries: Iterable[HolidayEntry]) -> WorkCalendar:
        """A calendar with more entries (a new year's notice, a correction); later entries win."""
        return WorkCalendar((*self._entries, *entries), use_package_data=self._use_package_data)

    def year_known(self, year: int) -> bool:
        return year in self.known_years

    def is_day_off(self, day: date, reading: str = BROAD) -> bool:
        """Whether `day` is a 法定休假日 under `reading` (module docstring)."""
        if day in self.holidays:
            return True
        if reading != BROAD:
            return False
        return day.weekday() >= _SATURDAY and day not in self.workdays

    def is_working_day(self, day: date) -> bool:
        return not self.is_day_off(day, BROAD)

    def period_end(self, last_day: date, reading: str = BROAD) -> tuple[date, frozenset[int]]:
        """民法典 203: a period ending on a day off ends on the next day that is not one.

        Returns the day and the years consulted that have no holiday data.
        """
        key = (last_day, reading)
        found = self._period_ends.get(key)
        if found is not None:
            return found
        day = last_day
        unknown = _NO_YEARS
        known_years = self.known_years
        while True:
            if day.year not in known_years:
                unknown = unknown | {day.year}
            if not self.is_day_off(day, reading):
                break
            day += _ONE_DAY
        found = day, unknown
        if len(self._period_ends) < 20_000:
            self._period_ends[key] = found
        return found

    def next_working_day(self, day: date) -> date:
        """The first working day after `day`."""
        day += _ONE_DAY
        while self.is_day_off(day):
            day += _ONE_DAY
        return day

    def add_working_days(self, day: date, count: int) -> date:
        """The `count`-th working day after `day` (workflow due times, DESIGN: working days)."""
        for _ in range(count):
            day = self.next_working_day(day)
        return day

    def working_days_between(self, first_day: date, last_day: date) -> int:
        """Working days from `first_day` through `last_day`, both included."""
        count = 0
        day = first_day
        while day <= last_day:
            count += not self.is_day_off(day)
            day += _ONE_DAY
        return count

    def is_paid_day(self, day: date) -> bool:
        """Whether `day` is a 计薪日 (paid day; `paid_days_between`)."""
        if day in self.holidays:
            return day.weekday() < _SATURDAY and day not in self.in_lieu
        return day.weekday() < _SATURDAY or day in self.workdays

    def paid_days_between(self, first_day: date, last_day: date) -> int:
        """Paid days (计薪天数) from `first_day` through `last_day`, both included.

        劳社部发〔2008〕3号《关于职工全年月平均工作时间和工资折算问题的通知》: 月计薪天数 = (365 − 104) ÷ 12
        = 21.75 — the 104 rest days (休息日) are left out, the statutory holidays are not, because
        《劳动法》第五十一条: 法定休假日用人单位应当依法支付工资. So a paid day is a working day (an adjusted
        working weekend day included) or a day of a holiday span that falls Monday–Friday and is not an
        in-lieu day (调休放假, given off in exchange for an adjusted working day: a moved rest day, not
        a holiday). A holiday on a Saturday or Sunday is not a paid day, the 补休 weekday after it is
        (the package lists it as a holiday, not in lieu: its pay lands there; docs/law/choices.md,
        "Paid days"). A year the
        package does not know, with only `holiday` entries, counts each weekday holiday as paid: HR
        marks its in-lieu days `inlieu`. A year known to neither counts Monday–Friday.
        """
        count = 0
        day = first_day
        while day <= last_day:
            count += self.is_paid_day(day)
            day += _ONE_DAY
        return count


def _default_calendar() -> WorkCalendar:
    entries = load_holiday_file(DEFAULT_HOLIDAY_FILE) if os.path.exists(DEFAULT_HOLIDAY_FILE) else []
    return WorkCalendar(entries)


DEFAULT_CALENDAR = _default_calendar()


def is_day_off(day: date, reading: str = BROAD) -> bool:
    return DEFAULT_CALENDAR.is_day_off(day, reading)


def is_working_day(day: date) -> bool:
    return DEFAULT_CALENDAR.is_working_day(day)


def next_working_day(day: date) -> date:
    return DEFAULT_CALENDAR.next_working_day(day)


def add_working_days(day: date, count: int) -> date:
    return DEFAULT_CALENDAR.add_working_days(day, count)


def year_known(year: int) -> bool:
    return DEFAULT_CALENDAR.year_known(year)
