"""The union notification step (LCL 43): an uploaded document, stored under MEDIA_ROOT, its
SHA-256 kept on the step and written to the ledger; size and type checked, errors name the field."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.utils import timezone

from farewell.cases import services, uploads
from farewell.cases.models import CaseStep, CaseType
from farewell.cases.workflow import CaseError
from farewell.ledger.models import LedgerEntry
from tests.cases.conftest import union_letter

PDF = b"%PDF-1.7\n\xe5\xb7\xa5\xe4\xbc\x9a union notice"


@pytest.fixture
def union_step(staffed, soon):
    """李四's misconduct case (opened by the HR admin), reviewed by HR and legal: the union notification
    is active and hrbp_sales records it (four eyes: not the opener)."""
    world = staffed
    hr = world.users["hrbp_sales"]
    opener = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MISCONDUCT, actor=opener, separation_date=soon)
    services.submit_case(case, actor=opener)
    services.decide_step(case.steps.get(status="active"), "approve", actor=hr)
    services.decide_step(case.steps.get(status="active"), "approve", actor=world.users["legal"])
    step = case.steps.get(status="active")
    assert step.kind == "union_notification"
    return step


def test_it_stores_the_document_and_its_hash_in_the_ledger(staffed, union_step, media_root):
    services.decide_step(union_step, "approve", actor=staffed.users["hrbp_sales"], document_date=timezone.localdate(),
                         document_file=union_letter("工会通知.pdf", PDF))
    step = CaseStep.objects.get(pk=union_step.pk)
    digest = hashlib.sha256(PDF).hexdigest()
    assert step.document == "工会通知.pdf" and step.document_sha256 == digest
    assert (media_root / step.document_file.name).read_bytes() == PDF
    entry = LedgerEntry.objects.get(object_id=str(step.case.code), event="case.step.approve",
                                    payload__contains=str(step.code))
    payload = json.loads(entry.payload)
    assert payload["document_sha256"] == digest and payload["document"] == "工会通知.pdf"
    assert payload["document_size"] == len(PDF)
    step.case.refresh_from_db()
    assert step.case.facts["union_notified"] is True


def test_it_requires_the_upload(staffed, union_step):
    with pytest.raises(CaseError, match="通知工会文书"):
        services.decide_step(union_step, "approve", actor=staffed.users["hrbp_sales"],
                             document_date=timezone.localdate())
    assert CaseStep.objects.get(pk=union_step.pk).status == "active"


def test_it_refuses_a_file_over_the_limit(staffed, union_step, monkeypatch):
    monkeypatch.setattr(uploads, "MAX_DOCUMENT_BYTES", 100)
    with pytest.raises(CaseError, match="通知工会文书：文件过大"):
        services.decide_step(union_step, "approve", actor=staffed.users["hrbp_sales"],
                             document_date=timezone.localdate(), document_file=union_letter(content=PDF * 10))


@pytest.mark.parametrize("name, content, content_type, message", [
    ("a.exe", b"MZ\x90\x00", "application/x-msdownload", "不支持的文件类型"),
    ("a.pdf", b"<html>not a pdf</html>", "application/pdf", "文件内容与声明的类型"),
    ("a.png", b"", "image/png", "文件是空的"),
])
def test_it_refuses_the_wrong_type_naming_the_field(staffed, union_step, name, content, content_type, message):
    with pytest.raises(CaseError, match=f"通知工会文书：{message}"):
        services.decide_step(union_step, "approve", actor=staffed.users["hrbp_sales"],
                             document_date=timezone.localdate(),
                             document_file=union_letter(name, content, content_type))
    assert CaseStep.objects.get(pk=union_step.pk).status == "active"


def test_the_page_uploads_and_serves_it(client, staffed, union_step):
    client.force_login(staffed.users["hrbp_sales"])
    case_url = f"/cases/{union_step.case.code}/"
    assert 'enctype="multipart/form-data"' in client.get(case_url).content.decode()
    response = client.post(f"/cases/steps/{union_step.code}/decide/", {
        "decision": "approve", "document_date": timezone.localdate().isoformat(),
        "document_file": union_letter("工会通知.pdf", PDF),
    })
    assert response.status_code == 302
    step = CaseStep.objects.get(pk=union_step.pk)
    assert step.status == "done"
    download = client.get(f"/cases/steps/{step.code}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    # someone outside the case's scope cannot fetch it
    client.force_login(staffed.users["outsider"])
    assert client.get(f"/cases/steps/{step.code}/document/").status_code == 404


def test_the_page_names_the_field_in_the_error(client, staffed, union_step):
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/cases/steps/{union_step.code}/decide/", {
        "decision": "approve", "document_date": timezone.localdate().isoformat(),
        "document_file": union_letter("a.txt", b"hello", "text/plain"),
    }, follow=True)
    assert "通知工会文书：不支持的文件类型 text/plain" in response.content.decode()
    assert CaseStep.objects.get(pk=union_step.pk).status == "active"


def test_the_api_takes_the_document_as_multipart(client, staffed, union_step):
    client.force_login(staffed.users["hrbp_sales"])
    url = f"/api/cases/{union_step.case.code}/transition/"
    refused = client.post(url, {"action": "approve", "document_date": timezone.localdate().isoformat()},
                          content_type="application/json")
    assert refused.status_code == 409 and "通知工会文书" in refused.json()["error"]
    response = client.post(url, {"action": "approve", "document_date": timezone.localdate().isoformat(),
                                 "document_file": union_letter("u.pdf", PDF)})
    assert response.status_code == 200, response.content
    assert CaseStep.objects.get(pk=union_step.pk).document_sha256 == hashlib.sha256(PDF).hexdigest()


