"""Input errors and the field they name (README, Input errors)."""

from __future__ import annotations

import pytest

from farewell.law import LawInputError, compute_json

from .support import BASE, run


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"ground": "sabbatical"}, "ground"),
        ({"ground": None}, "ground"),
        ({"ground": "cs_resignation"}, "ground"),  # civil-service ground in the CN pack
        ({"jurisdiction": "CN-civil-service"}, "ground"),  # CN ground in the civil-service pack
        ({"jurisdiction": "HK"}, "jurisdiction"),
        ({"hire_date": None}, "hire_date"),
        ({"hire_date": "2020-02-30"}, "hire_date"),
        ({"hire_date": 20200301}, "hire_date"),
        ({"separation_date": "2020-02-29"}, "separation_date"),  # before hire_date
        ({"hire_date": "2005-01-01", "separation_date": "2007-12-31"}, "separation_date"),  # before 2008
        ({"monthly_wages": [10000] * 13}, "monthly_wages"),
        ({"monthly_wages": ["10000"]}, "monthly_wages"),
        ({"monthly_wages": [-1]}, "monthly_wages"),
        ({"monthly_wages": 10000}, "monthly_wages"),
        ({"overtime_pay_included": [0, 0]}, "overtime_pay_included"),
        ({"local_avg_monthly_wage": "high"}, "local_avg_monthly_wage"),
        ({"local_min_wage": True}, "local_min_wage"),
        ({"notice_given_days": 2.5}, "notice_given_days"),
        ({"notice_given_days": -1}, "notice_given_days"),
        ({"annual_leave": {"cumulative_work_years": 5, "days_taken_this_year": "two"}}, "annual_leave.days_taken_this_year"),
        ({"annual_leave": {"days_taken_this_year": 1}}, "annual_leave.cumulative_work_years"),
        ({"annual_leave": 5}, "annual_leave"),
        ({"protected_status": ["holiday"]}, "protected_status"),
        ({"union_notified": "yes"}, "union_notified"),
        ({"probation_end_date": "2019-12-31"}, "probation_end_date"),
        ({"extra_compensation": "lots"}, "extra_compensation"),
        ({"layoff_headcount": "many"}, "layoff_headcount"),
    ],
)
def test_it_names_the_field_at_fault(fields, field):
    # run() drops a field set to None: a required field is then missing
    with pytest.raises(LawInputError) as caught:
        run(**fields)
    assert caught.value.field == field


def test_a_bad_list_element_names_its_index():
    good = dict(BASE)
    items = [good, good, good, {**good, "hire_date": "yesterday"}, good]
    with pytest.raises(LawInputError) as caught:
        compute_json(items)
    assert caught.value.field == "[3].hire_date"
    with pytest.raises(LawInputError) as caught:
        compute_json([good, {**good, "annual_leave": {"cumulative_work_years": 1, "days_taken_this_year": -1}}])
    assert caught.value.field == "[1].annual_leave.days_taken_this_year"
    with pytest.raises(LawInputError) as caught:
        compute_json([good, 7])
    assert caught.value.field == "[1]"


def test_a_list_gives_a_list_in_the_same_order():
    out = compute_json([BASE, {**BASE, "ground": "resignation"}, {**BASE, "monthly_wages": [20000]}])
    assert [o["total"] for o in out] == [30000, 0, 60000]
    assert compute_json([]) == []


def test_unknown_keys_are_ignored_and_nulls_are_absent():
    out = run(favourite_colour="blue", local_min_wage=None, annual_leave=None)
    assert out["economic_compensation"] == 30000


def test_whole_number_floats_are_accepted_as_counts():
    assert run(ground="incompetence", notice_given_days=30.0)["notice_pay"] == 0


def test_a_date_is_read_exactly_as_the_pattern_yyyy_mm_dd_and_a_calendar_day():
    """inputs._date takes what date.fromisoformat reads among ten characters with "-" at 4 and 7, and
    no pattern: the same dates, and the same two errors, as [0-9]{4}-[0-9]{2}-[0-9]{2} then fromisoformat."""
    import random
    import re
    from datetime import date

    from farewell.law.inputs import _date

    pattern = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}\Z")

    def expected(text):
        if len(text) == 10 and pattern.match(text):
            try:
                return date.fromisoformat(text)
            except ValueError:
                return "not a calendar date"
        return "not a date written YYYY-MM-DD"

    def found(text):
        try:
            return _date(text, "hire_date")
        except LawInputError as error:
            return error.message.split(":")[0]

    rng = random.Random(15)
    chars = list("0123456789") * 3 + list("W T+_-:.") + ["０", "٣", "\ud800", "é", "\n", "²"]
    texts = ["2024-06-30", "2024-02-30", "0000-01-01", "2024-W26-7", "20240630", "2024-0630", "2024-06-3٣"]
    for _ in range(30_000):
        text = [rng.choice(chars) for _ in range(10)]
        if rng.random() < 0.8:
            text[4] = text[7] = "-"
        texts.append("".join(text)[: rng.choice([10, 10, 10, 9, 8])])
    for text in texts:
        assert found(text) == expected(text), text
