"""计薪天数: working days plus the weekday statutory holidays, not the in-lieu days (劳社部发〔2008〕3号;
calendar.WorkCalendar.paid_days_between; docs/law/choices.md, "Paid days")."""

from __future__ import annotations

from datetime import date, timedelta

import chinese_calendar

from farewell.law.calendar import HolidayEntry, WorkCalendar, load_holiday_file


def _package_paid_days(first: date, last: date) -> int:
    """The rule read from the package itself: a workday, or a weekday holiday that is not in lieu."""
    count, day = 0, first
    while day <= last:
        count += chinese_calendar.is_workday(day) or (
            chinese_calendar.is_holiday(day) and day.weekday() < 5 and not chinese_calendar.is_in_lieu(day))
        day += timedelta(days=1)
    return count


def test_october_2025_counts_the_national_day_holidays_but_not_the_days_in_lieu():
    cal = WorkCalendar()
    first, last = date(2025, 10, 1), date(2025, 10, 31)
    # 23 weekdays; Oct 7 and 8 are in lieu (for Sep 28 and Oct 11), Saturday Oct 11 is worked: 23 − 2 + 1
    assert cal.paid_days_between(first, last) == 22 == _package_paid_days(first, last)
    assert cal.working_days_between(first, last) == 18
    assert chinese_calendar.is_in_lieu(date(2025, 10, 7)) and chinese_calendar.is_in_lieu(date(2025, 10, 8))
    assert [cal.is_paid_day(date(2025, 10, d)) for d in range(1, 12)] == [
        True, True, True, False, False, True, False, False, True, True, True]  # Oct 4/5 a weekend of the span


def test_february_2026_spring_festival():
    cal = WorkCalendar()
    first, last = date(2026, 2, 1), date(2026, 2, 28)
    # 20 weekdays; 16–19 (除夕–初三) paid, 20 and 23 in lieu (for Sat 14 and Sat 28, both worked): 20 − 2 + 2
    assert cal.paid_days_between(first, last) == 20 == _package_paid_days(first, last)
    assert cal.working_days_between(first, last) == 16


def test_a_holiday_on_a_sunday_is_paid_on_its_bu_xiu_monday():
    cal = WorkCalendar()
    # 元旦 2023 fell on Sunday 1 January; Monday 2 January was given off (补休, a holiday, not in lieu)
    assert not cal.is_paid_day(date(2023, 1, 1)) and cal.is_paid_day(date(2023, 1, 2))
    assert not chinese_calendar.is_in_lieu(date(2023, 1, 2))
    # 22 weekdays; 春节 21–27 January, 26 and 27 in lieu of Saturday 28 and Sunday 29 (worked): 22 − 2 + 2
    assert cal.paid_days_between(date(2023, 1, 1), date(2023, 1, 31)) == 22


def test_a_month_without_a_holiday_is_its_working_days():
    cal = WorkCalendar()
    assert cal.paid_days_between(date(2025, 3, 1), date(2025, 3, 31)) == cal.working_days_between(
        date(2025, 3, 1), date(2025, 3, 31)) == 21


def test_a_year_is_365_less_its_104_rest_days():
    cal = WorkCalendar()
    assert cal.paid_days_between(date(2025, 1, 1), date(2025, 12, 31)) == 261  # 21.75 × 12
    for year in range(2015, 2027):
        first, last = date(year, 1, 1), date(year, 12, 31)
        assert cal.paid_days_between(first, last) == _package_paid_days(first, last), year


def test_a_year_from_hr_table_with_an_in_lieu_row():
    cal = WorkCalendar().extended([
        HolidayEntry(date(2027, 10, d), "holiday", "国办发明电〔2026〕X号") for d in (1, 4, 5, 6)
    ] + [
        HolidayEntry(date(2027, 10, 7), "inlieu", "同上"),
        HolidayEntry(date(2027, 10, 9), "workday", "同上"),
    ])
    first, last = date(2027, 10, 1), date(2027, 10, 31)
    # October 2027: 21 weekdays; 1, 4, 5, 6 paid holidays, 7 in lieu (a day off, not paid), Sat 9 worked
    assert cal.is_day_off(date(2027, 10, 7)) and cal.is_day_off(date(2027, 10, 7), "narrow")
    assert not cal.is_paid_day(date(2027, 10, 7))
    assert cal.working_days_between(first, last) == 21 - 5 + 1
    assert cal.paid_days_between(first, last) == 21 - 1 + 1
    # HR entered only "holiday" rows: a weekday holiday counts as paid
    only_holidays = WorkCalendar().extended([HolidayEntry(date(2027, 10, d), "holiday", "n") for d in (1, 4, 5, 6, 7)])
    assert only_holidays.paid_days_between(first, last) == 21
    # a later row wins: the in-lieu day marked as a holiday again is paid, a workday row is worked
    assert cal.extended([HolidayEntry(date(2027, 10, 7), "holiday", "更正")]).is_paid_day(date(2027, 10, 7))
    assert cal.extended([HolidayEntry(date(2027, 10, 7), "workday", "更正")]).is_paid_day(date(2027, 10, 7))
    # a package in-lieu day overridden by HR's row
    assert WorkCalendar().extended([HolidayEntry(date(2025, 10, 8), "holiday", "更正")]).is_paid_day(date(2025, 10, 8))


def test_a_year_nobody_knows_counts_monday_to_friday():
    cal = WorkCalendar()
    assert cal.paid_days_between(date(2028, 5, 1), date(2028, 5, 31)) == 23


def test_the_holiday_file_takes_inlieu(tmp_path):
    path = tmp_path / "h.json"
    path.write_text('[{"date": "2027-10-07", "kind": "inlieu", "notice": "n"}]', encoding="utf-8")
    assert load_holiday_file(path) == [HolidayEntry(date(2027, 10, 7), "inlieu", "n")]
