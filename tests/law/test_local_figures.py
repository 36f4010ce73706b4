"""The shipped local figures (issue 15): each city's minimum wage applies from the day its notice gives and
not a day earlier; a separation before the first figure read has none (the case asks HR for it). Every row
here is one whose notice text was read (docs/law/local_figures.md, with the quote and where it was read)."""

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
    ("北京", date(2023, 8, 31), None, date(2023, 9, 1), 2420),  # 京人社劳发〔2023〕20号
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
]


@pytest.mark.parametrize(("city", "before", "old", "first", "new"), STEPS)
def test_a_minimum_wage_applies_from_its_first_day(city, before, old, first, new):
    assert wage_tables_for(city, first) == {"local_min_wage": Decimal(new)}
    earlier = wage_tables_for(city, before)
    assert earlier == ({} if old is None else {"local_min_wage": Decimal(old)})


def test_each_figure_says_what_it_is_and_where_it_was_read():
    figure = wage_table_lookup("重庆", date(2025, 6, 30)).local_min_wage
    assert "渝人社发〔2024〕22号" in figure.source and figure.url.startswith("https://")
    assert _row("重庆", "2025-01-01")["kind"].startswith("全日制职工月最低工资标准（第一档")
    assert _row("宁波", "2024-01-01")["kind"].startswith("最低月工资标准（第一档")


def test_no_average_wage_is_shipped():
    # None of the 30 cities' averages could be read in the bureau's own text (docs/law/local_figures.md lists
    # what was seen and where): the LCL 47 ¶2 cap keeps asking HR for the figure.
    for city in ("上海", "北京", "天津", "重庆", "深圳", "宁波", "南通", "苏州", "东莞"):
        assert wage_table_lookup(city, date(2026, 1, 1)).local_avg_monthly_wage is None


def test_the_floor_follows_the_date_in_the_amount():
    # A Beijing separation at 2,000 a month, hired 2023-04-01 (2 y 5 m: N = 2.5): the Reg. 27 floor is the minimum wage in force
    # on the separation date: 2.5 × 2,420 = 6,050.00 on 2025-08-31, 2.5 × 2,540 = 6,350.00 on 2025-09-01.
    def n_for(day: str) -> float:
        data = {**BASE, "hire_date": "2023-04-01", "separation_date": day, "monthly_wages": [2000],
                **{k: float(v) for k, v in wage_tables_for("北京", date.fromisoformat(day)).items()}}
        return compute_json(data)["economic_compensation"]

    assert n_for("2025-08-31") == 6050
    assert n_for("2025-09-01") == 6350


def _row(city: str, effective_from: str) -> dict:
    import json

    from farewell.law.wage_tables import DEFAULT_WAGE_TABLE_FILE

    rows = json.loads(DEFAULT_WAGE_TABLE_FILE.read_text(encoding="utf-8"))["cities"][city]["local_min_wage"]
    return next(r for r in rows if r["effective_from"] == effective_from)
