"""A separation in a city the shipped table covers takes the minimum wage in force on its date and the latest
prior-year average read (issue 15): the case's engine input carries the minimum from the first day of the
notice, the one before it until then, and none where no notice was read for that day; the average with its
year, provisional when older than the year LCL 47 ¶2 needs (HR enters newer ones under 设置 › 当地工资标准)."""

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
    ("重庆", dt.date(2025, 1, 1), "2330"),
    ("深圳市", dt.date(2025, 3, 1), "2520"),
    ("宁波", dt.date(2024, 1, 1), "2490"),
    ("苏州市", dt.date(2024, 6, 30), "2490"),
    ("东莞", dt.date(2025, 3, 1), "2080"),
    ("杭州", dt.date(2021, 8, 1), "2280"),
    ("南京市", dt.date(2023, 6, 30), "2280"),
    ("常州", dt.date(2026, 1, 1), "2660"),
    ("济南", dt.date(2021, 10, 1), "2100"),
    ("西安市", dt.date(2026, 1, 1), "2376"),  # the third pass's rows reach the case the same way
    ("哈尔滨", dt.date(2025, 11, 30), "2080"),
    ("哈尔滨", dt.date(2025, 12, 1), "2270"),
    ("长春", dt.date(2024, 10, 1), "2120"),
    ("沈阳市", dt.date(2022, 6, 30), "1910"),
    ("郑州市", dt.date(2025, 12, 1), "2350"),  # the fourth pass's rows (市人社局网站; 徐州市人社局 2021-07-29)
    ("徐州", dt.date(2021, 8, 1), "2070"),
])
def test_the_case_input_takes_the_minimum_wage_in_force(staffed, city, day, amount):
    data = _input_in(staffed, city, day)
    assert data["local_min_wage"] == Decimal(amount)
    assert "local_avg_monthly_wage" not in data  # no average could be read there: the cap warning stays


@pytest.mark.parametrize(("city", "day", "minimum", "average", "year"), [
    ("天津市", dt.date(2025, 9, 1), "2510", "8540", 2024),  # 津人社局发〔2025〕6号: the year the rule needs, final
    ("天津", dt.date(2026, 3, 31), "2510", "8540", 2024),  # the 2025 average not read: 2024's, provisional
    ("天津", dt.date(2024, 6, 30), "2320", "8355", 2023),  # the year the rule needs: final
    ("上海", dt.date(2023, 7, 1), "2690", "12183", 2022),
    ("上海市", dt.date(2024, 1, 1), "2690", "12307", 2023),
])
def test_the_case_input_takes_the_latest_prior_year_average(staffed, city, day, minimum, average, year):
    data = _input_in(staffed, city, day)
    assert data["local_min_wage"] == Decimal(minimum)
    assert data["local_avg_monthly_wage"] == Decimal(average)
    assert data[engine_calls.AVERAGE_YEAR_KEY] == year


def test_an_older_average_makes_the_result_provisional(staffed):
    data = _input_in(staffed, "天津", dt.date(2026, 3, 31))
    check = services.cap_unknown_check(data, {"economic_compensation": "1000.00", "total": "1000.00"})
    assert check["code"] == engine_calls.PROVISIONAL_CODE
    assert (check["year_used"], check["year_needed"]) == (2024, 2025)
    # a 2025 separation needed 2024's, read since (津人社局发〔2025〕6号): no longer provisional
    on_time = _input_in(staffed, "天津", dt.date(2025, 9, 1))
    assert services.cap_unknown_check(on_time, {"economic_compensation": "1000.00", "total": "1000.00"}) is None


def test_before_the_first_notice_read_there_is_none(staffed):
    data = _input_in(staffed, "天津", dt.date(2023, 10, 31))
    assert "local_min_wage" not in data


def test_the_day_before_a_change_takes_the_older_figure(staffed):
    assert _input_in(staffed, "天津", dt.date(2025, 8, 31))["local_min_wage"] == Decimal("2320")


def test_the_beijing_practice_comes_with_the_beijing_figure(staffed):
    data = _input_in(staffed, "北京", dt.date(2025, 9, 1))
    assert data[engine_calls.OPTIONS_KEY]["practice"] == "beijing"


def test_the_2019_tianjin_average_is_final_for_a_2020_separation(staffed):
    # 天津's 2019 average (6,323, the bureau's own site) is the one LCL 47 ¶2 needs in 2020: not provisional
    data = _input_in(staffed, "天津", dt.date(2020, 6, 30))
    assert data["local_avg_monthly_wage"] == Decimal("6323") and data[engine_calls.AVERAGE_YEAR_KEY] == 2019
    assert services.cap_unknown_check(data, {"economic_compensation": "1000.00", "total": "1000.00"}) is None
    assert "local_min_wage" not in data  # no Tianjin minimum wage read before 2023-11-01
