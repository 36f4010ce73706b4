"""我的离职信息: the employee's own tenure, wage base and estimate — never anyone else's."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tests.factories import Role, make_user, make_wages


@pytest.fixture
def lisi_wages(world):
    first = timezone.localdate().replace(day=1) - relativedelta(months=12)
    make_wages(world.lisi, first, [Decimal(10000)] * 12)
    make_wages(world.zhaoliu, first, [Decimal(55555)] * 12)


def test_the_employee_sees_their_own_estimate(client, world):
    make_wages(world.lisi, dt.date(2021, 8, 1), [Decimal(10000)] * 12)  # Aug 2021 .. Jul 2022
    client.force_login(world.users["employee"])
    # Hired 2020-03-01; separation 2022-08-31 is 2 y 6 m → N = 3; base 10,000 → 30,000.00.
    response = client.get("/me/", {"ground": "mutual_employer_initiated", "separation_date": "2022-08-31"})
    page = response.content.decode()
    assert response.status_code == 200
    assert "李四" in page
    assert "¥30,000.00" in page and "叁万元整" in page
    assert "《劳动合同法》第四十七条" in page


def test_it_shows_tenure_and_the_twelve_month_average(client, world, lisi_wages):
    client.force_login(world.users["employee"])
    page = client.get("/me/").content.decode()
    assert "¥10,000.00" in page
    assert "年" in page and "入职" in page


def test_it_never_shows_another_employee(client, world, lisi_wages):
    client.force_login(world.users["employee"])
    page = client.get("/me/", {"employee": str(world.zhaoliu.code)}).content.decode()
    assert "赵六" not in page and "55,555" not in page


def test_a_resignation_gives_no_compensation(client, world, lisi_wages):
    client.force_login(world.users["employee"])
    page = client.get("/me/", {"ground": "resignation", "separation_date": "2026-12-31"}).content.decode()
    assert "法律没有规定经济补偿" in page


def test_a_bad_date_names_the_field(client, world):
    client.force_login(world.users["employee"])
    response = client.get("/me/", {"ground": "resignation", "separation_date": "2026-02-31"})
    assert response.status_code == 200
    assert response.context["form"].errors["separation_date"]


@pytest.mark.parametrize("persona", ["hr_admin", "manager", "auditor", "outsider"])
def test_other_roles_are_refused(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get("/me/").status_code == 403


def test_an_employee_grant_without_a_record_is_not_found(client, world):
    user = make_user("ghost", Role.EMPLOYEE, company=world.company)
    client.force_login(user)
    assert client.get("/me/").status_code == 404


def test_anonymous_goes_to_login(client, db):
    response = client.get("/me/")
    assert response.status_code == 302 and "login" in response["Location"]


def test_a_civil_servant_is_told_the_rules_differ(client, world):
    world.lisi.employment_type = "civil_servant"
    world.lisi.save(update_fields=["employment_type"])
    client.force_login(world.users["employee"])
    page = client.get("/me/").content.decode()
    assert "不适用《劳动合同法》" in page


def test_the_query_count_is_bounded(client, world, lisi_wages, django_assert_max_num_queries):
    client.force_login(world.users["employee"])
    with django_assert_max_num_queries(15):  # 15th: the holiday table the procedure dates are counted on
        client.get("/me/", {"ground": "incompetence", "separation_date": dt.date(2026, 12, 31).isoformat()})


def test_it_links_to_the_employees_own_conversation_records(client, world):
    client.force_login(world.users["employee"])
    assert 'href="/talks/mine/"' in client.get("/me/").content.decode()


def test_the_estimate_says_it_assumes_no_annual_leave_taken(client, world, lisi_wages):
    world.lisi.first_work_date = dt.date(2015, 7, 1)  # cumulative service: annual leave applies
    world.lisi.save(update_fields=["first_work_date"])
    client.force_login(world.users["employee"])
    day = dt.date(timezone.localdate().year, 12, 31).isoformat()  # this year (a later one keeps this year's leave)
    page = client.get("/me/", {"ground": "mutual_employer_initiated", "separation_date": day}).content.decode()
    assert 'data-item="annual_leave_pay"' in page
    assert 'id="estimate-leave-assumption"' in page and "本估算假设您今年已休年休假 0 天" in page
    assert "（按今年已休 0 天估算）" in page


def test_no_leave_assumption_is_stated_without_annual_leave_pay(client, world, lisi_wages):
    client.force_login(world.users["employee"])  # no first working day on file: no annual-leave item
    day = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    page = client.get("/me/", {"ground": "mutual_employer_initiated", "separation_date": day}).content.decode()
    assert 'id="estimate-total"' in page and 'data-item="annual_leave_pay"' not in page
    assert "estimate-leave-assumption" not in page


def test_the_hire_date_is_written_as_every_other_date_in_english_too(client, world):
    client.force_login(world.users["employee"])
    client.cookies["django_language"] = "en"
    page = client.get("/me/").content.decode()
    assert f"joined {world.lisi.hire_date.isoformat()}" in page  # not "joined March 1, 2020"
