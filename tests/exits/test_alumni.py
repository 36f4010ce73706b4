"""The alumni list: added with consent, searched by HR when hiring (skills on record, rehire
eligibility), consent withdrawn through the personal link, contact data erased on schedule."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail

from farewell.exits import alumni, services
from farewell.exits.models import Alumnus, Rehire
from farewell.ledger.models import LedgerEntry
from farewell.records.models import Contribution, TrainingRecord
from tests.exits.conftest import leave

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 30)


@pytest.fixture
def member(world, hr, django_capture_on_commit_callbacks):
    departure = leave(world.lisi, DAY, actor=hr)
    TrainingRecord.objects.create(employee=world.lisi, course="大客户销售训练营", course_date=dt.date(2025, 5, 1),
                                  status="attended")
    Contribution.objects.create(employee=world.lisi, kind="project", title="华东渠道拓展", date=dt.date(2024, 3, 1))
    with django_capture_on_commit_callbacks(execute=True):
        return alumni.add_alumnus(departure, acting_user=hr, email="lisi@example.test",
                                  consent_note="2026-06-28 面谈时同意")


def _token() -> str:
    return re.search(r"/exits/alumni/me/([^/\s]+)/", mail.outbox[-1].body).group(1)


def test_consent_is_required(world, hr):
    departure = leave(world.lisi, DAY, actor=hr)
    with pytest.raises(services.ExitError):
        alumni.add_alumnus(departure, acting_user=hr, email="a@example.test", consent_note="")
    assert not Alumnus.objects.exists()


def test_hr_searches_by_skill_and_rehire(client, world, hr, member):
    client.force_login(hr)
    page = client.get("/exits/alumni/?q=训练营").content.decode()
    assert "李四" in page and "华东渠道拓展" in page and "lisi@example.test" in page
    assert "李四" not in client.get("/exits/alumni/?q=财务").content.decode()
    services.confirm_rehire(member.departure, acting_user=hr, rehire=Rehire.NOT_ELIGIBLE, reason="违纪")
    assert "李四" not in client.get("/exits/alumni/?rehire=on").content.decode()


def test_the_member_withdraws_and_the_contact_data_is_erased_on_schedule(client, world, member):
    token = _token()
    page = client.get(f"/exits/alumni/me/{token}/")  # no login: the link is the proof
    assert page.status_code == 200 and "lisi@example.test" in page.content.decode()
    response = client.post(f"/exits/alumni/me/{token}/")
    assert response.status_code == 302
    assert client.get(f"/exits/alumni/me/{token}/").status_code == 403
    member.refresh_from_db()
    assert member.withdrawn_at and member.personal_email == "lisi@example.test"  # not yet
    client.force_login(world.users["hrbp_sales"])
    assert "李四" not in client.get("/exits/alumni/").content.decode()
    today = member.erase_on
    assert alumni.erase_due(today=today - dt.timedelta(days=1)) == 0
    assert alumni.erase_due(today=today) == 1
    member.refresh_from_db()
    assert member.personal_email == "" and member.erased_at is not None
    assert LedgerEntry.objects.filter(event="exits.alumni.erased").count() == 1
    assert "lisi@example.test" not in LedgerEntry.objects.get(event="exits.alumni.erased").payload


@pytest.mark.parametrize("persona", ["legal", "approver", "manager", "employee"])
def test_only_hr_sees_the_list(client, world, member, persona):
    client.force_login(world.users[persona])
    assert client.get("/exits/alumni/").status_code == 403


def test_the_hrbp_sees_only_alumni_of_their_units(client, world, hr):
    departure = leave(world.chenqi, DAY, actor=world.users["hr_admin"])
    alumni.add_alumnus(departure, acting_user=world.users["hr_admin"], email="c@example.test", consent_note="同意")
    client.force_login(hr)
    assert "陈七" not in client.get("/exits/alumni/").content.decode()
