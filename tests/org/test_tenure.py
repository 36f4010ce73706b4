"""Tenure counted the way the law counts service: both the first and the last day included."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.org.tenure import Span, cumulative_work_years, span, tenure

D = dt.date


@pytest.mark.parametrize(
    ("start", "through", "expected"),
    [
        (D(2020, 3, 1), D(2022, 8, 31), Span(2, 6, 0)),
        (D(2019, 3, 1), D(2024, 2, 29), Span(5, 0, 0)),  # ends on a leap day
        (D(2020, 3, 1), D(2020, 3, 1), Span(0, 0, 1)),  # one day is one day
        (D(2020, 3, 1), D(2020, 3, 31), Span(0, 1, 0)),  # a whole month
        (D(2021, 2, 1), D(2021, 2, 28), Span(0, 1, 0)),  # February, common year
        (D(2024, 2, 1), D(2024, 2, 29), Span(0, 1, 0)),  # February, leap year
        (D(2024, 2, 1), D(2024, 2, 28), Span(0, 0, 28)),  # one day short of the leap month
        (D(2020, 1, 1), D(2020, 12, 31), Span(1, 0, 0)),
        (D(2020, 1, 15), D(2020, 7, 14), Span(0, 6, 0)),
        (D(2020, 1, 15), D(2020, 7, 20), Span(0, 6, 6)),
        (D(2023, 1, 1), D(2023, 2, 28), Span(0, 2, 0)),  # through a month end
        (D(2020, 3, 31), D(2020, 4, 28), Span(0, 0, 29)),  # from a month end
        # From a day the next month lacks, the anniversary is clamped to the month's end
        # (relativedelta, as the law engine counts: prc_rules §2).
        (D(2020, 2, 29), D(2021, 2, 27), Span(1, 0, 0)),
        (D(2020, 1, 31), D(2020, 2, 28), Span(0, 1, 0)),
        (D(2020, 3, 31), D(2020, 4, 29), Span(0, 1, 0)),
        (D(2022, 8, 31), D(2020, 3, 1), Span(0, 0, 0)),  # backwards: nothing
    ],
)
def test_span_counts_both_days(start, through, expected):
    assert span(start, through) == expected


def test_total_months_and_text():
    s = span(D(2020, 3, 1), D(2022, 8, 31))
    assert s.total_months == 30
    assert str(s) == "2年6个月0天"


def test_tenure_stops_at_the_separation_date():
    hire, separation = D(2020, 3, 1), D(2022, 8, 31)
    assert tenure(hire, as_of=D(2025, 1, 1), separation_date=separation) == Span(2, 6, 0)


def test_tenure_as_of_a_day_before_the_separation():
    hire, separation = D(2020, 3, 1), D(2022, 8, 31)
    assert tenure(hire, as_of=D(2021, 2, 28), separation_date=separation) == Span(1, 0, 0)


def test_tenure_without_separation_runs_to_as_of():
    assert tenure(D(2020, 3, 1), as_of=D(2023, 2, 28)) == Span(3, 0, 0)


def test_tenure_before_the_hire_date_is_zero():
    assert tenure(D(2020, 3, 1), as_of=D(2020, 2, 1)) == Span(0, 0, 0)


def test_cumulative_work_years_are_full_years():
    assert cumulative_work_years(D(2010, 7, 1), as_of=D(2020, 6, 30)) == 10
    assert cumulative_work_years(D(2010, 7, 1), as_of=D(2020, 6, 29)) == 9
    assert cumulative_work_years(None, as_of=D(2020, 6, 30)) is None


def test_it_counts_as_the_law_engine_does():
    """org.tenure (the profile) and law.service (the engine) must never disagree."""
    law_service = pytest.importorskip("farewell.law.service")
    starts = [D(2019, 1, 31), D(2019, 3, 1), D(2020, 2, 29), D(2020, 3, 31), D(2021, 12, 31)]
    for start in starts:
        for offset in range(0, 900, 7):
            through = start + dt.timedelta(days=offset)
            ours, theirs = span(start, through), law_service.span(start, through)
            assert (ours.years, ours.months, ours.days) == tuple(theirs), (start, through)


def test_text_follows_the_active_language():
    from django.utils import translation

    s = span(D(2020, 3, 1), D(2022, 8, 31))
    with translation.override("en"):
        assert str(s) == "2 years 6 months 0 days"
    with translation.override("zh-hans"):
        assert str(s) == "2年6个月0天"
