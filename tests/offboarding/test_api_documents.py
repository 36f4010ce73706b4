"""Offboarding documents through the API (issue 19): generate, list, download DOCX/PDF, the wet-signed scan
and the signed file, a layoff batch's documents as a job, the former employee's own downloads (each logged
as on the page), and 离职办理 settings. LibreOffice is replaced by a stand-in PDF here (its own tests are in
test_documents.py): these tests are about the endpoints."""

from __future__ import annotations

import datetime as dt
import io
import zipfile

import pytest
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.accounts.models import AccessLog
from farewell.cases import services
from farewell.cases.models import CaseFamily, CaseStatus, SeparationCase
from farewell.common.models import Job
from farewell.ledger.models import LedgerEntry
from farewell.offboarding import document_services, former
from farewell.offboarding.models import (
    DocumentTemplateVersion,
    FormerAccess,
    GeneratedDocument,
    HandoverTemplate,
    OffboardingSettings,
    SignatureRequest,
)
from farewell.org.models import Employee
from tests.factories import Role, make_company, make_employee, make_position, make_unit, make_user
from tests.offboarding.helpers import finish_offboarding

from .conftest import in_handover


def _json(client, method, url, data=None):
    return getattr(client, method)(url, data or {}, content_type="application/json")


@pytest.fixture(autouse=True)
def stand_in_pdf(monkeypatch):
    """Every DOCX 'converted' to a small PDF without LibreOffice."""
    def convert(items, progress=None):
        if progress is not None:
            progress(len(items), len(items))
        return {name: b"%PDF-1.4 stand-in " + name.encode() for name, _docx in items}

    monkeypatch.setattr(document_services, "docx_to_pdf_many", convert)


@pytest.fixture
def foreign_hr(world):
    other = make_company(name="别家公司")
    make_employee(make_unit(other, "总部"), "外人")
    return make_user("foreign_hr", Role.HR_ADMIN, company=other)


@pytest.fixture
def case(staffed):
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售主管"))
    return in_handover(staffed)


