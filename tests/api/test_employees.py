"""GET /api/employees/ and /api/employees/<code>/: scope, filters, content, query counts."""

from __future__ import annotations

import datetime as dt
import uuid
from decimal import Decimal

import pytest

from farewell.org.models import StatusPeriod
from tests.factories import make_contract, make_employee, make_position, make_unit, make_wages


def codes(response) -> set[str]:
    return {row["code"] for row in response.json()["results"]}


def test_it_lists_only_the_hrbps_units(client, world):
    client.force_login(world.users["hrbp_sales"])
    response = client.get("/api/employees/")
    assert response.status_code == 200
    assert codes(response) == {str(e.code) for e in (world.boss, world.lisi, world.zhaoliu)}


def test_it_lists_the_managers_direct_and_indirect_reports(client, world):
    client.force_login(world.users["manager"])
    response = client.get("/api/employees/")
    assert codes(response) == {str(world.lisi.code), str(world.zhaoliu.code)}


def test_it_never_serializes_sensitive_fields(client, world):
    world.lisi.id_number = "110101199001011234"
    world.lisi.bank_account = "6222020200112233445"
    world.lisi.save()
    client.force_login(world.users["hr_admin"])
    body = client.get("/api/employees/").content.decode()
    body += client.get(f"/api/employees/{world.lisi.code}/").content.decode()
    assert "110101199001011234" not in body
    assert "6222020200112233445" not in body
    assert "id_number" not in body and "bank_account" not in body


def test_it_filters_by_unit_subtree(client, world):
    team = make_unit(world.company, "华东销售组", parent=world.sales)
    member = make_employee(team, "钱八")
    client.force_login(world.users["hr_admin"])
    response = client.get("/api/employees/", {"org_unit": world.sales.pk})
    assert codes(response) == {str(e.code) for e in (world.boss, world.lisi, world.zhaoliu, member)}
    response = client.get("/api/employees/", {"org_unit": team.pk})
    assert codes(response) == {str(member.code)}


def test_it_rejects_a_unit_of_another_company(client, world):
    from tests.factories import make_company

    other = make_unit(make_company(), "别家")
    client.force_login(world.users["hr_admin"])
    assert client.get("/api/employees/", {"org_unit": other.pk}).status_code == 400


def test_it_filters_by_status_position_hire_dates_and_search(client, world):
    engineer = make_position(world.company, "工程师")
    world.chenqi.position = engineer
    world.chenqi.status = "probation"
    world.chenqi.hire_date = dt.date(2024, 5, 6)
    world.chenqi.save()
    client.force_login(world.users["hr_admin"])
    assert codes(client.get("/api/employees/", {"status": "probation"})) == {str(world.chenqi.code)}
    assert codes(client.get("/api/employees/", {"position": engineer.pk})) == {str(world.chenqi.code)}
    hired = client.get("/api/employees/", {"hired_from": "2024-01-01", "hired_to": "2024-12-31"})
    assert codes(hired) == {str(world.chenqi.code)}
    assert codes(client.get("/api/employees/", {"search": "李"})) == {str(world.lisi.code)}
    number = world.zhaoliu.employee_number
    assert codes(client.get("/api/employees/", {"search": number})) == {str(world.zhaoliu.code)}


def test_it_paginates(client, world):
    client.force_login(world.users["hr_admin"])
    body = client.get("/api/employees/").json()
    assert body["count"] == 4
    assert {"next", "previous", "results"} <= set(body)


def _fill(unit, n):
    boss = make_employee(unit, "组长")
    for i in range(n - 1):
        make_employee(unit, f"员工{i}", manager=boss, position=make_position(unit.company, f"岗位{i % 3}"))


@pytest.mark.parametrize("size", [5, 50])
def test_the_list_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries, size):
    _fill(make_unit(world.company, "大部门", parent=world.root), size)
    client.force_login(world.users["hr_admin"])
    # session, user, roles, grants, count, page: the same six for 5 or 50 employees.
    with django_assert_max_num_queries(6):
        response = client.get("/api/employees/")
    assert response.status_code == 200
    assert response.json()["count"] == size + 4


def test_the_detail_holds_contracts_wages_periods_and_tenure(client, world):
    make_contract(world.lisi, start_date=dt.date(2020, 3, 1), end_date=dt.date(2023, 2, 28))
    make_contract(world.lisi, sequence=2, start_date=dt.date(2023, 3, 1), end_date=None, kind="open_ended")
    make_wages(world.lisi, dt.date(2023, 1, 1), [Decimal("10000.00") + i for i in range(18)])
    StatusPeriod.objects.create(
        employee=world.lisi, kind="pregnancy", notes="B超报告", start_date=dt.date(2024, 5, 1), protected=True
    )
    world.lisi.separation_date = dt.date(2024, 6, 30)
    world.lisi.save()
    client.force_login(world.users["hrbp_sales"])
    body = client.get(f"/api/employees/{world.lisi.code}/").json()
    assert [c["term_months"] for c in body["contracts"]] == [36, None]
    assert len(body["wages"]) == 12
    assert body["wages"][0]["month"] == "2023-07-01" and body["wages"][-1]["month"] == "2024-06-01"
    assert body["wages"][-1]["total"] == "10017.00"
    assert body["status_periods"] == [{"start_date": "2024-05-01", "end_date": None, "protected": True}]
    assert body["tenure"]["years"] == 4 and body["tenure"]["months"] == 4 and body["tenure"]["days"] == 0
    assert body["manager_code"] == str(world.boss.code)
    assert body["rule_pack"] == "CN"
    raw = str(body)
    assert "pregnancy" not in raw and "B超" not in raw


def test_the_detail_runs_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    make_contract(world.lisi)
    make_wages(world.lisi, dt.date(2023, 1, 1), [1000] * 30)
    client.force_login(world.users["hr_admin"])
    with django_assert_max_num_queries(9):
        assert client.get(f"/api/employees/{world.lisi.code}/").status_code == 200


def test_an_employee_sees_only_themselves(client, world):
    client.force_login(world.users["employee"])
    assert client.get(f"/api/employees/{world.lisi.code}/").status_code == 200
    for other in (world.boss, world.zhaoliu, world.chenqi):
        assert client.get(f"/api/employees/{other.code}/").status_code == 404
    assert client.get("/api/employees/").status_code == 403


def test_outside_scope_is_404_and_unknown_codes_too(client, world):
    client.force_login(world.users["hrbp_sales"])
    assert client.get(f"/api/employees/{world.chenqi.code}/").status_code == 404
    assert client.get(f"/api/employees/{uuid.uuid4()}/").status_code == 404


def test_org_units_list_the_users_company(client, world):
    from tests.factories import make_company

    make_unit(make_company(), "别家的部门")
    client.force_login(world.users["legal"])
    names = [u["name"] for u in client.get("/api/org-units/").json()["results"]]
    assert sorted(names) == sorted(["总部", "销售部", "研发部"])


def test_org_units_are_denied_to_employees_and_auditors(client, world):
    for persona in ("employee", "auditor", "outsider"):
        client.force_login(world.users[persona])
        assert client.get("/api/org-units/").status_code == 403
