"""Former-employee access: after the last day a read-only login downloads only the person's own documents
for the configured period; every download is logged; the employment's own login stays deactivated."""

from __future__ import annotations

import datetime as dt
import shutil

import pytest
from django.core import mail
from django.utils import timezone

from farewell.accounts.models import AccessLog, User
from farewell.cases import services
from farewell.ledger.models import LedgerEntry
from farewell.offboarding import document_services, former
from farewell.offboarding.models import FormerAccess
from farewell.org.models import Employee
from tests.factories import make_position
from tests.offboarding.helpers import finish_offboarding

from .conftest import in_handover

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="libreoffice-writer-nogui is needed")


@pytest.fixture
def left(staffed, django_capture_on_commit_callbacks):
    """李四 left yesterday: case closed, certificate generated, former access granted (the mail sent)."""
    for person in (staffed.lisi, staffed.zhaoliu):
        Employee.objects.filter(pk=person.pk).update(position=make_position(staffed.company, "销售代表"))
    hr = staffed.users["hrbp_sales"]
    case = in_handover(staffed, separation_date=timezone.localdate() - dt.timedelta(days=1))
    document_services.generate(case, "certificate", acting_user=hr, confirm_early=True)
    document_services.generate(case, "handover_confirmation", acting_user=hr)  # not one she downloads
    finish_offboarding(case, hr)
    services.close_case(case, actor=hr)
    with django_capture_on_commit_callbacks(execute=True):
        former.grant(case, "lisi.home@example.com", acting_user=hr)
    return case


def test_the_former_employee_downloads_her_own_certificate_and_it_is_logged(client, staffed, left):
    access = FormerAccess.objects.get(case=left)
    assert not User.objects.get(pk=staffed.users["employee"].pk).is_active  # the employment's login stopped
    [message] = mail.outbox
    assert message.to == ["lisi.home@example.com"] and access.user.username in message.body
    assert "/accounts/set-password/" in message.body
    client.force_login(access.user)
    page = client.get("/offboarding/former/").content.decode()
    certificate = left.offboarding_documents.get(kind="certificate")
    assert 'data-kind="certificate"' in page and 'data-kind="handover_confirmation"' not in page
    response = client.get(f"/offboarding/former/documents/{certificate.code}/")
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    log = AccessLog.objects.get(actor=access.user)
    assert log.employee_id == staffed.lisi.pk and log.object_id == str(certificate.code)
    assert LedgerEntry.objects.filter(event="former_access.download").count() == 1
    # nothing else opens for this login
    for url in ("/employees/", f"/cases/{left.code}/", "/offboarding/", "/me/"):
        assert client.get(url).status_code in (302, 403, 404), url


def test_only_her_own_documents(client, staffed, left):
    other = in_handover(staffed, employee=staffed.zhaoliu)
    doc = document_services.generate(other, "certificate", acting_user=staffed.users["hrbp_sales"], confirm_early=True)
    client.force_login(FormerAccess.objects.get(case=left).user)
    assert client.get(f"/offboarding/former/documents/{doc.code}/").status_code == 404
    handover_doc = left.offboarding_documents.get(kind="handover_confirmation")
    assert client.get(f"/offboarding/former/documents/{handover_doc.code}/").status_code == 404
    assert not AccessLog.objects.exists()


def test_no_access_before_the_last_day_after_expiry_or_once_revoked(client, staffed, left):
    access = FormerAccess.objects.get(case=left)
    client.force_login(access.user)
    FormerAccess.objects.filter(pk=access.pk).update(expires_on=timezone.localdate() - dt.timedelta(days=1))
    assert client.get("/offboarding/former/").status_code == 404
    assert former.expire(today=timezone.localdate()) == 1
    assert not User.objects.get(pk=access.user_id).is_active
    FormerAccess.objects.filter(pk=access.pk).update(expires_on=timezone.localdate() + dt.timedelta(days=30))
    User.objects.filter(pk=access.user_id).update(is_active=True)
    former.revoke(access, acting_user=staffed.users["hrbp_sales"])
    assert not User.objects.get(pk=access.user_id).is_active
    assert former.active_access(User.objects.get(pk=access.user_id)) is None


def test_the_period_follows_the_company_setting_and_only_hr_grants(client, staffed):
    from farewell.offboarding.models import OffboardingSettings

    OffboardingSettings.objects.create(company=staffed.company, former_access_days=30)
    case = in_handover(staffed)
    client.force_login(staffed.users["manager"])
    assert client.post(f"/offboarding/cases/{case.code}/former-access/", {"email": "a@example.com"}).status_code == 403
    client.force_login(staffed.users["hrbp_sales"])
    client.post(f"/offboarding/cases/{case.code}/former-access/", {"email": "not an address"})
    assert not FormerAccess.objects.exists()
    client.post(f"/offboarding/cases/{case.code}/former-access/", {"email": "lisi@example.com"})
    access = FormerAccess.objects.get(case=case)
    assert access.expires_on == case.separation_date + dt.timedelta(days=30)
    assert former.active_access(access.user) is None  # the last day has not passed yet