def test_hr_generates_lists_and_downloads_documents(client, staffed, case, foreign_hr):
    url = f"/api/offboarding/cases/{case.code}/documents/"
    client.force_login(staffed.users["hrbp_sales"])
    made = _json(client, "post", url, {"kind": "certificate", "confirm_early": True})
    assert made.status_code == 201, made.json()
    document = GeneratedDocument.objects.get(code=made.json()["code"])
    assert made.json()["pdf_sha256"] == document.pdf_sha256
    assert LedgerEntry.objects.filter(object_id=str(document.code), event="document.generated").exists()
    unknown = _json(client, "post", url, {"kind": "love_letter"})
    assert unknown.status_code == 400 and list(unknown.json()) == ["kind"]
    early = _json(client, "post", url, {"kind": "settlement_sheet"})  # before the sheet is approved
    assert early.status_code == 409 and "结算单" in early.json()["non_field_errors"][0]
    too_long = _json(client, "post", url, {"kind": "mutual_agreement", "non_compete_months": 30,
                                           "non_compete_monthly": "5000"})
    assert too_long.status_code == 400 and "二年" in too_long.json()["non_field_errors"][0]

    client.force_login(staffed.users["legal"])  # reads the documents, generates none
    assert [d["kind"] for d in client.get(url).json()] == ["certificate"]
    pdf = client.get(f"/api/offboarding/documents/{document.code}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    docx = client.get(f"/api/offboarding/documents/{document.code}/docx/")
    assert docx.status_code == 200 and b"".join(docx.streaming_content).startswith(b"PK")
    assert client.get(f"/api/offboarding/documents/{document.code}/odt/").status_code == 404
    assert _json(client, "post", url, {"kind": "certificate"}).status_code == 403
    client.force_login(staffed.users["manager"])
    assert client.get(url).status_code == 403
    assert client.get(f"/api/offboarding/documents/{document.code}/pdf/").status_code == 403
    client.force_login(foreign_hr)
    assert client.get(url).status_code == 404
    assert client.get(f"/api/offboarding/documents/{document.code}/pdf/").status_code == 404


def test_a_wet_signed_scan_is_uploaded_and_its_file_served_while_it_matches(client, staffed, case, foreign_hr):
    hr = staffed.users["hrbp_sales"]
    agreement = document_services.generate(case, "mutual_agreement", acting_user=hr)
    client.force_login(hr)
    url = f"/api/offboarding/documents/{agreement.code}/wet-signature/"
    not_a_scan = client.post(url, {"file": SimpleUploadedFile("x.txt", b"hello")})
    assert not_a_scan.status_code == 400 and list(not_a_scan.json()) == ["file"]
    assert client.post(url, {}).status_code == 400
    scan = b"%PDF-1.4 signed on paper"
    uploaded = client.post(url, {"file": SimpleUploadedFile("签字版.pdf", scan, content_type="application/pdf")})
    assert uploaded.status_code == 201, uploaded.json()
    sig = SignatureRequest.objects.get(code=uploaded.json()["code"])
    assert sig.provider == "wet" and uploaded.json()["has_signed_file"]
    signed = client.get(f"/api/offboarding/signatures/{sig.code}/signed/")
    assert signed.status_code == 200 and b"".join(signed.streaming_content) == scan
    # No e-signature provider is configured here: sending is refused in words.
    refused = _json(client, "post", f"/api/offboarding/documents/{agreement.code}/sign/")
    assert refused.status_code == 409 and refused.json()["non_field_errors"]
    # A file changed on disk no longer matches the ledger: refused, not served.
    with sig.signed_file.open("wb") as handle:
        handle.write(b"%PDF-1.4 forged")
    assert client.get(f"/api/offboarding/signatures/{sig.code}/signed/").status_code == 403
    client.force_login(staffed.users["manager"])
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", scan)}).status_code == 403
    client.force_login(foreign_hr)
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", scan)}).status_code == 404
    assert client.get(f"/api/offboarding/signatures/{sig.code}/signed/").status_code == 404


def test_a_batch_gets_its_documents_as_one_job(client, staffed, soon, foreign_hr):
    world = staffed
    position = make_position(world.company, "销售代表")
    family = CaseFamily.objects.create(company=world.company, title="2027年销售部调整")
    for n in range(2):
        employee = make_employee(world.sales, f"成员{n}", manager=world.boss, position=position)
        member = services.open_case(employee, "layoff", actor=world.users["hrbp_sales"], separation_date=soon,
                                    family=family)
        SeparationCase.objects.filter(pk=member.pk).update(status=CaseStatus.APPROVED)
    client.force_login(world.users["hrbp_sales"])
    started = _json(client, "post", f"/api/offboarding/layoffs/{family.code}/documents/")
    assert started.status_code == 202, started.json()
    job = client.get(f"/api/offboarding/jobs/{started.json()['code']}/").json()
    assert job["status"] == Job.Status.DONE and job["done"] == job["total"] == 4
    assert GeneratedDocument.objects.filter(case__family=family).count() == 4
    client.force_login(world.users["hr_admin"])  # not their job
    assert client.get(f"/api/offboarding/jobs/{started.json()['code']}/").status_code == 404
    client.force_login(foreign_hr)
    assert _json(client, "post", f"/api/offboarding/layoffs/{family.code}/documents/").status_code == 404
    client.force_login(world.users["legal"])
    assert _json(client, "post", f"/api/offboarding/layoffs/{family.code}/documents/").status_code == 403


@pytest.fixture
def left(staffed, django_capture_on_commit_callbacks):
    """李四 left yesterday with a certificate; her case is closed."""
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售代表"))
    hr = staffed.users["hrbp_sales"]
    case = in_handover(staffed, separation_date=timezone.localdate() - dt.timedelta(days=1))
    document_services.generate(case, "certificate", acting_user=hr, confirm_early=True)
    document_services.generate(case, "handover_confirmation", acting_user=hr)  # not one she downloads
    finish_offboarding(case, hr)
    services.close_case(case, actor=hr)
    return case


def test_hr_grants_the_former_employee_who_downloads_her_own(client, staffed, left,
                                                             django_capture_on_commit_callbacks):
    client.force_login(staffed.users["manager"])
    assert _json(client, "post", f"/api/offboarding/cases/{left.code}/former-access/",
                 {"email": "a@example.com"}).status_code == 403
    client.force_login(staffed.users["hrbp_sales"])
    bad = _json(client, "post", f"/api/offboarding/cases/{left.code}/former-access/", {"email": "not-mail"})
    assert bad.status_code == 400 and list(bad.json()) == ["email"]
    with django_capture_on_commit_callbacks(execute=True):
        granted = _json(client, "post", f"/api/offboarding/cases/{left.code}/former-access/",
                        {"email": "lisi.home@example.com"})
    assert granted.status_code == 201, granted.json()
    assert mail.outbox[-1].to == ["lisi.home@example.com"]
    assert _json(client, "post", f"/api/offboarding/cases/{left.code}/former-access/",
                 {"email": "lisi.home@example.com"}).status_code == 409
    access = FormerAccess.objects.get(case=left)

    client.force_login(access.user)
    home = client.get("/api/offboarding/former/").json()
    certificate = left.offboarding_documents.get(kind="certificate")
    assert [d["kind"] for d in home["documents"]] == ["certificate"]
    download = client.get(f"/api/offboarding/former/documents/{certificate.code}/")
    assert download.status_code == 200 and b"".join(download.streaming_content).startswith(b"%PDF")
    log = AccessLog.objects.get(actor=access.user)
    assert log.employee_id == staffed.lisi.pk and log.object_id == str(certificate.code)
    assert LedgerEntry.objects.filter(event="former_access.download").count() == 1
    other = left.offboarding_documents.get(kind="handover_confirmation")
    assert client.get(f"/api/offboarding/former/documents/{other.code}/").status_code == 404
    for url in ("/api/cases/", "/api/offboarding/", f"/api/offboarding/cases/{left.code}/"):
        assert client.get(url).status_code in (403, 404), url

    client.force_login(staffed.users["hrbp_sales"])
    revoked = _json(client, "post", f"/api/offboarding/cases/{left.code}/former-access/revoke/")
    assert revoked.status_code == 200 and revoked.json()["revoked_at"]
    client.force_login(access.user)  # a stopped login is signed out
    assert client.get("/api/offboarding/former/").status_code in (403, 404)
    client.force_login(staffed.users["hr_admin"])  # anyone else: there is nothing of theirs here
    assert client.get("/api/offboarding/former/").status_code == 404


def test_a_changed_file_is_not_served_to_the_former_employee(client, staffed, left):
    access = former.grant(left, "lisi.home@example.com", acting_user=staffed.users["hrbp_sales"])
    certificate = left.offboarding_documents.get(kind="certificate")
    with certificate.pdf.open("wb") as handle:
        handle.write(b"%PDF-1.4 changed")
    client.force_login(access.user)
    refused = client.get(f"/api/offboarding/former/documents/{certificate.code}/")
    assert refused.status_code == 409 and "SHA-256" in refused.json()["non_field_errors"][0]
    assert not AccessLog.objects.filter(actor=access.user).exists()


# --- 设置 › 离职办理 ---------------------------------------------------------------------------------------


def test_the_hr_admin_changes_the_settings(client, staffed):
    client.force_login(staffed.users["hr_admin"])
    assert client.get("/api/offboarding/settings/").json()["former_access_days"] == 180
    changed = _json(client, "put", "/api/offboarding/settings/", {
        "wage_proration": "actual", "severance_scope": "compensation", "former_access_days": 90,
        "document_language": "en"})
    assert changed.status_code == 200, changed.json()
    assert OffboardingSettings.for_company(staffed.company.pk).former_access_days == 90
    assert LedgerEntry.objects.filter(event="offboarding_settings.saved").exists()
    bad = _json(client, "put", "/api/offboarding/settings/", {"wage_proration": "lunar", "severance_scope": "x"})
    assert bad.status_code == 400 and {"wage_proration", "severance_scope"} <= set(bad.json())
    client.force_login(staffed.users["hrbp_sales"])
    assert client.get("/api/offboarding/settings/").status_code == 403


def test_the_hr_admin_edits_handover_templates(client, staffed):
    client.force_login(staffed.users["hr_admin"])
    listed = client.get("/api/offboarding/settings/handover-templates/").json()
    assert any(t["shipped_default"] for t in listed)
    assert "系统默认" in client.get("/offboarding/settings/").content.decode()  # the page lists it too
    url = "/api/offboarding/settings/handover-templates/"
    bad = _json(client, "post", url, {"name": "销售部", "items": "在办工作|客户|两天|manager|是"})
    assert bad.status_code == 400 and list(bad.json()) == ["items"]
    made = _json(client, "post", url, {"name": "销售部清单", "case_type": "mutual_employer",
                                       "org_unit": staffed.sales.pk, "items": "work|移交客户|2|manager|是"})
    assert made.status_code == 201, made.json()
    assert made.json()["items"][0]["title"] == "移交客户" and made.json()["org_unit"] == staffed.sales.pk
    template = HandoverTemplate.objects.get(pk=made.json()["id"])
    put = _json(client, "put", f"{url}{template.pk}/", {"name": "销售部清单", "items": "assets|归还电脑|1|hr|否"})
    assert put.status_code == 200 and put.json()["items"][0]["receiver_kind"] == "hr"
    assert put.json()["case_type"] == ""
    shipped = HandoverTemplate.objects.filter(company__isnull=True).first()
    assert client.get(f"{url}{shipped.pk}/").status_code == 404  # the shipped default is not the company's
    client.force_login(staffed.users["hrbp_sales"])
    assert client.get(url).status_code == 403


def test_the_hr_admin_downloads_and_uploads_document_templates(client, staffed):
    client.force_login(staffed.users["hr_admin"])
    download = client.get("/api/offboarding/settings/documents/certificate/template.docx")
    assert download.status_code == 200 and download.content.startswith(b"PK")
    assert client.get("/api/offboarding/settings/documents/nosuch/template.docx").status_code == 404
    url = "/api/offboarding/settings/documents/certificate/upload/"
    not_docx = client.post(url, {"file": SimpleUploadedFile("a.docx", b"not a zip")})
    assert not_docx.status_code == 400 and list(not_docx.json()) == ["file"]
    uploaded = client.post(url, {"file": SimpleUploadedFile("certificate.docx", download.content)})
    assert uploaded.status_code == 201, uploaded.json()
    assert uploaded.json()["version"] == 1
    assert DocumentTemplateVersion.objects.filter(company=staffed.company, kind="certificate").count() == 1
    with zipfile.ZipFile(io.BytesIO(download.content)) as docx:
        assert "word/document.xml" in docx.namelist()
    client.force_login(staffed.users["hrbp_sales"])
    assert client.post(url, {"file": SimpleUploadedFile("c.docx", download.content)}).status_code == 403
