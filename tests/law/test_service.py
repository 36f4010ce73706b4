from __future__ import annotations

from datetime import date, timedelta

import pytest
from dateutil.relativedelta import relativedelta
from hypothesis import given
from hypothesis import strategies as st

from farewell.law.service import add_years, span


@pytest.mark.parametrize(
    ("first", "last", "expected"),
    [
        # prc_rules §2: through 2022-08-31 is 2 y 6 m; through 2022-08-30 is 2 y 5 m 30 d
        (date(2020, 3, 1), date(2022, 8, 31), (2, 6, 0)),
        (date(2020, 3, 1), date(2022, 8, 30), (2, 5, 30)),
        # 2019-03-01 through 2024-02-29 (leap day) is exactly 5 years: the day after is 2024-03-01
        (date(2019, 3, 1), date(2024, 2, 29), (5, 0, 0)),
        # one day of service: hire and separation the same day
        (date(2021, 5, 5), date(2021, 5, 5), (0, 0, 1)),
        # 2021-01-01 through 2021-06-29: the day after is 06-30 → 5 m 29 d
        (date(2021, 1, 1), date(2021, 6, 29), (0, 5, 29)),
        (date(2021, 1, 1), date(2021, 6, 30), (0, 6, 0)),
    ],
)
def test_it_counts_both_days(first, last, expected):
    assert tuple(span(first, last)) == expected


@given(
    st.dates(min_value=date(1970, 1, 1), max_value=date(2040, 12, 31)),
    st.integers(min_value=0, max_value=20000),
)
def test_it_agrees_with_relativedelta(first, days):
    # prc_rules §2 defines the count as relativedelta(separation + 1 day, hire)
    last = first + timedelta(days=days)
    r = relativedelta(last + timedelta(days=1), first)
    assert tuple(span(first, last)) == (r.years, r.months, r.days)


def test_two_years_from_29_february_end_on_28_february():
    # 民法典 202 / README: S + 2 years, 29 February → 28 February
    assert add_years(date(2024, 2, 29), 2) == date(2026, 2, 28)
    assert add_years(date(2022, 8, 31), 2) == date(2024, 8, 31)
