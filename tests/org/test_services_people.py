"""org.services for employees: create, edit, the blind index, the ledger's old values, status."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import ValidationError

from farewell.common.fields import blind_index
from farewell.common.identifiers import id_number
from farewell.ledger.models import LedgerEntry
from farewell.org import services
from farewell.org.models import Employee, EmployeeStatus
from farewell.org.signals import employee_facts_changed
from tests.factories import make_company, make_employee, make_position, make_unit

VALID_ID = id_number("110105", dt.date(1990, 1, 1), 123)
OTHER_ID = id_number("310101", dt.date(1990, 1, 1), 246)


def entries(event: str) -> list[dict]:
    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(event=event).order_by("seq")]


def new_employee(world, **kw) -> Employee:
    fields = {
        "employee_number": "N0001", "name": "孙八", "gender": "female", "birth_date": dt.date(1990, 1, 1),
        "hire_date": dt.date(2021, 5, 10), "org_unit": world.sales, "id_number": VALID_ID,
        "bank_account": "6222020200112233445",
    }
    fields.update(kw)
    return services.create_employee(world.company, acting_user=world.users["hr_admin"], **fields)


def error_fields(excinfo) -> set[str]:
    return set(excinfo.value.message_dict)


# ---------------------------------------------------------------- create


def test_it_creates_an_employee_with_the_blind_index_and_a_ledger_entry(world):
    employee = new_employee(world)
    employee.refresh_from_db()
    assert employee.id_number == VALID_ID
    assert employee.id_number_index == blind_index(VALID_ID)
    [payload] = entries("employee_created")
    assert payload["employee_number"] == "N0001"
    # Encrypted values never enter the ledger; only whether they are set.
    assert VALID_ID not in json.dumps(payload) and "6222020200112233445" not in json.dumps(payload)
    assert payload["id_number_set"] is True


def test_it_refuses_an_id_number_with_a_wrong_check_digit(world):
    wrong = VALID_ID[:17] + ("0" if VALID_ID[17] != "0" else "1")
    with pytest.raises(ValidationError) as excinfo:
        new_employee(world, id_number=wrong)
    assert error_fields(excinfo) == {"id_number"}


def test_it_warns_when_the_id_numbers_birth_date_disagrees():
    assert services.id_number_warnings(VALID_ID, dt.date(1990, 1, 1)) == []
    [warning] = services.id_number_warnings(VALID_ID, dt.date(1991, 2, 3))
    assert "1990-01-01" in warning and "1991-02-03" in warning


def test_it_refuses_a_hire_date_after_the_separation_date(world):
    with pytest.raises(ValidationError) as excinfo:
        new_employee(world, hire_date=dt.date(2022, 1, 1), separation_date=dt.date(2021, 12, 31))
    assert error_fields(excinfo) == {"separation_date"}  # the field the import names too (org.person_dates)


def test_it_refuses_a_duplicate_employee_number(world):
    with pytest.raises(ValidationError) as excinfo:
        new_employee(world, employee_number=world.lisi.employee_number)
    assert error_fields(excinfo) == {"employee_number"}


def test_it_refuses_a_manager_from_another_company(world):
    other = make_employee(make_unit(make_company(), "别家"), "外人")
    with pytest.raises(ValidationError) as excinfo:
        new_employee(world, manager=other)
    assert error_fields(excinfo) == {"manager"}


def test_it_refuses_a_position_from_another_company(world):
    with pytest.raises(ValidationError) as excinfo:
        new_employee(world, position=make_position(make_company(), "外岗"))
    assert error_fields(excinfo) == {"position"}


def test_it_refuses_status_separated_on_create(world):
    with pytest.raises(ValidationError) as excinfo:
        new_employee(world, status=EmployeeStatus.SEPARATED)
    assert error_fields(excinfo) == {"status"}


# ---------------------------------------------------------------- edit


def test_the_blind_index_follows_an_edited_id_number(world):
    employee = new_employee(world)
    services.update_employee(employee, acting_user=world.users["hr_admin"], id_number=OTHER_ID.lower())
    employee.refresh_from_db()
    assert employee.id_number == OTHER_ID
    assert employee.id_number_index == blind_index(OTHER_ID)
    [payload] = entries("employee_updated")
    assert payload["changed"] == ["id_number"] and OTHER_ID not in json.dumps(payload)


def test_the_blind_index_is_kept_by_a_plain_save(world):
    world.lisi.id_number = VALID_ID
    world.lisi.save()
    assert Employee.objects.get(pk=world.lisi.pk).id_number_index == blind_index(VALID_ID)
    world.lisi.id_number = OTHER_ID
    world.lisi.save(update_fields=["id_number"])
    assert Employee.objects.get(pk=world.lisi.pk).id_number_index == blind_index(OTHER_ID)
    world.lisi.id_number = ""
    world.lisi.save(update_fields=["id_number"])
    assert Employee.objects.get(pk=world.lisi.pk).id_number_index == ""


def test_a_save_with_the_id_number_deferred_keeps_the_index(world):
    world.lisi.id_number = VALID_ID
    world.lisi.save()
    deferred = Employee.objects.defer("id_number").get(pk=world.lisi.pk)
    deferred.name = "李四四"
    deferred.save()
    assert Employee.objects.get(pk=world.lisi.pk).id_number_index == blind_index(VALID_ID)


def test_a_blank_id_number_on_edit_keeps_the_stored_one(world):
    employee = new_employee(world)
    services.update_employee(employee, acting_user=world.users["hr_admin"], id_number="", bank_account="",
                             phone="13800000000")
    employee.refresh_from_db()
    assert employee.id_number == VALID_ID and employee.bank_account == "6222020200112233445"
    assert employee.phone == "13800000000"


def test_an_engine_fact_change_writes_the_old_value_first(world):
    hr = world.users["hr_admin"]
    services.update_employee(world.lisi, acting_user=hr, hire_date=dt.date(2019, 7, 1),
                             employment_type="dispatch", phone="139")
    fact = LedgerEntry.objects.get(event="fact_changed")
    updated = LedgerEntry.objects.get(event="employee_updated")
    assert fact.seq < updated.seq
    changes = json.loads(fact.payload)["changes"]
    assert changes == {
        "hire_date": {"before": "2020-03-01", "after": "2019-07-01"},
        "employment_type": {"before": "labour_contract", "after": "dispatch"},
    }
    assert "phone" not in changes


def test_a_non_fact_change_writes_no_fact_entry(world):
    services.update_employee(world.lisi, acting_user=world.users["hr_admin"], phone="139")
    assert not LedgerEntry.objects.filter(event="fact_changed").exists()
    assert LedgerEntry.objects.filter(event="employee_updated").count() == 1


def test_an_unchanged_edit_writes_nothing(world):
    services.update_employee(world.lisi, acting_user=world.users["hr_admin"], name="李四",
                             hire_date=world.lisi.hire_date, org_unit=world.sales)
    assert not LedgerEntry.objects.filter(object_type="org.employee").exists()


def test_it_refuses_a_manager_cycle(world):
    # boss → lisi → zhaoliu: making zhaoliu boss's manager closes a loop.
    with pytest.raises(ValidationError) as excinfo:
        services.update_employee(world.boss, acting_user=world.users["hr_admin"], manager=world.zhaoliu)
    assert error_fields(excinfo) == {"manager"}
    with pytest.raises(ValidationError):
        services.update_employee(world.boss, acting_user=world.users["hr_admin"], manager=world.boss)
    world.boss.refresh_from_db()
    assert world.boss.manager_id is None


def test_it_accepts_a_manager_outside_the_chain(world):
    services.update_employee(world.zhaoliu, acting_user=world.users["hr_admin"], manager=world.chenqi)
    world.zhaoliu.refresh_from_db()
    assert world.zhaoliu.manager == world.chenqi


def test_it_refuses_a_hire_date_after_an_existing_separation_date(world):
    world.chenqi.separation_date = dt.date(2024, 1, 31)
    world.chenqi.save(update_fields=["separation_date"])
    with pytest.raises(ValidationError) as excinfo:
        services.update_employee(world.chenqi, acting_user=world.users["hr_admin"], hire_date=dt.date(2024, 2, 1))
    assert error_fields(excinfo) == {"separation_date"}  # "2024-01-31 早于入职日期 2024-02-01": both dates named
    assert not LedgerEntry.objects.filter(event="fact_changed").exists()


def test_a_fact_change_signals_on_commit(world, django_capture_on_commit_callbacks):
    received = []

    def receiver(sender, employee, facts, acting_user, **kwargs):
        received.append((employee.pk, facts, acting_user))

    employee_facts_changed.connect(receiver)
    try:
        with django_capture_on_commit_callbacks(execute=False) as callbacks:
            services.update_employee(world.lisi, acting_user=world.users["hrbp_sales"],
                                     first_work_date=dt.date(2015, 7, 1))
        assert received == []  # nothing before the commit
        for callback in callbacks:
            callback()
        assert received == [(world.lisi.pk, frozenset({"first_work_date"}), world.users["hrbp_sales"])]
        received.clear()
        with django_capture_on_commit_callbacks(execute=True):
            services.update_employee(world.lisi, acting_user=world.users["hrbp_sales"], phone="1")
        assert received == []  # not an engine fact
    finally:
        employee_facts_changed.disconnect(receiver)


# ---------------------------------------------------------------- status


def test_it_changes_status_with_a_ledger_entry(world):
    world.lisi.status = EmployeeStatus.PROBATION
    world.lisi.save(update_fields=["status"])
    services.change_status(world.lisi, EmployeeStatus.ACTIVE, acting_user=world.users["hr_admin"], note="转正")
    world.lisi.refresh_from_db()
    assert world.lisi.status == EmployeeStatus.ACTIVE
    [payload] = entries("status_changed")
    assert payload == {"before": "probation", "after": "active", "note": "转正"}


def test_it_refuses_setting_separated_by_hand(world):
    with pytest.raises(ValidationError) as excinfo:
        services.change_status(world.lisi, EmployeeStatus.SEPARATED, acting_user=world.users["hr_admin"])
    assert "离职案件" in excinfo.value.message_dict["status"][0]
    world.lisi.refresh_from_db()
    assert world.lisi.status == EmployeeStatus.ACTIVE


@pytest.mark.parametrize(
    ("old", "new", "allowed"),
    [
        (old, new, new in services.STATUS_TRANSITIONS[old])
        for old in EmployeeStatus.values for new in EmployeeStatus.values if old != new
    ],
)
def test_status_transitions_follow_the_table(world, old, new, allowed):
    world.lisi.status = old
    world.lisi.save(update_fields=["status"])
    if allowed:
        services.change_status(world.lisi, new, acting_user=world.users["hr_admin"])
        assert Employee.objects.get(pk=world.lisi.pk).status == new
    else:
        with pytest.raises(ValidationError):
            services.change_status(world.lisi, new, acting_user=world.users["hr_admin"])
        assert Employee.objects.get(pk=world.lisi.pk).status == old
    assert EmployeeStatus.SEPARATED not in services.STATUS_TRANSITIONS[old]


def test_a_status_change_loses_to_a_concurrent_one(world):
    stale = Employee.objects.get(pk=world.lisi.pk)
    services.change_status(world.lisi, EmployeeStatus.SEPARATING, acting_user=world.users["hr_admin"])
    with pytest.raises(ValidationError):
        services.change_status(stale, EmployeeStatus.SEPARATING, acting_user=world.users["hr_admin"])
    assert LedgerEntry.objects.filter(event="status_changed").count() == 1
