"""Periods before 1950 are refused as the typos they are (a year 0202, 1900): in every import's
dates, periods and wage months, and in the forms of the employee page; birth dates are not
periods and stay open."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.org.forms import EmployeeForm, StatusPeriodForm
from farewell.org.models import OrgUnit, Position
from farewell.records.importers import SPECS, CellError, calendar_date, date, period
from farewell.records.people.terms import month


@pytest.mark.parametrize("raw", ["1900-01-01", "1949/12/31", "0202年3月1日", dt.date(1900, 1, 1),
                                 dt.datetime(1949, 12, 31, 8, 0), 1000])
def test_an_imported_date_before_1950_is_refused(raw):
    with pytest.raises(CellError, match="早于 1950 年"):
        date(raw)


def test_1950_and_later_are_fine():
    assert date("1950-01-01") == dt.date(1950, 1, 1)
    assert date(45293) == dt.date(2024, 1, 2)


def test_periods_and_wage_months_before_1950_are_refused():
    for raw in ("1900-03", "1949-Q4", "1900"):
        with pytest.raises(CellError, match="早于 1950 年"):
            period(raw)
    assert period("2025-Q1") == "2025-Q1"
    with pytest.raises(CellError, match="早于 1950 年"):
        month("1949-12")
    assert month("1950-01") == dt.date(1950, 1, 1)


def test_a_birth_date_is_not_a_period():
    assert calendar_date("1945-08-15") == dt.date(1945, 8, 15)
    birth = next(c for c in SPECS["employees"].columns if c.field == "birth_date")
    assert birth.parse("1945-08-15") == dt.date(1945, 8, 15)
    hire = next(c for c in SPECS["employees"].columns if c.field == "hire_date")
    with pytest.raises(CellError):
        hire.parse("1900-01-01")


def test_the_forms_refuse_a_period_before_1950_and_keep_birth_dates_open(world):
    form = StatusPeriodForm(data={"kind": "pregnancy", "start_date": "1900-01-01"})
    assert not form.is_valid()
    assert "早于 1950 年" in str(form.errors["start_date"])
    employee_form = EmployeeForm(data={"birth_date": "1945-08-15", "hire_date": "1900-01-01"},
                                 units=OrgUnit.objects.filter(company=world.company), positions=Position.objects.none())
    employee_form.is_valid()
    assert "birth_date" not in employee_form.errors
    assert "早于 1950 年" in str(employee_form.errors["hire_date"])
