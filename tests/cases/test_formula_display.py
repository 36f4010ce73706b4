"""The engine's formulas and summary as the pages show money: two decimals, thousands grouped, a base that is
not a whole fen rounded for the reader (the engine writes 17301.2718…, its contract in tests/law), and the
summary's N named with its count in brackets (it read "N 7 ×", as if a sign were missing)."""

from __future__ import annotations

import html
import re

import pytest
from django.utils import translation

from farewell.cases.presentation import present, readable
from farewell.law import compute_json

# 2020-03-01 through 2022-08-31: N = 3; three months' wages whose average is not a whole fen.
FORM = {"jurisdiction": "CN", "ground": "mutual_employer_initiated", "hire_date": "2020-03-01",
        "separation_date": "2022-08-31", "monthly_wages": "10000, 10000, 10001"}


@pytest.fixture
def hr(client, world):
    client.force_login(world.users["hr_admin"])
    return client


def test_it_rounds_and_groups_the_money_in_a_formula():
    with translation.override("zh-hans"):
        shown = readable("前十二个月平均工资 190313.99 ÷ 11 = 17301.2718…；7 × 17301.2718… = 121108.90")
    assert shown.startswith("前十二个月平均工资 190,313.99 ÷ 11 ≈ 17,301.27；7 × 17,301.27 = 121,108.90")
    assert shown.endswith("（金额按未舍入的月工资基数计算）")


def test_it_names_n_with_its_count_in_the_summary():
    assert readable("经济补偿 = N 7 × 月工资基数 10000.00 = 70000.00 元") == "经济补偿 = N（7） × 月工资基数 10,000.00 = 70,000.00 元"
    assert readable("Economic compensation = N before 2008 3 × pre-2008 base 30000.00 + N from 2008 18.5 × "
                    "monthly base 36000.00 = 756000.00") == (
        "Economic compensation = N before 2008 (3) × pre-2008 base 30,000.00 + N from 2008 (18.5) × "
        "monthly base 36,000.00 = 756,000.00")


def test_it_leaves_day_counts_rates_and_dates_alone():
    text = "当年应休未休 ⌊354 ÷ 365 × 5 − 0⌋ = 4天；200% × (1234.50 ÷ 12) ÷ 21.75 × 4 = 378.39；2020-03-10"
    assert readable(text) == text.replace("1234.50", "1,234.50")


def test_the_engines_own_output_is_unchanged():
    result = compute_json({k: v for k, v in FORM.items() if k != "monthly_wages"} | {"monthly_wages": [10000, 10000, 10001]})
    assert "10000.3333…" in result["lines"][0]["formula"] and "N 3 ×" in result["summary"]
    shown = present(result)
    assert "10,000.33" in shown["lines"][0]["formula"] and "N（3）" in shown["summary"]
    assert "10000.3333…" in result["lines"][0]["formula"]  # present() works on a copy


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_calculator_page_shows_the_readable_formula(hr, language):
    hr.cookies["django_language"] = language
    page = html.unescape(hr.post("/cases/calculator/", FORM).content.decode())
    assert "10000.3333" not in page and "30001.00" not in page
    assert "≈ 10,000.33" in page and "30,001.00" in page
    summary = re.search(r'id="result-summary">([^<]*)<', page).group(1)
    assert ("N（3）" if language == "zh-hans" else "N (3)") in summary
