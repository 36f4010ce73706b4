"""The rows added to the shipped table in issue 15's fourth pass on local figures (docs/law/local_figures.md,
"Fourth pass"): 天津's 2024 average (津人社局发〔2025〕6号, read on the Tianjin tax bureau's site, a co-issuer) and
郑州's minimum wage from 2025-12-01 (read on the 郑州 bureau's own site). Each loads through the table's loader with
its source, address and date, and each changes what `farewell law compute` prints: the 2024 average caps a 2025
Tianjin base (LCL 47 ¶2) and is final there, the 郑州 floor raises a low base (Reg. 27) from its first day and not
a day earlier; 徐州's 2021 notice (市区, 江苏 二类) does the same."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from decimal import Decimal
from pathlib import Path

import pytest

from farewell.law import wage_table_lookup, wage_tables_for
from farewell.law.wage_tables import DEFAULT_WAGE_TABLE_FILE, load

ROOT = Path(__file__).resolve().parents[2]

# (city, "min" with its first day or "avg" with its statistical year, amount, a piece of the source it names)
ADDED = [
    ("天津", "avg", 2024, 8540, "津人社局发〔2025〕6号"),
    ("郑州", "min", "2025-12-01", 2350, "豫政〔2025〕25号"),
    ("徐州", "min", "2021-08-01", 2070, "苏人社发〔2021〕72号"),
]


def _raw(city: str, kind: str, key) -> dict:
    rows = json.loads(DEFAULT_WAGE_TABLE_FILE.read_text(encoding="utf-8"))["cities"][city]
    if kind == "avg":
        return next(r for r in rows["local_avg_monthly_wage"] if r["year"] == key)
    return next(r for r in rows["local_min_wage"] if r["effective_from"] == key)


@pytest.mark.parametrize(("city", "kind", "key", "amount", "named"), ADDED)
def test_an_added_row_loads_with_its_source_and_date(city, kind, key, amount, named):
    table = load()  # the loader's own reading of the file, not a cached copy
    if kind == "avg":
        figure = table.lookup(city, date(key + 1, 1, 1)).local_avg_monthly_wage
        assert figure.year == key
    else:
        figure = table.lookup(city, date.fromisoformat(key)).local_min_wage
        assert figure.effective_from == date.fromisoformat(key)
    assert figure.amount == Decimal(amount)
    assert named in figure.source
    assert figure.url.startswith(("https://", "http://"))
    assert date.fromisoformat(figure.published) <= date(2026, 12, 31)
    row = _raw(city, kind, key)
    assert str(amount) in row["quote"] and row["kind"] and row["checked"]


def test_the_tianjin_average_is_the_monthly_figure_of_the_annual_one_stated():
    # the notice states both: 102,480 a year, 8,540 a month (the table ships the monthly one as stated)
    row = _raw("天津", "avg", 2024)
    assert "102480" in row["quote"] and 102480 == 12 * row["amount"]


def test_xuzhou_answers_to_its_usual_names_and_its_row_is_the_city_districts_only():
    for name in ("徐州", "徐州市", "xuzhou"):
        assert wage_table_lookup(name, date(2022, 6, 30)).local_min_wage.amount == Decimal(2070), name
    assert wage_table_lookup("徐州", date(2021, 7, 31)).local_min_wage is None
    assert "铜山区及五县(市)为三类地区1840元" in _raw("徐州", "min", "2021-08-01")["kind"]


def test_zhengzhou_answers_to_its_usual_names_and_has_no_older_minimum():
    for name in ("郑州", "郑州市", "zhengzhou"):
        assert wage_table_lookup(name, date(2026, 6, 30)).local_min_wage.amount == Decimal(2350), name
    # 2,000 (2022) and 2,100 (2024) were read only in the province's notice, without the district table: none
    assert wage_table_lookup("郑州", date(2025, 11, 30)).local_min_wage is None
    assert wage_table_lookup("郑州", date(2026, 6, 30)).local_avg_monthly_wage is None
    # the date the row carries is not the city notice's own (not in the part read): the check says so
    assert "市通知自己的日期未读到" in _raw("郑州", "min", "2025-12-01")["checked"]


# Worked examples, each a mutual separation with the city's figures taken from the table on the separation date
# (city, hire, separation, monthly wage, expected monthly_base, N, expected economic_compensation)
WORKED = [
    # 天津 2025-06-30, 36,000 a month: the 2024 average 8,540 caps the base at 3 × 8,540 = 25,620; 3 y 4 m → N 3.5
    # → 89,670.00 (with 2023's 8,355 it would have been 3.5 × 25,065 = 87,727.50)
    ("天津", "2022-03-01", "2025-06-30", 36000, 25620, 3.5, 89670),
    # 郑州 the day before the 2025 notice: no minimum shipped, 2,000 stays the base; 1 y 9 m → N 2 → 4,000.00
    ("郑州", "2024-03-01", "2025-11-30", 2000, 2000, 2, 4000),
    # 郑州 its first day: 2,000 raised to 2,350; 1 y 9 m → N 2 → 4,700.00
    ("郑州", "2024-03-01", "2025-12-01", 2000, 2350, 2, 4700),
    # 徐州市区 2023-06-30: 1,500 raised to 2,070 (二类); 2 y 4 m → N 2.5 → 5,175.00
    ("徐州", "2021-03-01", "2023-06-30", 1500, 2070, 2.5, 5175),
]


def test_worked_examples_through_farewell_law_compute():
    inputs = []
    for city, hire, separation, wage, _base, _n, _ec in WORKED:
        figures = wage_tables_for(city, date.fromisoformat(separation))
        inputs.append({"ground": "mutual_employer_initiated", "hire_date": hire, "separation_date": separation,
                       "monthly_wages": [wage], **{k: float(v) for k, v in figures.items()}})
    done = subprocess.run([sys.executable, "-m", "farewell", "law", "compute", "--input", "-"],
                          input=json.dumps(inputs).encode("utf-8"), capture_output=True, cwd=ROOT,
                          env={"PATH": "/usr/bin:/bin"}, timeout=60)
    assert done.returncode == 0, done.stderr
    for (city, _hire, separation, _wage, base, n, ec), out in zip(WORKED, json.loads(done.stdout), strict=True):
        assert (out["monthly_base"], out["compensation_months"], out["economic_compensation"]) == (base, n, ec), (
            city, separation)
    # the cap and the floor come from the table
    assert inputs[0]["local_avg_monthly_wage"] == 8540
    assert "local_min_wage" not in inputs[1] and inputs[2]["local_min_wage"] == 2350
