"""The shipped local figures (issue 15): each city's minimum wage applies from the day its notice gives and
not a day earlier, and an average of year Y from 1 January Y+1; a separation before the first figure read has
none (the case asks HR for it). Every row here is one whose text was read (docs/law/local_figures.md, with the
quote and where it was read)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from farewell.law import compute_json, wage_table_lookup, wage_tables_for

from .support import BASE

# (city as a company records it, the day before, the amount in force then (None: none read), the first day,
# the amount from then): each a notice read in full or in its operative sentences
STEPS = [
    ("上海市", date(2021, 6, 30), None, date(2021, 7, 1), 2590),  # 市人社局通知 (2021-06)
    ("上海", date(2023, 6, 30), 2590, date(2023, 7, 1), 2690),  # 市人社局, 上海发布 2023-06-30
    ("北京", date(2023, 8, 31), 2320, date(2023, 9, 1), 2420),  # 京人社劳发〔2023〕20号 (2,320 until then)
    ("北京市", date(2025, 8, 31), 2420, date(2025, 9, 1), 2540),  # 京人社劳发〔2025〕7号
    ("天津", date(2023, 10, 31), None, date(2023, 11, 1), 2320),  # 津人社规字〔2023〕8号
    ("天津", date(2025, 8, 31), 2320, date(2025, 9, 1), 2510),  # 市人社局 2025-08-20 (not 07-01, the draft's)
    ("重庆", date(2022, 3, 31), None, date(2022, 4, 1), 2100),  # 渝人社发〔2021〕52号, 第一档
    ("重庆市", date(2024, 12, 31), 2100, date(2025, 1, 1), 2330),  # 渝人社发〔2024〕22号, 第一档
    ("深圳", date(2025, 2, 28), None, date(2025, 3, 1), 2520),  # 深圳市人社局, 粤府函〔2025〕23号
    ("宁波", date(2023, 12, 31), None, date(2024, 1, 1), 2490),  # 甬政发〔2024〕27号, 市区各区
    ("南通", date(2021, 7, 31), None, date(2021, 8, 1), 2280),  # 通人社劳〔2021〕9号, 市区 一类
    ("南通市", date(2023, 12, 31), 2280, date(2024, 1, 1), 2490),  # 通人社劳〔2024〕2号, 市区 一类
    ("苏州", date(2023, 12, 31), None, date(2024, 1, 1), 2490),  # 苏州市人社局 2024-01-19, 市区 一类
    ("东莞市", date(2025, 2, 28), None, date(2025, 3, 1), 2080),  # 东莞市政府 2025-02-19 (not the page's 1,900)
    ("北京", date(2021, 7, 31), None, date(2021, 8, 1), 2320),  # 京人社劳发〔2021〕77号
    ("杭州", date(2017, 11, 30), None, date(2017, 12, 1), 2010),  # 杭政函〔2017〕161号, 市区
    ("杭州市", date(2021, 7, 31), 2010, date(2021, 8, 1), 2280),  # 杭政函〔2021〕69号 (issued 09-17, from 08-01)
    ("南京", date(2017, 6, 30), None, date(2017, 7, 1), 1890),  # 宁人社〔2017〕107号
    ("南京市", date(2021, 7, 31), 1890, date(2021, 8, 1), 2280),  # 宁人社〔2021〕108号
    ("常州", date(2021, 7, 31), None, date(2021, 8, 1), 2280),  # 市人社局, 市区、溧阳 一类
    ("常州", date(2023, 12, 31), 2280, date(2024, 1, 1), 2490),  # 常人社发〔2024〕7号
    ("常州市", date(2025, 12, 31), 2490, date(2026, 1, 1), 2660),  # 常人社发〔2025〕121号
    ("济南", date(2021, 9, 30), None, date(2021, 10, 1), 2100),  # 鲁政字〔2021〕169号, 第一档 (历下等五区)
    ("青岛市", date(2021, 9, 30), None, date(2021, 10, 1), 2100),  # 同上, 第一档 (市南等七区)
    ("烟台", date(2021, 9, 30), None, date(2021, 10, 1), 2100),  # 同上, 第一档 (芝罘等八区市)
    ("西安", date(2025, 12, 31), None, date(2026, 1, 1), 2376),  # 西安市人社局 2026-01-13, 一类区
    ("沈阳市", date(2021, 10, 31), None, date(2021, 11, 1), 1910),  # 沈人社发〔2021〕39号 (1,810 before: not read)
    ("大连", date(2015, 12, 31), None, date(2016, 1, 1), 1530),  # 大政办发〔2016〕3号
    ("大连市", date(2017, 12, 31), 1530, date(2018, 1, 1), 1620),  # 大政办发〔2018〕22号 (issued 03-02, from 01-01)
    ("哈尔滨", date(2024, 4, 30), None, date(2024, 5, 1), 2080),  # 黑政规〔2024〕1号, 第一档 (1,860 before: not read)
    ("哈尔滨市", date(2025, 11, 30), 2080, date(2025, 12, 1), 2270),  # 省政府 2025-11-27, 第一档
    ("长春", date(2021, 11, 30), None, date(2021, 12, 1), 1880),  # 省政府 2021-09-30, 长春市区
    ("长春市", date(2024, 9, 30), 1880, date(2024, 10, 1), 2120),  # 吉政函〔2024〕66号, 长春市区
    ("合肥", date(2015, 10, 31), None, date(2015, 11, 1), 1520),  # 皖政办〔2015〕57号, 第一档 合肥市区
    ("郑州", date(2025, 11, 30), None, date(2025, 12, 1), 2350),  # 市人社局网站, 全市 (2,100 before: not read)
    ("徐州市", date(2021, 7, 31), None, date(2021, 8, 1), 2070),  # 徐州市人社局 2021-07-29, 市区 二类
]

# (city, the last day the older average is the latest one, its amount (None: none shipped), the first day
# the newer one is, its amount): an average of statistical year Y is the prior-year average of every
# separation from 1 January Y+1 on (LCL 47 ¶2), each read in the bureau's own text
AVERAGES = [
    ("天津", date(2019, 12, 31), None, date(2020, 1, 1), 6323),  # 2019: 市人社局网站 2020-09-07 (notice of 06-30)
    ("天津", date(2020, 12, 31), 6323, date(2021, 1, 1), 6777),  # 2020: 市人社局 2021-08-30
    ("天津市", date(2021, 12, 31), 6777, date(2022, 1, 1), 7478),  # 2021: 津人社局发〔2022〕19号
    ("天津", date(2022, 12, 31), 7478, date(2023, 1, 1), 7919),  # 2022: 津人社局发〔2023〕8号
    ("天津", date(2023, 12, 31), 7919, date(2024, 1, 1), 8355),  # 2023: 天津人社 2024-07-26
    ("天津市", date(2024, 12, 31), 8355, date(2025, 1, 1), 8540),  # 2024: 津人社局发〔2025〕6号 (2025-09-29)
    ("上海市", date(2021, 12, 31), None, date(2022, 1, 1), 11396),  # 2021 全口径: 通告 2022-07-05
    ("上海", date(2022, 12, 31), 11396, date(2023, 1, 1), 12183),  # 2022 全口径: 市人社局 2023-06
    ("上海", date(2023, 12, 31), 12183, date(2024, 1, 1), 12307),  # 2023 全口径: 市人社局 2024-07-31
]


@pytest.mark.parametrize(("city", "before", "old", "first", "new"), STEPS)
def test_a_minimum_wage_applies_from_its_first_day(city, before, old, first, new):
    assert wage_tables_for(city, first).get("local_min_wage") == Decimal(new)
    assert wage_tables_for(city, before).get("local_min_wage") == (None if old is None else Decimal(old))


@pytest.mark.parametrize(("city", "before", "old", "first", "new"), AVERAGES)
def test_an_average_is_the_prior_year_one_from_the_first_day_of_the_next_year(city, before, old, first, new):
    found = wage_table_lookup(city, first).local_avg_monthly_wage
    assert found.amount == Decimal(new) and found.year == first.year - 1
    earlier = wage_table_lookup(city, before).local_avg_monthly_wage
    assert (None if earlier is None else earlier.amount) == (None if old is None else Decimal(old))


def test_each_figure_says_what_it_is_and_where_it_was_read():
    figure = wage_table_lookup("重庆", date(2025, 6, 30)).local_min_wage
    assert "渝人社发〔2024〕22号" in figure.source and figure.url.startswith("https://")
    assert _row("重庆", "2025-01-01")["kind"].startswith("全日制职工月最低工资标准（第一档")
    assert _row("宁波", "2024-01-01")["kind"].startswith("最低月工资标准（第一档")


def test_only_the_averages_read_are_shipped():
    # Tianjin's 全市职工平均工资 and Shanghai's 全口径 figure were read in the bureau's own text; no other city's
    # (docs/law/local_figures.md lists what was seen and where): there the LCL 47 ¶2 cap keeps asking HR.
    for city in ("北京", "重庆", "深圳", "宁波", "南通", "苏州", "东莞", "杭州", "南京", "常州", "济南", "青岛", "烟台",
                 "西安", "沈阳", "大连", "哈尔滨", "长春", "合肥", "郑州", "徐州"):
        assert wage_table_lookup(city, date(2026, 1, 1)).local_avg_monthly_wage is None
    assert _average("天津", 2023)["kind"].startswith("本市职工月平均工资")
    assert "全口径" in _average("上海", 2023)["kind"]


def test_an_average_older_than_the_rule_needs_is_still_the_latest_one():
    # A 2026 separation needs the 2025 average; until it is read, the 2024 one is used (the case marks the
    # result provisional: tests/cases/test_shipped_local_figures.py). A 2025 separation has the 2024 one it needs.
    found = wage_table_lookup("天津", date(2026, 3, 31))
    assert (found.local_avg_monthly_wage.year, found.local_avg_monthly_wage.amount) == (2024, Decimal(8540))
    found = wage_table_lookup("天津", date(2025, 9, 1))
    assert (found.local_avg_monthly_wage.year, found.local_avg_monthly_wage.amount) == (2024, Decimal(8540))


def test_the_floor_follows_the_date_in_the_amount():
    # A Beijing separation at 2,000 a month, hired 2023-04-01 (2 y 5 m: N = 2.5): the Reg. 27 floor is the minimum wage in force
    # on the separation date: 2.5 × 2,420 = 6,050.00 on 2025-08-31, 2.5 × 2,540 = 6,350.00 on 2025-09-01.
    def n_for(day: str) -> float:
        data = {**BASE, "hire_date": "2023-04-01", "separation_date": day, "monthly_wages": [2000],
                **{k: float(v) for k, v in wage_tables_for("北京", date.fromisoformat(day)).items()}}
        return compute_json(data)["economic_compensation"]

    assert n_for("2025-08-31") == 6050
    assert n_for("2025-09-01") == 6350


def test_the_cap_follows_the_shipped_average():
    # A Tianjin separation at 30,000 a month, hired 2023-04-01, on 2025-09-01 (N = 2.5): LCL 47 ¶2 caps the base
    # at 3 × the 2024 average (8,540, 津人社局发〔2025〕6号) = 25,620: 2.5 × 25,620 = 64,050.00. On 2024-12-31 the
    # prior year is 2023 (8,355): 3 × 8,355 = 25,065, N 2 (1 y 9 m) → 50,130.00.
    def result_on(day: str) -> dict:
        data = {**BASE, "hire_date": "2023-04-01", "separation_date": day, "monthly_wages": [30000],
                **{k: float(v) for k, v in wage_tables_for("天津", date.fromisoformat(day)).items()}}
        return compute_json(data)

    result = result_on("2025-09-01")
    assert result["monthly_base"] == 25620 and result["economic_compensation"] == 64050
    result = result_on("2024-12-31")
    assert result["monthly_base"] == 25065 and result["economic_compensation"] == 50130


def _average(city: str, year: int) -> dict:
    import json

    from farewell.law.wage_tables import DEFAULT_WAGE_TABLE_FILE

    rows = json.loads(DEFAULT_WAGE_TABLE_FILE.read_text(encoding="utf-8"))["cities"][city]["local_avg_monthly_wage"]
    return next(r for r in rows if r["year"] == year)


def _row(city: str, effective_from: str) -> dict:
    import json

    from farewell.law.wage_tables import DEFAULT_WAGE_TABLE_FILE

    rows = json.loads(DEFAULT_WAGE_TABLE_FILE.read_text(encoding="utf-8"))["cities"][city]["local_min_wage"]
    return next(r for r in rows if r["effective_from"] == effective_from)
