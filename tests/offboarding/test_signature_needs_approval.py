"""A document goes to the employee for e-signature only on an approved case: one generated earlier, or before
the case was taken back into review (重新提交审批), is refused on the page and the API, and nothing is sent."""

from __future__ import annotations

import shutil

import pytest

from farewell.cases.models import CaseStatus, SeparationCase
from farewell.offboarding import document_services
from farewell.offboarding.models import SignatureRequest
from farewell.org.models import Employee
from tests.factories import make_position

from .conftest import in_handover

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="libreoffice-writer-nogui is needed")


@pytest.fixture
def agreement(staffed, settings):
    settings.FAREWELL_ESIGN_PROVIDER = "fake"
    settings.FAREWELL_ESIGN_CALLBACK_SECRET = "test-callback-secret"
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售主管"))
    case = in_handover(staffed)
    return document_services.generate(case, "mutual_agreement", acting_user=staffed.users["hrbp_sales"])


@pytest.mark.parametrize("status", [CaseStatus.IN_REVIEW, CaseStatus.DRAFT, CaseStatus.WITHDRAWN,
                                    CaseStatus.REJECTED])
def test_a_case_not_approved_sends_nothing(client, staffed, agreement, status):
    SeparationCase.objects.filter(pk=agreement.case_id).update(status=status)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.post(f"/offboarding/documents/{agreement.code}/sign/", follow=True).content.decode()
    assert "审批通过后才能发给员工签署" in page
    api = client.post(f"/api/offboarding/documents/{agreement.code}/sign/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert api.status_code == 409, api.content
    assert "审批通过后才能发给员工签署" in api.content.decode()
    assert not SignatureRequest.objects.filter(document=agreement).exists()


@pytest.mark.parametrize("status", [CaseStatus.APPROVED, CaseStatus.IN_HANDOVER])
def test_an_approved_case_sends(client, staffed, agreement, status):
    SeparationCase.objects.filter(pk=agreement.case_id).update(status=status)
    client.force_login(staffed.users["hrbp_sales"])
    client.post(f"/offboarding/documents/{agreement.code}/sign/")
    assert SignatureRequest.objects.filter(document=agreement).count() == 1
