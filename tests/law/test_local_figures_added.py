"""The rows added to the shipped table in issue 15's third pass on local figures (docs/law/local_figures.md,
"Third pass"): each loads through the table's loader with its source, address and date, and each city's figure
changes what `farewell law compute` prints — 天津's 2019 average caps the base (LCL 47 ¶2), the new minimum wages
raise a low base to the floor (Reg. 27) from the notice's first day and not a day earlier."""

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
    ("天津", "avg", 2019, 6323, "关于2019年度全市职工平均工资"),
    ("西安", "min", "2026-01-01", 2376, "西安市人力资源和社会保障局"),
    ("沈阳", "min", "2021-11-01", 1910, "沈人社发〔2021〕39号"),
    ("大连", "min", "2016-01-01", 1530, "大政办发〔2016〕3号"),
    ("大连", "min", "2018-01-01", 1620, "大政办发〔2018〕22号"),
    ("哈尔滨", "min", "2024-05-01", 2080, "黑政规〔2024〕1号"),
    ("哈尔滨", "min", "2025-12-01", 2270, "黑龙江省人民政府"),
    ("长春", "min", "2021-12-01", 1880, "吉林省人民政府"),
    ("长春", "min", "2024-10-01", 2120, "吉政函〔2024〕66号"),
    ("合肥", "min", "2015-11-01", 1520, "皖政办〔2015〕57号"),
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


def test_the_added_cities_answer_to_their_usual_names():
    for name in ("西安市", "xian", "沈阳市", "shenyang", "大连市", "dalian", "哈尔滨市", "harbin", "长春市", "changchun",
                 "合肥市", "hefei"):
        assert wage_table_lookup(name, date(2026, 6, 30)).local_min_wage is not None, name


# Worked examples, each a mutual separation with the city's figures taken from the table on the separation date
# (city, hire, separation, monthly wage, expected monthly_base, N, expected economic_compensation)
WORKED = [
    # 天津 2020-06-30: the 2019 average 6,323 caps the base at 3 × 6,323 = 18,969; 2 y 4 m → N 2.5 → 47,422.50
    ("天津", "2018-03-01", "2020-06-30", 30000, 18969, 2.5, 47422.5),
    # 西安 一类区 2026-03-31: 2,000 is raised to 2,376; 2 y 3 m → N 2.5 → 5,940.00
    ("西安", "2024-01-01", "2026-03-31", 2000, 2376, 2.5, 5940),
    # 沈阳 2022-06-30: 1,500 raised to 1,910; 2 y 6 m → N 3 → 5,730.00
    ("沈阳", "2020-01-01", "2022-06-30", 1500, 1910, 3, 5730),
    # 大连 2018-06-30: 1,500 raised to 1,620; 2 y 4 m → N 2.5 → 4,050.00
    ("大连", "2016-03-01", "2018-06-30", 1500, 1620, 2.5, 4050),
    # 哈尔滨 the day before and the first day of 2,270: 2 y 6 m → N 3 → 6,240.00, then 6,810.00
    ("哈尔滨", "2023-06-01", "2025-11-30", 2000, 2080, 3, 6240),
    ("哈尔滨", "2023-06-01", "2025-12-01", 2000, 2270, 3, 6810),
    # 长春 2024-10-01: 1,500 raised to 2,120; 2 y 9 m → N 3 → 6,360.00
    ("长春", "2022-01-01", "2024-10-01", 1500, 2120, 3, 6360),
    # 合肥市区 2016-06-30: 1,200 raised to 1,520; 1 y 4 m → N 1.5 → 2,280.00
    ("合肥", "2015-03-01", "2016-06-30", 1200, 1520, 1.5, 2280),
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
    # the cap comes from the table: without the 2019 average the Tianjin base stays at the wage itself
    assert inputs[0]["local_avg_monthly_wage"] == 6323 and "local_min_wage" not in inputs[0]
    assert "local_avg_monthly_wage" not in inputs[1] and inputs[1]["local_min_wage"] == 2376
