"""LCL 14 ¶2: renewing after two consecutive fixed-term contracts, or after ten years, tells HR the
worker may insist on an open-ended contract (pre-2008 contracts do not count, LCL 97)."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.org import services
from tests.factories import make_contract

D = dt.date


@pytest.fixture
def person(world):
    employee = world.chenqi
    employee.hire_date = D(2019, 3, 1)
    employee.save(update_fields=["hire_date"])
    return employee


def test_after_two_consecutive_fixed_terms_the_right_is_named(person):
    make_contract(person, kind="fixed_term", start_date=D(2019, 3, 1), end_date=D(2022, 2, 28), sequence=1)
    assert services.open_ended_right(person, D(2022, 3, 1)) == ""
    make_contract(person, kind="fixed_term", start_date=D(2022, 3, 1), end_date=D(2025, 2, 28), sequence=2)
    assert "第十四条第二款第三项" in services.open_ended_right(person, D(2025, 3, 1))


def test_a_contract_before_2008_does_not_count(person):
    person.hire_date = D(2005, 3, 1)
    make_contract(person, kind="fixed_term", start_date=D(2005, 3, 1), end_date=D(2008, 2, 28), sequence=1)
    make_contract(person, kind="fixed_term", start_date=D(2008, 3, 1), end_date=D(2011, 2, 28), sequence=2)
    person.hire_date = D(2005, 3, 1)
    assert "第三项" not in services.open_ended_right(person, D(2011, 3, 1))


def test_ten_years_of_service_gives_the_right(person):
    person.hire_date = D(2015, 3, 1)
    make_contract(person, kind="open_ended", start_date=D(2015, 3, 1), end_date=D(2025, 2, 28), sequence=1)
    assert "第十四条第二款第一项" in services.open_ended_right(person, D(2025, 3, 1))
    assert services.open_ended_right(person, D(2025, 2, 27)) == ""


def test_the_renew_page_says_it(client, world, person):
    make_contract(person, kind="fixed_term", start_date=D(2019, 3, 1), end_date=D(2022, 2, 28), sequence=1)
    second = make_contract(person, kind="fixed_term", start_date=D(2022, 3, 1), end_date=D(2025, 2, 28), sequence=2)
    client.force_login(world.users["hr_admin"])
    page = client.get(f"/employees/{person.code}/contracts/{second.pk}/renew/").content.decode()
    assert "无固定期限劳动合同" in page
