"""Sensitive personal information at rest: Fernet ciphertext, key rotation, the blind index,
and read_sensitive with its access log (DESIGN, security model)."""

from __future__ import annotations

import datetime as dt

import pytest
from cryptography.fernet import Fernet, InvalidToken
from django.core.exceptions import FieldError, ImproperlyConfigured, PermissionDenied
from django.db import connection
from django.test import override_settings

from farewell.accounts.models import AccessLog
from farewell.accounts.services import read_sensitive
from farewell.common.fields import blind_index, is_ciphertext
from farewell.org.models import Employee, StatusPeriod

ID_NUMBER = "11010119900307123X"


def raw_column(table: str, column: str, pk: int) -> str:
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT {column} FROM {table} WHERE id = %s", [pk])  # noqa: S608 - fixed names
        return cursor.fetchone()[0]


@pytest.fixture
def lisi(world):
    world.lisi.id_number = ID_NUMBER
    world.lisi.id_number_index = blind_index(ID_NUMBER)
    world.lisi.bank_account = "6222020200112233445"
    world.lisi.save()
    return world.lisi


def test_the_id_number_round_trips(lisi):
    assert Employee.objects.get(pk=lisi.pk).id_number == ID_NUMBER


def test_the_column_holds_fernet_ciphertext_not_the_number(lisi):
    stored = raw_column("org_employee", "id_number", lisi.pk)
    assert ID_NUMBER not in stored and "19900307" not in stored
    assert is_ciphertext(stored)
    from django.conf import settings

    key = settings.FAREWELL_FIELD_KEY.split(",")[0]
    assert Fernet(key.encode()).decrypt(stored.encode()).decode() == ID_NUMBER
    assert is_ciphertext(raw_column("org_employee", "bank_account", lisi.pk))


def test_the_same_value_encrypts_differently_each_time(world):
    a = world.lisi
    b = world.zhaoliu
    a.id_number = b.id_number = ID_NUMBER
    a.save()
    b.save()
    assert raw_column("org_employee", "id_number", a.pk) != raw_column("org_employee", "id_number", b.pk)


def test_an_empty_value_stays_empty(world):
    assert raw_column("org_employee", "id_number", world.chenqi.pk) == ""


def test_keys_rotate_without_a_migration(world):
    old, new = Fernet.generate_key().decode(), Fernet.generate_key().decode()
    with override_settings(FAREWELL_FIELD_KEY=old):
        world.lisi.id_number = ID_NUMBER
        world.lisi.save()
    old_token = raw_column("org_employee", "id_number", world.lisi.pk)
    with override_settings(FAREWELL_FIELD_KEY=f"{new},{old}"):
        # The old ciphertext still reads...
        assert Employee.objects.get(pk=world.lisi.pk).id_number == ID_NUMBER
        # ...and a new write uses the first key.
        world.zhaoliu.id_number = "310101198001010011"
        world.zhaoliu.save()
    new_token = raw_column("org_employee", "id_number", world.zhaoliu.pk)
    assert Fernet(new.encode()).decrypt(new_token.encode()) == b"310101198001010011"
    with pytest.raises(InvalidToken):  # the old key cannot read it
        Fernet(old.encode()).decrypt(new_token.encode())
    assert Fernet(old.encode()).decrypt(old_token.encode()) == ID_NUMBER.encode()
    # Without the old key, the old value cannot be read: it says so.
    with override_settings(FAREWELL_FIELD_KEY=new), pytest.raises(ImproperlyConfigured):
        Employee.objects.get(pk=world.lisi.pk)


def test_the_database_cannot_compare_ciphertext(lisi):
    with pytest.raises(FieldError):  # ciphertext is randomised: no equality lookup
        list(Employee.objects.filter(id_number=ID_NUMBER))


def test_the_blind_index_finds_an_id_number(lisi, world):
    world.chenqi.id_number = "310101198001010011"
    world.chenqi.id_number_index = blind_index("310101198001010011")
    world.chenqi.save()
    # Normalised: case and surrounding spaces do not matter.
    found = Employee.objects.filter(id_number_index=blind_index(" 11010119900307123x "))
    assert list(found) == [lisi]
    assert blind_index(ID_NUMBER) != blind_index("310101198001010011")
    assert ID_NUMBER not in blind_index(ID_NUMBER)


def test_read_sensitive_returns_the_value_and_logs_the_read(lisi, world):
    hr = world.users["hrbp_sales"]
    value = read_sensitive(lisi, "id_number", actor=hr, purpose="离职补偿协议")
    assert value == ID_NUMBER
    log = AccessLog.objects.get()
    assert (log.actor, log.employee, log.field, log.purpose) == (hr, lisi, "id_number", "离职补偿协议")
    assert log.object_type == "org.employee" and log.object_id == str(lisi.code)


def test_read_sensitive_reads_a_deferred_field(lisi, world):
    deferred = Employee.objects.defer("id_number").get(pk=lisi.pk)
    assert read_sensitive(deferred, "id_number", actor=world.users["hr_admin"], purpose="核对") == ID_NUMBER


def test_read_sensitive_denies_a_manager(lisi, world):
    with pytest.raises(PermissionDenied):
        read_sensitive(lisi, "id_number", actor=world.users["manager"], purpose="好奇")
    assert not AccessLog.objects.exists()


def test_read_sensitive_denies_an_hrbp_outside_their_units(world):
    world.chenqi.id_number = ID_NUMBER
    world.chenqi.save()
    with pytest.raises(PermissionDenied):
        read_sensitive(world.chenqi, "id_number", actor=world.users["hrbp_sales"], purpose="核对")
    assert not AccessLog.objects.exists()


@pytest.mark.parametrize("persona", ["legal", "approver", "employee", "auditor", "outsider"])
def test_read_sensitive_denies_other_roles(lisi, world, persona):
    with pytest.raises(PermissionDenied):
        read_sensitive(lisi, "id_number", actor=world.users[persona], purpose="x")


def test_read_sensitive_refuses_a_field_that_is_not_sensitive(lisi, world):
    with pytest.raises(ValueError):
        read_sensitive(lisi, "name", actor=world.users["hr_admin"], purpose="x")


def test_status_period_kind_and_notes_are_encrypted(world):
    period = StatusPeriod.objects.create(
        employee=world.lisi, kind="pregnancy", notes="孕12周", start_date=dt.date(2024, 5, 1)
    )
    kind = raw_column("org_statusperiod", "kind", period.pk)
    notes = raw_column("org_statusperiod", "notes", period.pk)
    assert is_ciphertext(kind) and "pregnancy" not in kind
    assert is_ciphertext(notes) and "孕" not in notes
    assert StatusPeriod.objects.get(pk=period.pk).kind == "pregnancy"
    hr = world.users["hr_admin"]
    assert read_sensitive(period, "kind", actor=hr, purpose="解除合法性审查") == "pregnancy"
    log = AccessLog.objects.get()
    assert (log.employee, log.object_type, log.field) == (world.lisi, "org.statusperiod", "kind")
    with pytest.raises(PermissionDenied):
        read_sensitive(period, "notes", actor=world.users["manager"], purpose="x")
