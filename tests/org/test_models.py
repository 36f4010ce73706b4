"""Org models: the rule pack per employment type, contract terms, and the constraints."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import IntegrityError, transaction

from farewell.org.models import Contract, EmploymentType, Jurisdiction
from tests.factories import make_company, make_contract, make_employee, make_unit

D = dt.date


@pytest.mark.parametrize(
    ("employment_type", "rule_pack"),
    [
        (EmploymentType.LABOUR_CONTRACT, Jurisdiction.CN),
        (EmploymentType.CIVIL_SERVANT, Jurisdiction.CIVIL_SERVICE),
        (EmploymentType.PUBLIC_INSTITUTION, Jurisdiction.CN),  # the employer's default
        (EmploymentType.DISPATCH, Jurisdiction.CN),
        (EmploymentType.INTERN, None),
        (EmploymentType.PART_TIME, None),
    ],
)
def test_the_rule_pack_follows_the_employment_type(world, employment_type, rule_pack):
    employee = make_employee(world.rnd, employment_type=employment_type)
    assert employee.rule_pack == rule_pack


def test_public_institution_staff_follow_the_employers_choice(db):
    company = make_company(public_institution_rule_pack=Jurisdiction.CIVIL_SERVICE)
    employee = make_employee(make_unit(company, "机关"), employment_type=EmploymentType.PUBLIC_INSTITUTION)
    assert employee.rule_pack == Jurisdiction.CIVIL_SERVICE


def test_the_rule_pack_does_not_follow_the_company(db):
    company = make_company(jurisdiction=Jurisdiction.CIVIL_SERVICE)
    employee = make_employee(make_unit(company, "后勤"), employment_type=EmploymentType.LABOUR_CONTRACT)
    assert employee.rule_pack == Jurisdiction.CN


@pytest.mark.parametrize(
    ("start", "end", "months"),
    [
        (D(2020, 3, 1), D(2023, 2, 28), 36),
        (D(2020, 3, 1), D(2023, 2, 27), 35),  # a day short of 3 years
        (D(2021, 1, 1), D(2021, 12, 31), 12),
        (D(2020, 3, 1), D(2020, 3, 1), 0),
        (D(2020, 3, 1), None, None),  # open-ended
    ],
)
def test_contract_term_months(start, end, months):
    assert Contract(kind="fixed_term", start_date=start, end_date=end).term_months == months


def test_an_employee_number_is_unique_within_a_company(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_employee(world.rnd, employee_number=world.lisi.employee_number)


def test_two_companies_may_use_the_same_employee_number(world):
    other = make_unit(make_company(), "总部")
    assert make_employee(other, employee_number=world.lisi.employee_number).pk


def test_a_contract_cannot_end_before_it_starts(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contract(world.lisi, start_date=D(2022, 3, 1), end_date=D(2022, 2, 28))


def test_a_contract_may_end_on_its_first_day_or_never(world):
    make_contract(world.lisi, start_date=D(2022, 3, 1), end_date=D(2022, 3, 1))
    make_contract(world.lisi, sequence=2, start_date=D(2022, 3, 2), end_date=None, kind="open_ended")
    assert world.lisi.contracts.count() == 2


def test_a_contract_sequence_is_unique_per_employee(world):
    make_contract(world.lisi)
    with pytest.raises(IntegrityError), transaction.atomic():
        make_contract(world.lisi)


def test_an_org_unit_code_is_unique_within_a_company(world):
    with pytest.raises(IntegrityError), transaction.atomic():
        make_unit(world.company, "重复", code=world.sales.code)
