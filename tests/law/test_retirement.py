"""Statutory retirement age (NPC SC decision 2024-09-13) and LCL 42(5)."""

from __future__ import annotations

from datetime import date
from types import SimpleNamespace

import pytest

from farewell.law.retirement import (
    long_service_near_retirement,
    retirement_near_long_service,
    statutory_retirement_age,
    statutory_retirement_date,
)


@pytest.mark.parametrize(
    ("birth", "category", "age"),
    [
        # men: born before 1965 → 60; 1965-01..04 → +1 month; +1 month every 4 months; 63 from 1976-09
        (date(1964, 12, 31), "male", (60, 0)),
        (date(1965, 1, 15), "male", (60, 1)),
        (date(1965, 4, 30), "male", (60, 1)),
        (date(1965, 5, 1), "male", (60, 2)),
        (date(1976, 8, 1), "male", (62, 11)),
        (date(1976, 9, 1), "male", (63, 0)),
        (date(1990, 1, 1), "male", (63, 0)),
        # women whose age was 55: from 1970-01 +1 month every 4 months, up to 58
        (date(1969, 12, 1), "female_cadre", (55, 0)),
        (date(1970, 1, 1), "female_cadre", (55, 1)),
        (date(1981, 9, 1), "female_cadre", (58, 0)),
        # women whose age was 50: from 1975-01 +1 month every 2 months, up to 55 (from 1984-11)
        (date(1974, 12, 1), "female_worker", (50, 0)),
        (date(1975, 2, 1), "female_worker", (50, 1)),
        (date(1975, 3, 1), "female_worker", (50, 2)),
        (date(1984, 11, 1), "female_worker", (55, 0)),
    ],
)
def test_the_gradual_raise(birth, category, age):
    gender = "male" if category == "male" else "female"
    assert statutory_retirement_age(birth, gender, category) == age


def test_the_retirement_date_is_birth_plus_the_age():
    # born 1965-03-10, 60 y 1 m → 2025-04-10
    assert statutory_retirement_date(date(1965, 3, 10), "male") == date(2025, 4, 10)


def test_long_service_near_retirement():
    # man born 1964-06-01 → 60 → retires 2024-06-01; hired 2005-01-01
    birth, hire = date(1964, 6, 1), date(2005, 1, 1)
    # 2020-01-01: 15 y of service, 4 y 5 m before retirement → protected
    assert long_service_near_retirement(birth, "male", "male", hire, date(2020, 1, 1))
    # 2019-06-01: exactly 5 years before → not "less than five years"
    assert not long_service_near_retirement(birth, "male", "male", hire, date(2019, 6, 1))
    # 14 y 11 m of service → not yet 15
    assert not long_service_near_retirement(birth, "male", "male", date(2005, 2, 2), date(2019, 12, 31))
    person = SimpleNamespace(birth_date=birth, gender="male", retirement_category="male", hire_date=hire)
    assert retirement_near_long_service(person, date(2020, 1, 1))
