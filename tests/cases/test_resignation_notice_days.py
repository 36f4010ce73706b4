"""LCL 37: notice of resignation — 3 days in probation (its last day included), 30 days after it."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.cases.services import resignation_last_day
from tests.factories import make_contract

D = dt.date
PROBATION_END = D(2026, 5, 31)


@pytest.fixture
def on_probation(world):
    make_contract(world.lisi, kind="fixed_term", start_date=D(2026, 3, 1), end_date=D(2029, 2, 28),
                  probation_end_date=PROBATION_END)
    return world.lisi


@pytest.mark.parametrize(("notice", "last_day"), [
    (D(2026, 5, 30), D(2026, 6, 2)),   # in probation: 3 days
    (PROBATION_END, D(2026, 6, 3)),    # the last day of probation is still probation
    (D(2026, 6, 1), D(2026, 7, 1)),    # the day after: 30 days
])
def test_the_notice_period_follows_the_day_the_notice_was_given(on_probation, notice, last_day):
    assert resignation_last_day(on_probation, notice) == last_day
