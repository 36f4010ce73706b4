"""`farewell law compute|explain` as a process with an empty environment (DESIGN, Pinned interfaces)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = {"ground": "mutual_employer_initiated", "hire_date": "2020-03-01", "separation_date": "2022-08-31", "monthly_wages": [10000]}


def law(*args: str, stdin: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "farewell", "law", *args],
        input=stdin.encode("utf-8"),
        capture_output=True,
        cwd=ROOT,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
    )


def test_the_contract_example_with_an_empty_environment():
    done = law("compute", "--input", "-", stdin=json.dumps(EXAMPLE))
    assert done.returncode == 0, done.stderr
    out = json.loads(done.stdout)
    # 2 y 6 m → N = 3; 3 × 10000 = 30000.00
    assert out["compensation_months"] == 3
    assert out["economic_compensation"] == 30000
    assert isinstance(out["economic_compensation"], float)


def test_a_file_and_a_list(tmp_path):
    path = tmp_path / "in.json"
    path.write_text(json.dumps([EXAMPLE, {**EXAMPLE, "ground": "unlawful_termination"}]), encoding="utf-8")
    done = law("compute", "--input", str(path), stdin="")
    assert done.returncode == 0
    out = json.loads(done.stdout)
    assert [o["total"] for o in out] == [30000, 60000]  # N 3; 2 × 3 × 10000


def test_an_unlawful_separation_still_exits_0():
    done = law("compute", "--input", "-", stdin=json.dumps({**EXAMPLE, "ground": "unlawful_termination"}))
    assert done.returncode == 0 and json.loads(done.stdout)["lawful"] is False


@pytest.mark.parametrize(
    ("stdin", "field"),
    [
        ("{not json", None),
        ("NaN", None),
        (json.dumps({**EXAMPLE, "ground": "nope"}), "ground"),
        (json.dumps([EXAMPLE, EXAMPLE, EXAMPLE, {**EXAMPLE, "hire_date": "x"}]), "[3].hire_date"),
        (json.dumps({**EXAMPLE, "annual_leave": {"cumulative_work_years": 3, "days_taken_this_year": None, "x": 1},
                     "overtime_pay_included": []}), "overtime_pay_included"),
    ],
)
def test_input_errors_exit_2_with_the_field(stdin, field):
    done = law("compute", "--input", "-", stdin=stdin)
    assert done.returncode == 2
    assert done.stdout == b""
    error = json.loads(done.stderr)
    assert error["field"] == field and error["error"]


def test_a_long_list_is_computed_in_order():
    items = [{**EXAMPLE, "monthly_wages": [1000 + i]} for i in range(2500)]
    done = law("compute", "--input", "-", stdin=json.dumps(items))
    assert done.returncode == 0
    out = json.loads(done.stdout)
    assert [o["monthly_base"] for o in out] == [1000 + i for i in range(2500)]
    items[2100] = {**EXAMPLE, "separation_date": "2019-01-01"}
    done = law("compute", "--input", "-", stdin=json.dumps(items))
    assert done.returncode == 2 and json.loads(done.stderr)["field"] == "[2100].separation_date"


def test_explain_reads_like_a_derivation():
    done = law("explain", "--input", "-", stdin=json.dumps({**EXAMPLE, "ground": "incompetence", "union_notified": False}))
    assert done.returncode == 0
    text = done.stdout.decode("utf-8")
    assert "经济补偿：" in text and "3 × 10000.00 = 30000.00" in text and "《劳动合同法》第四十七条" in text
    assert "代通知金" in text
    assert "合计：40000.00 元（肆万元整）" in text
    assert "结论：不合法" in text and "应当事先将理由通知工会" in text
    assert "union_not_notified" not in text  # no English codes inside the Chinese text
    assert "十五日内办理档案和社会保险关系转移手续" in text and "2022-09-15" in text


def test_no_django_in_the_engine():
    for path in (ROOT / "farewell" / "law").rglob("*.py"):
        for line in path.read_text(encoding="utf-8").splitlines():
            assert not line.lstrip().startswith(("from django", "import django")), path
