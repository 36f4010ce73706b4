"""The HR pages for one person's facts: edit, status, contracts, wages, protected periods; and create."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from farewell.accounts.models import AccessLog
from farewell.common import consent
from farewell.common.identifiers import id_number
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Contract, Employee, EmployeeStatus, StatusPeriod, WageMonth
from tests.factories import give_consent, make_contract, make_position

VALID_ID = id_number("110105", dt.date(1990, 1, 1), 124)


def as_user(client, world, role):
    client.force_login(world.users[role])
    return client


def edit_data(employee: Employee, **overrides) -> dict:
    data = {
        "employee_number": employee.employee_number, "name": employee.name, "gender": employee.gender,
        "birth_date": employee.birth_date.isoformat(), "id_number": "", "phone": employee.phone,
        "email": employee.email, "bank_account": "", "org_unit": employee.org_unit_id,
        "position": employee.position_id or "", "manager": employee.manager.employee_number if employee.manager else "",
        "employment_type": employee.employment_type, "hire_date": employee.hire_date.isoformat(),
        "first_work_date": "", "separation_date": "", "retirement_category": "",
    }
    data.update(overrides)
    return data


def last_month() -> str:
    return (timezone.localdate().replace(day=1) - relativedelta(months=1)).strftime("%Y-%m")


# (url name, extra args, POST data builder) for every mutating page about one person.
def _pages(world):
    contract = make_contract(world.lisi, start_date=dt.date(2020, 3, 1), end_date=dt.date(2023, 2, 28))
    period = StatusPeriod.objects.create(employee=world.lisi, kind="pregnancy", start_date=dt.date(2025, 1, 1))
    return [
        ("org:employee_edit", [], edit_data(world.lisi, phone="1")),
        ("org:employee_status", [], {"status": "separating"}),
        ("org:employee_contracts", [], {"kind": "fixed_term", "start_date": "2019-01-01", "end_date": "2019-12-31"}),
        ("org:contract_renew", [contract.pk], {"kind": "open_ended"}),
        ("org:contract_end", [contract.pk], {"end_date": "2022-12-31"}),
        ("org:employee_wages", [], {"month": last_month(), "base": "8000"}),
        ("org:status_periods", [], {"kind": "nursing", "start_date": "2025-09-01"}),
        ("org:status_period_end", [period.pk], {"end_date": "2025-08-31"}),
    ]


@pytest.mark.parametrize("role", ["manager", "legal", "approver", "employee"])
def test_non_hr_roles_get_403_on_every_write(client, world, role):
    as_user(client, world, role)
    ledger_before = LedgerEntry.objects.count()
    for name, args, data in _pages(world):
        url = reverse(name, args=[world.lisi.code, *args])
        assert client.get(url).status_code == 403, name
        assert client.post(url, data).status_code == 403, name
    assert LedgerEntry.objects.count() == ledger_before


@pytest.mark.parametrize("role,status", [("outsider", 404), ("auditor", 403)])  # 三员分立: the audit admin writes nothing
def test_outsiders_get_404_on_every_write(client, world, role, status):
    as_user(client, world, role)
    for name, args, data in _pages(world):
        url = reverse(name, args=[world.lisi.code, *args])
        assert client.post(url, data).status_code == status, name


def test_an_hrbp_edits_in_scope_and_gets_404_outside(client, world):
    as_user(client, world, "hrbp_sales")
    for name, args, data in _pages(world):
        response = client.post(reverse(name, args=[world.lisi.code, *args]), data)
        assert response.status_code == 302, (name, response.content.decode()[:2000])
    assert client.get(reverse("org:employee_edit", args=[world.chenqi.code])).status_code == 404
    assert client.post(reverse("org:employee_wages", args=[world.chenqi.code]),
                       {"month": last_month(), "base": "1"}).status_code == 404
    assert not WageMonth.objects.filter(employee=world.chenqi).exists()


def test_every_page_renders_for_hr(client, world):
    as_user(client, world, "hr_admin")
    for name, args, _data in _pages(world):
        response = client.get(reverse(name, args=[world.lisi.code, *args]))
        assert response.status_code == 200, name
        assert world.lisi.name in response.content.decode()


def test_writes_require_post(client, world):
    as_user(client, world, "hr_admin")
    assert client.put(reverse("org:employee_edit", args=[world.lisi.code])).status_code == 405


# ---------------------------------------------------------------- create and edit


def test_hr_creates_an_employee(client, world):
    as_user(client, world, "hr_admin")
    position = make_position(world.company, "销售代表")
    data = edit_data(world.lisi, employee_number="N100", name="孙八", id_number=VALID_ID.lower(),
                     bank_account="6222 0202 0011", position=position.pk, manager=world.boss.employee_number,
                     status="probation", birth_date="1990-01-01")
    response = client.post(reverse("org:employee_create"), data)
    employee = Employee.objects.get(employee_number="N100")
    assert response.status_code == 302 and response.url == reverse("org:employee_detail", args=[employee.code])
    assert employee.manager == world.boss and employee.position == position
    assert employee.status == EmployeeStatus.PROBATION and employee.bank_account == "622202020011"
    assert employee.id_number == VALID_ID


def test_create_warns_when_the_birth_date_disagrees(client, world):
    as_user(client, world, "hr_admin")
    data = edit_data(world.lisi, employee_number="N101", id_number=VALID_ID, birth_date="1991-01-01",
                     status="active")
    response = client.post(reverse("org:employee_create"), data, follow=True)
    assert Employee.objects.filter(employee_number="N101").exists()
    assert "不一致" in response.content.decode()


@pytest.mark.parametrize(
    ("overrides", "field"),
    [
        ({"id_number": "110105199001011230"}, "id_number"),
        ({"manager": "NOPE"}, "manager"),
        ({"hire_date": "2024-01-01", "separation_date": "2023-12-31"}, "separation_date"),
        ({"employee_number": "DUP"}, "employee_number"),
        ({"birth_date": ""}, "birth_date"),
    ],
)
def test_create_names_the_field_at_fault(client, world, overrides, field):
    as_user(client, world, "hr_admin")
    world.chenqi.employee_number = "DUP"
    world.chenqi.save(update_fields=["employee_number"])
    if overrides.get("id_number") == "110105199001011230" and VALID_ID.endswith("0"):
        overrides["id_number"] = "110105199001011231"
    data = {**edit_data(world.lisi, employee_number="N102", status="active"), **overrides}
    response = client.post(reverse("org:employee_create"), data)
    assert response.status_code == 400
    assert list(response.context["form"].errors) == [field]
    assert not Employee.objects.filter(employee_number="N102").exists()


def test_an_hrbp_cannot_create_outside_their_units(client, world):
    as_user(client, world, "hrbp_sales")
    data = edit_data(world.lisi, employee_number="N103", org_unit=world.rnd.pk, status="active")
    response = client.post(reverse("org:employee_create"), data)
    assert response.status_code == 400 and "org_unit" in response.context["form"].errors
    data["org_unit"] = world.sales.pk
    assert client.post(reverse("org:employee_create"), data).status_code == 302


@pytest.mark.parametrize("role", ["manager", "legal", "employee"])
def test_non_hr_cannot_create(client, world, role):
    as_user(client, world, role)
    assert client.get(reverse("org:employee_create")).status_code == 403


def test_edit_refuses_a_manager_cycle_on_the_manager_field(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("org:employee_edit", args=[world.boss.code]),
                           edit_data(world.boss, manager=world.zhaoliu.employee_number))
    assert response.status_code == 400
    assert list(response.context["form"].errors) == ["manager"]


def test_search_by_id_number_finds_the_person_after_an_edit(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("org:employee_edit", args=[world.chenqi.code]),
                           edit_data(world.chenqi, id_number=VALID_ID))
    assert response.status_code == 302
    page = client.get(reverse("org:employee_list"), {"q": VALID_ID})
    assert [e.pk for e in page.context["page_obj"]] == [world.chenqi.pk]
    other = id_number("310101", dt.date(1990, 1, 1), 246)
    client.post(reverse("org:employee_edit", args=[world.chenqi.code]), edit_data(world.chenqi, id_number=other))
    assert list(client.get(reverse("org:employee_list"), {"q": VALID_ID}).context["page_obj"]) == []
    assert [e.pk for e in client.get(reverse("org:employee_list"), {"q": other}).context["page_obj"]] == [
        world.chenqi.pk
    ]


def test_the_edit_form_never_shows_the_id_number(client, world):
    world.lisi.id_number = VALID_ID
    world.lisi.save()
    as_user(client, world, "hr_admin")
    content = client.get(reverse("org:employee_edit", args=[world.lisi.code])).content.decode()
    assert VALID_ID not in content
    assert not AccessLog.objects.exists()


def test_edit_writes_the_old_hire_date_to_the_ledger(client, world):
    as_user(client, world, "hr_admin")
    client.post(reverse("org:employee_edit", args=[world.lisi.code]), edit_data(world.lisi, hire_date="2019-01-02"))
    entry = LedgerEntry.objects.get(event="fact_changed")
    assert '"before":"2020-03-01"' in entry.payload and entry.actor == world.users["hr_admin"]


def _under_sixteen(hire: str, birth: str) -> str:
    return (f"{hire} 入职时未满十六周岁（出生日期 {birth}）：禁止用人单位招用未满十六周岁的未成年人"
            "（《劳动法》第十五条），请核对出生日期和入职日期")


def test_create_refuses_a_birth_before_1900(client, world):
    as_user(client, world, "hr_admin")
    data = edit_data(world.lisi, employee_number="N110", status="active", birth_date="1880-05-01")
    response = client.post(reverse("org:employee_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {
        "birth_date": ["1880-05-01 早于 1900 年，不是在职人员可能的出生日期，请核对"]}
    assert not Employee.objects.filter(employee_number="N110").exists()


def test_create_refuses_a_hire_before_the_sixteenth_birthday_and_takes_one_on_it(client, world):
    as_user(client, world, "hr_admin")
    data = edit_data(world.lisi, employee_number="N111", status="active", birth_date="2004-01-02",
                     hire_date="2020-01-01")
    response = client.post(reverse("org:employee_create"), data)
    assert response.status_code == 400
    assert response.context["form"].errors == {"hire_date": [_under_sixteen("2020-01-01", "2004-01-02")]}
    assert not Employee.objects.filter(employee_number="N111").exists()
    data["birth_date"] = "2004-01-01"  # the 16th birthday itself
    assert client.post(reverse("org:employee_create"), data).status_code == 302


@pytest.mark.parametrize(("overrides", "hire", "birth"), [
    ({"hire_date": "2005-12-31"}, "2005-12-31", "1990-01-01"),  # only the hire date: the birth date on file
    ({"birth_date": "2010-01-01"}, "2020-03-01", "2010-01-01"),  # only the birth date: the hire date on file
])
def test_an_edit_of_one_date_is_checked_against_the_other_on_file(client, world, overrides, hire, birth):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("org:employee_edit", args=[world.lisi.code]), edit_data(world.lisi, **overrides))
    assert response.status_code == 400
    assert response.context["form"].errors == {"hire_date": [_under_sixteen(hire, birth)]}
    world.lisi.refresh_from_db()
    assert (world.lisi.birth_date, world.lisi.hire_date) == (dt.date(1990, 1, 1), dt.date(2020, 3, 1))
    assert not LedgerEntry.objects.filter(event__in=["fact_changed", "employee_updated"]).exists()


def test_an_edit_that_leaves_both_dates_alone_is_not_refused_for_them(client, world):
    Employee.objects.filter(pk=world.lisi.pk).update(birth_date=dt.date(1880, 5, 1))  # on file from before
    world.lisi.refresh_from_db()
    as_user(client, world, "hr_admin")
    response = client.post(reverse("org:employee_edit", args=[world.lisi.code]), edit_data(world.lisi, phone="1"))
    assert response.status_code == 302
    world.lisi.refresh_from_db()
    assert world.lisi.phone == "1"


def test_the_form_and_the_import_api_give_one_message(client, world):
    """POST /api/import/employees/ (the API that writes employees) and the form: the same rule and words."""
    as_user(client, world, "hr_admin")
    form = client.post(reverse("org:employee_edit", args=[world.lisi.code]),
                       edit_data(world.lisi, hire_date="2005-12-31")).context["form"].errors["hire_date"]
    api = client.post("/api/import/employees/", {"rows": [{"工号": world.lisi.employee_number,
                                                           "入职日期": "2005-12-31"}]},
                      content_type="application/json")
    assert api.status_code == 400
    assert api.json()["errors"] == [f"第 1 行 · 入职日期：{form[0]}"]  # the API counts rows from 1
    assert form == [_under_sixteen("2005-12-31", "1990-01-01")]
    world.lisi.refresh_from_db()
    assert world.lisi.hire_date == dt.date(2020, 3, 1)


# ---------------------------------------------------------------- status


def test_status_separated_is_refused_pointing_to_cases(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("org:employee_status", args=[world.lisi.code]), {"status": "separated"})
    assert response.status_code == 400
    assert "离职案件" in response.context["form"].errors["status"][0]
    world.lisi.refresh_from_db()
    assert world.lisi.status == EmployeeStatus.ACTIVE


# ---------------------------------------------------------------- contracts, wages, periods


def test_contract_errors_name_the_field(client, world):
    make_contract(world.lisi, start_date=dt.date(2020, 3, 1), end_date=dt.date(2023, 2, 28))
    as_user(client, world, "hr_admin")
    url = reverse("org:employee_contracts", args=[world.lisi.code])
    response = client.post(url, {"kind": "fixed_term", "start_date": "2022-01-01", "end_date": "2024-01-01"})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["start_date"]
    response = client.post(url, {"kind": "fixed_term", "start_date": "2024-01-01", "end_date": "2023-12-01"})
    assert list(response.context["form"].errors) == ["end_date"]
    assert Contract.objects.filter(employee=world.lisi).count() == 1


def test_renew_and_end_from_the_pages(client, world):
    first = make_contract(world.lisi, start_date=dt.date(2020, 3, 1), end_date=dt.date(2023, 2, 28))
    as_user(client, world, "hr_admin")
    client.post(reverse("org:contract_renew", args=[world.lisi.code, first.pk]),
                {"kind": "fixed_term", "end_date": "2026-02-28"})
    renewal = Contract.objects.get(renewal_of=first)
    assert renewal.start_date == dt.date(2023, 3, 1) and renewal.sequence == 2
    # Only the latest contract offers 续签.
    page = client.get(reverse("org:employee_contracts", args=[world.lisi.code])).content.decode()
    assert reverse("org:contract_renew", args=[world.lisi.code, renewal.pk]) in page
    assert reverse("org:contract_renew", args=[world.lisi.code, first.pk]) not in page
    response = client.post(reverse("org:contract_end", args=[world.lisi.code, renewal.pk]), {"end_date": "2023-01-01"})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["end_date"]
    page = client.get(reverse("org:employee_contracts", args=[world.lisi.code])).content.decode()
    assert "2023-03-01" in page and "续签第 1 份" in page


def test_the_wage_grid_adds_and_corrects_a_month(client, world):
    as_user(client, world, "hr_admin")
    url = reverse("org:employee_wages", args=[world.lisi.code])
    client.post(url, {"month": last_month(), "base": "8000", "bonus": "500"})
    wage = WageMonth.objects.get(employee=world.lisi)
    assert wage.total == Decimal("8500")
    page = client.get(url, {"month": last_month()})
    assert page.context["form"].initial["total"] == Decimal("8500") and page.context["correcting"]
    client.post(url, {"month": last_month(), "base": "8000", "bonus": "500", "overtime": "100"})
    assert client.post(url, {"month": last_month(), "base": "8000", "total": "1"}).status_code == 400
    wage.refresh_from_db()
    assert wage.overtime == Decimal("100") and wage.total == Decimal("8600")
    assert '"before":"8500.00"' in LedgerEntry.objects.get(event="fact_changed").payload


def test_the_wage_grid_refuses_a_future_month(client, world):
    as_user(client, world, "hr_admin")
    future = (timezone.localdate().replace(day=1) + relativedelta(months=1)).strftime("%Y-%m")
    response = client.post(reverse("org:employee_wages", args=[world.lisi.code]), {"month": future, "base": "1"})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["month"]


def test_periods_page_hides_the_kind_and_logs_each_read(client, world):
    as_user(client, world, "hr_admin")
    url = reverse("org:status_periods", args=[world.lisi.code])
    give_consent(world.lisi, consent.HEALTH_DETAILS)  # the notes are health details (docs/privacy.md)
    client.post(url, {"kind": "medical_period", "start_date": "2025-03-01", "notes": "腰椎手术"})
    period = StatusPeriod.objects.get(employee=world.lisi)
    page = client.get(url).content.decode()
    assert "医疗期" not in page.split("<form")[0] and "腰椎" not in page
    assert not AccessLog.objects.exists()
    reveal = client.post(reverse("org:status_period_reveal", args=[world.lisi.code, period.pk]))
    assert "医疗期" in reveal.content.decode()
    assert set(AccessLog.objects.values_list("object_type", "field")) == {
        ("org.statusperiod", "kind"), ("org.statusperiod", "notes")
    }
    assert "腰椎" not in LedgerEntry.objects.get(event="status_period_started").payload


# ---------------------------------------------------------------- links


def test_the_employee_page_links_hr_to_the_edit_pages(client, world):
    as_user(client, world, "hrbp_sales")
    page = client.get(reverse("org:employee_detail", args=[world.lisi.code])).content.decode()
    for name in ("org:employee_edit", "org:employee_contracts", "org:employee_wages", "org:status_periods"):
        assert reverse(name, args=[world.lisi.code]) in page


@pytest.mark.parametrize("role", ["manager", "legal", "employee"])
def test_the_employee_page_has_no_edit_links_for_others(client, world, role):
    as_user(client, world, role)
    page = client.get(reverse("org:employee_detail", args=[world.lisi.code])).content.decode()
    assert reverse("org:employee_edit", args=[world.lisi.code]) not in page


def test_the_list_offers_new_employee_to_hr_only(client, world):
    as_user(client, world, "hrbp_sales")
    assert reverse("org:employee_create") in client.get(reverse("org:employee_list")).content.decode()
    as_user(client, world, "manager")
    assert reverse("org:employee_create") not in client.get(reverse("org:employee_list")).content.decode()
