"""No input breaks `farewell law compute`: any JSON value, any depth, up to 10 MB → exit 0 or 2, never a traceback.

The CLI runs in-process (cli.main with stdin, stdout and stderr swapped for buffers) so that
hypothesis can try many inputs quickly; a few run as a real process with an empty environment.
"""

from __future__ import annotations

import io
import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from farewell.law import cli

ROOT = Path(__file__).resolve().parents[2]
BASE = {"ground": "mutual_employer_initiated", "hire_date": "2020-03-01", "separation_date": "2022-08-31",
        "monthly_wages": [10000]}
FIELDS = ["jurisdiction", "ground", "hire_date", "separation_date", "monthly_wages", "overtime_pay_included",
          "local_avg_monthly_wage", "local_min_wage", "enterprise_avg_monthly_wage", "notice_given_days",
          "last_month_wage", "annual_leave", "no_written_contract_months", "protected_status", "union_notified",
          "extra_compensation", "probation_end_date", "contract_term_months", "layoff_headcount", "employer_headcount"]
TEN_MB = 10 * 1024 * 1024


def run_in_process(command: str, raw: bytes) -> tuple[int, bytes, bytes]:
    """cli.main as `farewell law <command> --input -`, with its own stdin/stdout/stderr."""
    stdin, stdout, stderr = (io.TextIOWrapper(io.BytesIO(raw)), io.TextIOWrapper(io.BytesIO()),
                             io.TextIOWrapper(io.BytesIO()))
    saved = sys.stdin, sys.stdout, sys.stderr
    sys.stdin, sys.stdout, sys.stderr = stdin, stdout, stderr
    try:
        code = cli.main([command, "--input", "-"])
    finally:
        sys.stdin, sys.stdout, sys.stderr = saved
    stdout.flush()
    stderr.flush()
    return code, stdout.buffer.getvalue(), stderr.buffer.getvalue()


def assert_contract_exit(command: str, raw: bytes) -> None:
    code, out, err = run_in_process(command, raw)
    assert code in (0, 2)
    if code == 0:
        assert err == b""
        if command == "compute":
            json.loads(out)
    else:
        assert out == b""
        error = json.loads(err)
        assert set(error) == {"error", "field"} and error["error"]
        assert error["field"] is None or isinstance(error["field"], str)
        assert len(error["error"]) <= 300  # at most 100 characters of the bad value, quoted


scalars = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False, allow_infinity=False)
           | st.text(max_size=30) | st.text(st.characters(categories=["Cs", "Co", "Cc", "Lo"]), max_size=5) | st.sampled_from(["2024-02-29", "9999-12-31", "0001-01-01", "20240630",
                                                     "2024-W26-7", "resignation", "CN-civil-service", "work_injury"]))
json_values = st.recursive(scalars, lambda children: st.lists(children, max_size=5)
                           | st.dictionaries(st.sampled_from(FIELDS) | st.text(max_size=8), children, max_size=5),
                           max_leaves=30)
numbers_as_text = st.sampled_from(["1e26", "1e-999999999", "1e999999999", "-0", "0.0000000001", "1" * 5000,
                                   "9999999999.995", "-1e400", "123456789012345678901234567890.5"])


@settings(max_examples=300, deadline=None)
@given(json_values)
def test_any_json_value_exits_0_or_2(value):
    assert_contract_exit("compute", json.dumps(value).encode())


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(FIELDS), json_values, st.sampled_from(["compute", "explain"]))
def test_any_value_in_any_field_exits_0_or_2(field, value, command):
    assert_contract_exit(command, json.dumps({**BASE, field: value}).encode())


