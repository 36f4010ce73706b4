"""The CLI's own JSON writer and its two-process reading of a long list change no output byte."""

from __future__ import annotations

import json
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from farewell.law import compute, compute_json, options_for_city
from farewell.law.jsonout import result_json

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "benchmarks"))
from law_batch import batch  # noqa: E402

SAMPLE = json.loads(json.dumps(batch(2000, seed=7)), parse_float=Decimal)
BASE = {"ground": "mutual_employer_initiated", "hire_date": "2020-03-01", "separation_date": "2022-08-31",
        "monthly_wages": [10000]}


@pytest.mark.parametrize("lang", [None, "en"])
@pytest.mark.parametrize("city", [None, "北京"])
def test_the_writer_gives_exactly_what_json_dumps_gives(lang, city):
    options = options_for_city(city)
    for data in SAMPLE:
        r = compute(data, options, lang=lang)
        assert result_json(r) == json.dumps(r.as_dict(), ensure_ascii=False)


def law(stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "farewell", "law", "compute", "--input", "-"], input=stdin,
                          capture_output=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, timeout=120)


def test_a_long_list_read_in_two_halves_gives_the_same_output():
    items = json.loads(json.dumps(batch(4000, seed=11)))
    for item in items[::7]:
        item["note"] = '}, {"ground": "resignation"}, {'  # a cut inside a string must not be taken
        item["nested"] = [{"a": 1}, {"b": 2}]  # nor a cut between nested objects
    done = law(json.dumps(items).encode())
    assert done.returncode == 0, done.stderr
    expected = compute_json(json.loads(json.dumps(items), parse_float=Decimal))
    assert done.stdout == (json.dumps(expected, ensure_ascii=False) + "\n").encode()


@pytest.mark.parametrize("index", [5, 3500])
def test_an_error_in_either_half_names_its_index(index):
    items = [dict(BASE) for _ in range(4000)]
    items[index]["hire_date"] = "20200301"
    done = law(json.dumps(items).encode())
    assert done.returncode == 2 and json.loads(done.stderr)["field"] == f"[{index}].hire_date"


def test_the_first_error_wins_when_both_halves_have_one():
    items = [dict(BASE) for _ in range(4000)]
    items[3900]["ground"] = "nope"
    items[10]["monthly_wages"] = []
    done = law(json.dumps(items).encode())
    assert json.loads(done.stderr)["field"] == "[10].monthly_wages"


def test_a_syntax_error_in_the_second_half_is_reported_as_for_the_whole_input():
    raw = json.dumps([BASE] * 6000).encode()
    broken = raw[: len(raw) * 3 // 4] + b"@" + raw[len(raw) * 3 // 4 + 1:]
    done = law(broken)
    assert done.returncode == 2
    error = json.loads(done.stderr)
    assert error["field"] is None and error["error"].startswith("the input is not JSON: Expecting value")


@settings(max_examples=2000, deadline=None)
@given(st.integers(0, 10**17), st.sampled_from([0, -1, -2, -3]))
def test_an_amount_is_written_as_json_writes_its_float(units, exponent):
    from farewell.law.jsonout import _money

    amount = Decimal(units).scaleb(exponent)
    assert _money(amount) == json.dumps(float(amount))


@pytest.mark.parametrize("lang", [None, "en"])
def test_the_engine_sets_every_field_of_a_result_and_of_its_input(lang):
    """engine._compute and inputs.parse_input set their records' fields one by one (no __init__ call: a
    batch's budget): every slot is set, and the records equal the ones their constructors build."""
    from farewell.law.inputs import Input, parse_input
    from farewell.law.result import Result

    for data in SAMPLE[:300]:
        inp = parse_input(data)
        assert all(hasattr(inp, name) for name in Input.__slots__)
        assert inp == Input(*[getattr(inp, name) for name in Input._fields])
        r = compute(data, lang=lang)
        assert all(hasattr(r, name) for name in Result.__slots__)
        assert r == Result(*[getattr(r, name) for name in Result._fields])
        assert r.assumptions == () or data.get("jurisdiction") == "CN-civil-service"
