"""A document generated before the case's latest 重新提交审批 states what the earlier round approved (an amount
since changed, say): after the re-approval it is listed as 已失效, and it is neither sent for e-signature nor
recorded as signed on paper, on the page and the API (409); one generated after the reopen works. Over real HTTP."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.cases.models import CaseStatus
from farewell.offboarding import document_services
from farewell.offboarding.models import SignatureRequest
from farewell.org.models import Employee
from tests.cases.conftest import walk
from tests.factories import make_position

from .conftest import in_handover

SUPERSEDED = "已失效：生成于重新提交审批之前，请重新生成"
SCAN = b"%PDF-1.4 signed on paper"


@pytest.fixture(autouse=True)
def stand_in_pdf(monkeypatch):
    def convert(items, progress=None):
        if progress is not None:
            progress(len(items), len(items))
        return {name: b"%PDF-1.4 stand-in " + name.encode() for name, _docx in items}

    monkeypatch.setattr(document_services, "docx_to_pdf_many", convert)


def _generate(client, case):
    response = client.post(f"/api/offboarding/cases/{case.code}/documents/", {"kind": "mutual_agreement"},
                           content_type="application/json")
    assert response.status_code == 201, response.content
    return response.json()["code"]


def _listed(client, case):
    response = client.get(f"/api/offboarding/cases/{case.code}/documents/")
    assert response.status_code == 200
    return {d["code"]: d["superseded"] for d in response.json()}


@pytest.fixture
def reapproved(client, staffed, settings):
    """李四's agreement generated in handover, then the case reopened (重新提交审批) and approved again."""
    settings.FAREWELL_ESIGN_PROVIDER = "fake"
    settings.FAREWELL_ESIGN_CALLBACK_SECRET = "test-callback-secret"
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售主管"))
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    old = _generate(client, case)
    assert _listed(client, case) == {old: False}
    client.post(f"/cases/{case.code}/action/", {"action": "reopen", "comment": "协商额外补偿改为一万元"})
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.round == 2
    walk(case, staffed)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    client.force_login(staffed.users["hrbp_sales"])
    return case, old


def test_the_old_document_is_marked_and_refused(client, staffed, reapproved):
    case, old = reapproved
    assert _listed(client, case) == {old: True}
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert SUPERSEDED in page and 'data-superseded="mutual_agreement"' in page
    assert f"/offboarding/documents/{old}/sign/" not in page  # no send / upload buttons on it
    assert f"/offboarding/documents/{old}/wet-signature/" not in page

    sent = client.post(f"/offboarding/documents/{old}/sign/", follow=True).content.decode()
    assert SUPERSEDED in sent and "已发起电子签署" not in sent
    api = client.post(f"/api/offboarding/documents/{old}/sign/", HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert api.status_code == 409 and SUPERSEDED in api.content.decode(), api.content

    wet = client.post(f"/offboarding/documents/{old}/wet-signature/",
                      {"file": SimpleUploadedFile("s.pdf", SCAN)}, follow=True).content.decode()
    assert SUPERSEDED in wet and "已上传签字扫描件" not in wet
    api = client.post(f"/api/offboarding/documents/{old}/wet-signature/",
                      {"file": SimpleUploadedFile("s.pdf", SCAN)}, HTTP_ACCEPT_LANGUAGE="zh-hans")
    assert api.status_code == 409 and SUPERSEDED in api.content.decode(), api.content
    assert not SignatureRequest.objects.filter(document__code=old).exists()


def test_a_document_generated_after_the_reopen_works(client, staffed, reapproved):
    case, old = reapproved
    new = _generate(client, case)
    assert _listed(client, case) == {old: True, new: False}
    assert client.post(f"/api/offboarding/documents/{new}/sign/").status_code == 201
    new_wet = _generate(client, case)
    response = client.post(f"/api/offboarding/documents/{new_wet}/wet-signature/",
                           {"file": SimpleUploadedFile("s.pdf", SCAN)})
    assert response.status_code == 201, response.content
    assert SignatureRequest.objects.filter(document__code__in=[new, new_wet]).count() == 2
