"""A separation in a city the shipped table covers takes the minimum wage in force on its date (issue 15):
the case's engine input carries it from the first day of the notice, the one before it until then, and none
where no notice was read for that day (HR enters it under 设置 › 当地工资标准)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.cases import engine_calls, services


def _input_in(world, city: str, day: dt.date) -> dict:
    world.company.city = city
    world.company.save(update_fields=["city"])
    return services.engine_input_for(world.lisi, ground="mutual_employer_initiated", separation_date=day)


@pytest.mark.parametrize(("city", "day", "amount"), [
    ("北京", dt.date(2025, 8, 31), "2420"),
    ("北京", dt.date(2025, 9, 1), "2540"),
    ("天津市", dt.date(2025, 9, 1), "2510"),
    ("重庆", dt.date(2025, 1, 1), "2330"),
    ("深圳市", dt.date(2025, 3, 1), "2520"),
    ("宁波", dt.date(2024, 1, 1), "2490"),
    ("苏州市", dt.date(2024, 6, 30), "2490"),
    ("东莞", dt.date(2025, 3, 1), "2080"),
])
def test_the_case_input_takes_the_minimum_wage_in_force(staffed, city, day, amount):
    data = _input_in(staffed, city, day)
    assert data["local_min_wage"] == Decimal(amount)
    assert "local_avg_monthly_wage" not in data  # no average could be read: the cap warning stays


def test_before_the_first_notice_read_there_is_none(staffed):
    data = _input_in(staffed, "天津", dt.date(2023, 10, 31))
    assert "local_min_wage" not in data


def test_the_day_before_a_change_takes_the_older_figure(staffed):
    assert _input_in(staffed, "天津", dt.date(2025, 8, 31))["local_min_wage"] == Decimal("2320")


def test_the_beijing_practice_comes_with_the_beijing_figure(staffed):
    data = _input_in(staffed, "北京", dt.date(2025, 9, 1))
    assert data[engine_calls.OPTIONS_KEY]["practice"] == "beijing"
