from __future__ import annotations

import json
from datetime import date
from decimal import Decimal

from farewell.law import round_half_up, to_chinese_capital, wage_table_lookup, wage_tables_for
from farewell.law.overtime import overtime_pay
from farewell.law.wage_tables import DEFAULT_WAGE_TABLE_FILE, WageTable


def test_round_half_up():
    assert round_half_up(Decimal("0.125")) == Decimal("0.13")  # half up, not half even
    assert round_half_up(Decimal("67874.985")) == Decimal("67874.99")


def test_chinese_capitals():
    assert to_chinese_capital(Decimal("67875.00")) == "陆万柒仟捌佰柒拾伍元整"
    assert to_chinese_capital("100.05") == "壹佰元零伍分"


def test_overtime_rates():
    # 21750 / 21.75 / 8 = 125 an hour; working day 150% × 2 h = 375; rest day 200% × 8 h = 2000;
    # statutory holiday 300% × 8 h = 3000 (劳动法 44)
    assert overtime_pay(Decimal(21750), 2, "working_day") == Decimal("375.00")
    assert overtime_pay(Decimal(21750), 8, "rest_day") == Decimal("2000.00")
    assert overtime_pay(Decimal(21750), 8, "statutory_holiday") == Decimal("3000.00")


def test_the_shipped_wage_table():
    found = wage_table_lookup("上海市", date(2024, 9, 1))
    assert found.local_min_wage.amount == 2690 and "上海" in found.local_min_wage.source
    assert found.local_min_wage.url.startswith("https://") and found.local_min_wage.published == "2023-06-30"
    # Shanghai's 全口径 average of 2023 (12,307 a month), read in the bureau's announcement; 12,434 is 2024's,
    # not read in a text that publishes it: not shipped
    assert (found.local_avg_monthly_wage.year, found.local_avg_monthly_wage.amount) == (2023, 12307)
    assert wage_tables_for("上海", date(2024, 9, 1)) == {"local_min_wage": Decimal(2690),
                                                          "local_avg_monthly_wage": Decimal(12307)}
    assert wage_table_lookup("上海", date(2025, 9, 1)).local_avg_monthly_wage.year == 2023
    assert wage_tables_for("Atlantis", 2024) == {}


def test_every_shipped_figure_names_the_text_it_was_read_in():
    """Only figures whose source text was read are shipped (issue 15): each has its source, address and date."""
    raw = json.loads(DEFAULT_WAGE_TABLE_FILE.read_text(encoding="utf-8"))["cities"]
    figures = [f for row in raw.values() for kind in ("local_avg_monthly_wage", "local_min_wage") for f in row[kind]]
    assert figures
    for figure in figures:
        assert figure["source"] and figure["kind"] and figure["checked"]
        # an average is monthly and of a statistical year; a minimum wage has its first day
        assert isinstance(figure.get("year"), int) or date.fromisoformat(figure["effective_from"])
        # where the text was read: some bureaus' own pages (宁波市人社局) and reprints are plain http
        assert figure["url"].startswith(("https://", "http://"))
        assert date.fromisoformat(figure["published"])
        # the sentence read, verbatim, carries the amount itself
        assert str(figure["amount"]) in figure["quote"]


def test_an_admin_table():
    table = WageTable(
        {"某市": {"aliases": ["mou"], "local_avg_monthly_wage": [{"year": 2023, "amount": 9000, "source": "s"}],
                  "local_min_wage": [{"effective_from": "2024-03-01", "amount": 2000, "source": "s"}]}}
    )
    assert wage_tables_for("mou", date(2024, 3, 1), table) == {
        "local_avg_monthly_wage": Decimal(9000), "local_min_wage": Decimal(2000)
    }
    # before the minimum wage took effect, and before the 2023 average exists as a prior year
    assert wage_tables_for("某市", date(2024, 2, 29), table) == {"local_avg_monthly_wage": Decimal(9000)}
    assert wage_tables_for("某市", 2023, table) == {}


def test_shanghais_minimum_wage_dates_follow_the_bureaus_notices():
    """2,590 from 2021-07-01 and 2,690 from 2023-07-01 (the first edition dated them a year late each)."""
    assert wage_table_lookup("上海", date(2023, 6, 30)).local_min_wage.amount == 2590
    assert wage_table_lookup("上海", date(2023, 7, 1)).local_min_wage.amount == 2690
    assert wage_table_lookup("上海", date(2022, 1, 1)).local_min_wage.amount == 2590
