"""POST /api/import/<kind>/: the write API an HR system syncs through (bulk upsert keyed by 工号)."""

from __future__ import annotations

import pytest

from farewell.ledger.models import LedgerEntry
from farewell.org.models import Employee, OrgUnit

URL = "/api/import/{kind}/"


def _post(client, kind, rows, **extra):
    return client.post(URL.format(kind=kind), {"rows": rows, **extra}, content_type="application/json")


def _new_person(unit_code, number="E900001"):
    return {"工号": number, "姓名": "周八", "性别": "女", "出生日期": "1995-02-03", "入职日期": "2024-07-01",
            "部门": unit_code}


def test_it_upserts_employees_idempotently_with_one_ledger_entry_per_call(client, world):
    client.force_login(world.users["hr_admin"])
    response = _post(client, "employees", [_new_person(world.sales.code)])
    assert response.status_code == 200, response.json()
    assert response.json()["created"] == 1 and response.json()["committed"]
    again = _post(client, "employees", [_new_person(world.sales.code)])
    assert again.json()["unchanged"] == 1 and again.json()["created"] == 0
    assert Employee.objects.filter(employee_number="E900001", org_unit=world.sales).count() == 1
    assert LedgerEntry.objects.filter(object_type="records.import", event="imported").count() == 2


def test_a_bad_row_is_a_400_naming_row_and_field_and_writes_nothing(client, world):
    client.force_login(world.users["hr_admin"])
    rows = [_new_person(world.sales.code), {**_new_person("NOPE", "E900002")}]
    response = _post(client, "employees", rows)
    assert response.status_code == 400
    assert response.json()["errors"] == ["第 2 行 · 部门：部门“NOPE”不存在"]
    assert not Employee.objects.filter(employee_number__in=["E900001", "E900002"]).exists()


def test_a_dry_run_writes_nothing(client, world):
    client.force_login(world.users["hr_admin"])
    response = _post(client, "employees", [_new_person(world.sales.code)], dry_run=True)
    assert response.status_code == 200 and response.json()["created"] == 1 and not response.json()["committed"]
    assert not Employee.objects.filter(employee_number="E900001").exists()


def test_the_hrbp_writes_only_within_their_units(client, world):
    client.force_login(world.users["hrbp_sales"])
    assert _post(client, "employees", [_new_person(world.sales.code)]).status_code == 200
    outside = _post(client, "employees", [_new_person(world.rnd.code, "E900003")])
    assert outside.status_code == 400 and "不在您的权限范围内" in outside.json()["errors"][0]
    # someone already there but outside the scope reads as unknown
    changed = _post(client, "employees", [{"工号": world.chenqi.employee_number, "姓名": "陈七七"}])
    assert changed.status_code == 400 and "工号不存在或不在您的权限范围内" in changed.json()["errors"][0]
    assert Employee.objects.get(pk=world.chenqi.pk).name == "陈七"


def test_the_hrbp_cannot_write_the_org_tree(client, world):
    client.force_login(world.users["hrbp_sales"])
    response = _post(client, "org_units", [{"部门路径": "新部门", "部门编码": "NEW"}])
    assert response.status_code == 403
    assert not OrgUnit.objects.filter(code="NEW").exists()


@pytest.mark.parametrize("persona", ["legal", "manager", "approver", "employee", "auditor", "outsider"])
def test_other_roles_are_refused(client, world, persona):
    client.force_login(world.users[persona])
    assert _post(client, "employees", [_new_person(world.sales.code)]).status_code == 403
    assert not Employee.objects.filter(employee_number="E900001").exists()


def test_anonymous_is_refused(client, world):
    assert _post(client, "employees", [_new_person(world.sales.code)]).status_code in (401, 403)


def test_an_unknown_kind_is_404(client, world):
    client.force_login(world.users["hr_admin"])
    assert _post(client, "nope", [{"a": 1}]).status_code == 404


def test_rows_must_be_objects(client, world):
    client.force_login(world.users["hr_admin"])
    response = _post(client, "employees", ["E1"])
    assert response.status_code == 400 and "rows" in response.json()


def test_a_list_or_object_in_a_cell_is_a_named_error_not_a_crash(client, world):
    client.force_login(world.users["hr_admin"])
    rows = [{**_new_person(world.sales.code), "入职日期": ["2024-07-01"]},
            {**_new_person(world.sales.code, "E900009"), "入职日期": {"d": 1}}]
    response = _post(client, "employees", rows)
    assert response.status_code == 400
    errors = response.json()["errors"]
    assert errors[0].startswith("第 1 行 · 入职日期：") and errors[1].startswith("第 2 行 · 入职日期：")
