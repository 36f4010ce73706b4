"""A former employee (the read-only login HR opens after the last day, offboarding/former.py) has the
consent page and the who-read-my-data page too — their own rows only, and only while the login lasts —
on the page and through the API."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.accounts.models import AccessLog, User
from farewell.cases import services as cases
from farewell.offboarding.models import FormerAccess
from farewell.privacy import services
from farewell.privacy.models import Consent, Purpose
from tests.factories import PASSWORD
from tests.portal.test_me_api import post, token_for


@pytest.fixture
def former_login(world):
    """李四 left yesterday; HR opened her former-employee login (its own user, no role, no employee link)."""
    hr = world.users["hrbp_sales"]
    today = timezone.localdate()
    case = cases.open_case(world.lisi, "mutual_employer", actor=hr, separation_date=today - dt.timedelta(days=1))
    user = User.objects.create_user(username="former-lisi", password=PASSWORD)
    FormerAccess.objects.create(case=case, user=user, email="lisi@example.com", created_by=hr,
                                expires_on=today + dt.timedelta(days=30))
    world.users["employee"].is_active = False  # the employment's login stops at separation
    world.users["employee"].save(update_fields=["is_active"])
    return user


def _read(employee, actor, purpose):
    AccessLog.objects.create(actor=actor, employee=employee, object_type="org.employee", object_id=str(employee.code),
                             field="bank_account", purpose=purpose)


def test_the_former_employee_sees_their_consents_and_reads(client, world, former_login):
    services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=world.users["employee"])
    _read(world.lisi, world.users["hr_admin"], "离职后支付经济补偿核对银行账号")
    _read(world.zhaoliu, world.users["hr_admin"], "赵六的工资")
    client.force_login(former_login)
    assert 'id="former-privacy-link"' in client.get("/offboarding/former/").content.decode()
    page = client.get("/privacy/me/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "离职后支付经济补偿核对银行账号" in text and "赵六的工资" not in text
    assert 'id="purpose-talk_recording"' in text


def test_the_former_employee_withdraws_and_gives_consent(client, world, former_login):
    item = services.give_consent(world.lisi, Purpose.HEALTH_DETAILS, actor=world.users["employee"])
    client.force_login(former_login)
    client.post(f"/privacy/me/consent/{item.code}/withdraw/")
    item.refresh_from_db()
    assert item.withdrawn_at is not None and item.withdrawn_by == former_login
    client.post("/privacy/me/consent/", {"purpose": Purpose.TALK_RECORDING, "agree": "yes"})
    assert Consent.objects.get(employee=world.lisi, purpose=Purpose.TALK_RECORDING).recorded_by == former_login


def test_the_former_employee_uses_the_api_for_both(client, world, former_login):
    _read(world.lisi, world.users["hr_admin"], "档案转移")
    auth = token_for(client, "former-lisi")
    assert client.get("/api/me/reads/", **auth).json()["count"] == 1
    given = post(client, "/api/me/consents/", auth, {"purpose": Purpose.HEALTH_DETAILS, "agree": True})
    assert given.status_code == 201
    assert post(client, f"/api/me/consents/{given.json()['code']}/withdraw/", auth).status_code == 200
    # Nothing else of the employee API: the case, messages and documents are the employment's login's.
    assert client.get("/api/me/summary/", **auth).status_code == 403


def test_an_expired_or_revoked_former_login_sees_nothing(client, world, former_login):
    access = FormerAccess.objects.get(user=former_login)
    client.force_login(former_login)
    FormerAccess.objects.filter(pk=access.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert client.get("/privacy/me/").status_code == 403
    FormerAccess.objects.filter(pk=access.pk).update(expires_on=timezone.localdate() + dt.timedelta(days=1),
                                                      revoked_at=timezone.now())
    assert client.get("/privacy/me/").status_code == 403
    assert client.get("/api/me/consents/").status_code == 403


def test_a_login_without_a_role_or_former_access_is_refused(client, world):
    client.force_login(world.users["outsider"])
    assert client.get("/privacy/me/").status_code == 403
    assert client.get("/api/me/reads/").status_code == 403