@settings(max_examples=100, deadline=None)
@given(st.sampled_from(FIELDS), numbers_as_text, st.booleans())
def test_odd_numbers_written_as_json_exit_0_or_2(field, number, in_a_list):
    value = f"[{number}]" if in_a_list else number
    raw = json.dumps(BASE)[:-1] + f', "{field}": {value}}}'
    assert_contract_exit("compute", raw.encode())


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, 200_000), st.sampled_from(["[", "{\"a\":"]), st.sampled_from(["top", "ignored", "field"]))
def test_any_depth_exits_0_or_2(depth, opener, where):
    closer = "]" if opener == "[" else "}"
    nested = opener * depth + "1" + closer * depth
    if where == "top":
        raw = nested
    elif where == "ignored":
        raw = json.dumps(BASE)[:-1] + f', "ignored": {nested}}}'
    else:
        raw = json.dumps(BASE)[:-1] + f', "annual_leave": {nested}}}'
    assert_contract_exit("compute", raw.encode())


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.integers(1, TEN_MB), st.sampled_from(["string", "wages", "ignored_list", "items"]))
def test_any_size_up_to_10_mb_exits_0_or_2(size, shape):
    if shape == "string":
        raw = json.dumps({**BASE, "ground": "x" * size}).encode()
    elif shape == "wages":
        raw = json.dumps({**BASE, "monthly_wages": [1] * (size // 3)}).encode()
    elif shape == "ignored_list":
        raw = json.dumps({**BASE, "ignored": "y" * size}).encode()
    else:  # a list of separations; a bad one at the end
        count = max(size // 2000, 1)
        raw = json.dumps([BASE] * count + [{**BASE, "hire_date": "yesterday"}]).encode()
    assert len(raw) <= TEN_MB + 200
    assert_contract_exit("compute", raw)


@pytest.mark.parametrize("command", ["compute", "explain"])
@pytest.mark.parametrize("field", ["ground", "hire_date", "jurisdiction", "protected_status"])
def test_a_lone_surrogate_quoted_in_the_error_is_escaped(command, field):
    value = ["\ud800"] if field == "protected_status" else "\udfff"
    code, _, err = run_in_process(command, json.dumps({**BASE, field: value}).encode())
    assert code == 2 and json.loads(err)["field"] == field


def test_the_deep_input_names_no_field():
    code, _, err = run_in_process("compute", b"[" * 5000 + b"]" * 5000)
    assert code == 2 and json.loads(err)["field"] is None


def test_a_huge_integer_names_its_field():
    raw = json.dumps(BASE)[:-1] + ', "notice_given_days": ' + "9" * 6000 + "}"
    code, _, err = run_in_process("compute", raw.encode())
    assert code == 2 and json.loads(err)["field"] == "notice_given_days"


def law_process(stdin: bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "farewell", "law", "compute", "--input", "-"], input=stdin,
                          capture_output=True, cwd=ROOT, env={"PATH": "/usr/bin:/bin"}, timeout=120)


def test_as_a_process_odd_inputs_exit_2_without_a_traceback():
    for raw in (
        b"[" * 3000 + b"]" * 3000,
        json.dumps({**BASE, "ignored": [[[[[[]]]]]], "x": "[" * 10}).replace('"x"', '"y"').encode()[:-1]
        + b', "z": ' + b"[" * 2000 + b"]" * 2000 + b"}",
        json.dumps({**BASE, "separation_date": "9999-12-31"}).encode(),
        json.dumps({**BASE, "monthly_wages": [1e300]}).encode(),
        json.dumps({**BASE, "ground": "g" * TEN_MB}).encode(),
    ):
        done = law_process(raw)
        assert done.returncode == 2, done.stderr[:500]
        assert b"Traceback" not in done.stderr and done.stdout == b""
        assert len(json.loads(done.stderr)["error"]) <= 300


def test_as_a_process_a_10_mb_input_is_computed():
    items = [BASE] * 2000 + [{**BASE, "note": "n" * (TEN_MB - 300_000)}]
    done = law_process(json.dumps(items).encode())
    assert done.returncode == 0, done.stderr[:500]
    assert len(json.loads(done.stdout)) == len(items)


GROUNDS = ["resignation", "employer_fault_resignation", "mutual_employer_initiated", "mutual_employee_initiated",
           "probation_rejection", "misconduct", "illness_incapacity", "incompetence", "objective_change",
           "economic_layoff", "expiry_employer_not_renewing", "expiry_employee_declines_same_or_better",
           "expiry_employee_declines_worse_terms", "employer_closure", "retirement", "unlawful_termination",
           "cs_resignation", "cs_dismissal_absence"]
any_date = st.dates(min_value=date.min, max_value=date(9999, 12, 31)).map(date.isoformat)
amount = st.one_of(st.integers(0, 10**10), st.decimals(0, 10**10, allow_nan=False, allow_infinity=False, places=3))


@settings(max_examples=400, deadline=None)
@given(st.fixed_dictionaries(
    {"ground": st.sampled_from(GROUNDS), "hire_date": any_date, "separation_date": any_date},
    optional={"jurisdiction": st.sampled_from(["CN", "CN-civil-service"]), "monthly_wages": st.lists(amount, max_size=12),
              "overtime_pay_included": st.lists(amount, max_size=12), "local_avg_monthly_wage": amount,
              "local_min_wage": amount, "enterprise_avg_monthly_wage": amount, "last_month_wage": amount,
              "notice_given_days": st.integers(0, 10**10), "probation_end_date": any_date,
              "contract_term_months": st.integers(0, 10**10), "no_written_contract_months": st.integers(0, 10**10),
              "annual_leave": st.fixed_dictionaries({"cumulative_work_years": st.integers(0, 10**10)},
                                                    optional={"days_taken_this_year": amount,
                                                              "untaken_days_previous_years": amount}),
              "protected_status": st.lists(st.sampled_from(["pregnancy", "work_injury", "medical_period"]), max_size=2),
              "union_notified": st.booleans(), "extra_compensation": amount,
              "layoff_headcount": st.integers(0, 10**10), "employer_headcount": st.integers(0, 10**10)}),
       st.sampled_from([None, "en"]))
def test_any_date_and_number_in_range_gives_a_result_or_an_input_error(data, lang):
    from farewell.law import LawInputError, compute
    from farewell.law.jsonout import result_json

    try:
        result = compute(data, lang=lang)
    except LawInputError as error:
        assert error.field is not None
        return
    json.loads(result_json(result))
