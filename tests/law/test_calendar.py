"""Working days and days off (DESIGN, Decisions: calendar.py never raises)."""

from __future__ import annotations

from datetime import date

from farewell.law.calendar import DEFAULT_CALENDAR, HolidayEntry, WorkCalendar, load_holiday_file


def test_it_knows_the_2024_notice():
    cal = DEFAULT_CALENDAR
    assert all(cal.is_day_off(date(2024, 10, d)) for d in range(1, 8))  # National Day 10-01..10-07
    assert not cal.is_day_off(date(2024, 10, 12))  # adjusted working Saturday
    assert cal.is_day_off(date(2024, 6, 22))  # a plain Saturday
    assert not cal.is_day_off(date(2024, 6, 22), "narrow")  # not a holiday under the narrow reading
    assert cal.next_working_day(date(2024, 9, 30)) == date(2024, 10, 8)


def test_it_never_raises_for_an_unknown_year():
    cal = DEFAULT_CALENDAR
    assert not cal.year_known(2027)
    assert cal.is_day_off(date(2027, 1, 2))  # a Saturday
    assert not cal.is_day_off(date(2027, 1, 1))  # Friday: no data, so Monday–Friday work
    assert cal.period_end(date(2027, 1, 9)) == (date(2027, 1, 11), frozenset({2027}))


def test_an_admin_can_extend_it_with_a_new_notice():
    cal = DEFAULT_CALENDAR.extended(
        [HolidayEntry(date(2027, 1, 1), "holiday", "国办发明电〔2026〕X号"), HolidayEntry(date(2027, 1, 9), "workday", "同上")]
    )
    assert cal.year_known(2027)
    assert cal.is_day_off(date(2027, 1, 1))
    assert not cal.is_day_off(date(2027, 1, 9))
    assert cal.period_end(date(2027, 1, 9)) == (date(2027, 1, 9), frozenset())
    assert cal.is_day_off(date(2024, 10, 1))  # the package's data is kept


def test_working_day_arithmetic():
    cal = WorkCalendar()
    # Friday 2024-09-27 + 1 working day = Sunday 2024-09-29 (adjusted working day)
    assert cal.add_working_days(date(2024, 9, 27), 1) == date(2024, 9, 29)
    # 2024-09-30 through 2024-10-08: 09-30 and 10-08 work → 2
    assert cal.working_days_between(date(2024, 9, 30), date(2024, 10, 8)) == 2


def test_the_shipped_holiday_file_loads(tmp_path):
    path = tmp_path / "h.json"
    path.write_text('[{"date": "2027-02-06", "kind": "holiday", "notice": "n"}]', encoding="utf-8")
    assert load_holiday_file(path) == [HolidayEntry(date(2027, 2, 6), "holiday", "n")]


def test_the_copy_of_the_package_data_is_the_installed_package():
    """calendar.py reads chinesecalendar's days from official_days.py (its import costs every CLI run ~13M
    instructions): the copy must be the installed package's data, day for day. After an upgrade, regenerate
    the three tuples from `chinese_calendar.holidays`, `.workdays` and `.constants.in_lieu_days`
    (`date.toordinal()`, sorted)."""
    import chinese_calendar

    from farewell.law import official_days

    assert official_days.PACKAGE_VERSION == chinese_calendar.__version__
    assert official_days.HOLIDAYS == tuple(sorted(d.toordinal() for d in chinese_calendar.holidays))
    assert official_days.WORKDAYS == tuple(sorted(d.toordinal() for d in chinese_calendar.workdays))
    assert official_days.IN_LIEU == tuple(sorted(d.toordinal() for d in chinese_calendar.constants.in_lieu_days))
    package_days = {**dict.fromkeys(chinese_calendar.holidays, "holiday"), **dict.fromkeys(chinese_calendar.workdays, "workday")}
    calendar = WorkCalendar()
    for day, kind in package_days.items():
        assert (day in calendar.holidays) == (kind == "holiday") and (day in calendar.workdays) == (kind == "workday")
    assert len(calendar.holidays) == len(chinese_calendar.holidays)
    assert len(calendar.workdays) == len(chinese_calendar.workdays)
    assert calendar.in_lieu == frozenset(chinese_calendar.constants.in_lieu_days)
    assert all(chinese_calendar.is_in_lieu(day) for day in calendar.in_lieu)
