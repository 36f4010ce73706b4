"""The former employee (and the portal) is offered the signed agreement — the e-signed file or the wet-signed
scan, its hash checked — never the unsigned draft as if it were the agreement."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from django.utils import timezone

from farewell.accounts.models import AccessLog, User
from farewell.cases import services
from farewell.ledger.models import LedgerEntry
from farewell.offboarding import document_services, esign, esign_services, former
from farewell.offboarding.models import FormerAccess, SignatureRequest
from farewell.org.models import Employee
from tests.factories import make_position
from tests.offboarding.helpers import finish_offboarding

from .conftest import in_handover

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="libreoffice-writer-nogui is needed")

SCAN = b"%PDF-1.4\n% wet-signed scan of the agreement\n%%EOF\n"


def _download(client, url) -> tuple[int, bytes, str]:
    response = client.get(url)
    body = b"".join(response.streaming_content) if response.status_code == 200 else b""
    return response.status_code, body, response.get("Content-Disposition", "")


@pytest.fixture
def left(staffed):
    """李四's mutual agreement drawn up; she left yesterday; her former-employee login opened."""
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售代表"))
    hr = staffed.users["hrbp_sales"]
    case = in_handover(staffed, separation_date=timezone.localdate() - dt.timedelta(days=1))
    document_services.generate(case, "certificate", acting_user=hr, confirm_early=True)
    agreement = document_services.generate(case, "mutual_agreement", acting_user=hr)
    finish_offboarding(case, hr)
    services.close_case(case, actor=hr)
    access = former.grant(case, "lisi.home@example.com", acting_user=hr)
    return case, agreement, access.user


def test_the_unsigned_agreement_is_never_offered(client, left):
    case, agreement, user = left
    client.force_login(user)
    page = client.get("/offboarding/former/").content.decode()
    assert 'data-kind="certificate"' in page and 'data-kind="mutual_agreement"' not in page
    assert 'id="agreement-unsigned"' in page
    assert client.get(f"/offboarding/former/documents/{agreement.code}/").status_code == 404
    assert not AccessLog.objects.exists()


def test_the_wet_signed_scan_is_offered_and_its_download_logged_with_its_hash(client, staffed, left):
    case, agreement, user = left
    sig = esign_services.upload_wet(agreement, SCAN, "协议签字.pdf", acting_user=staffed.users["hrbp_sales"])
    client.force_login(user)
    page = client.get("/offboarding/former/").content.decode()
    assert 'data-kind="mutual_agreement" data-signed="yes"' in page and sig.signed_sha256 in page
    assert 'id="agreement-unsigned"' not in page
    status, body, disposition = _download(client, f"/offboarding/former/documents/{agreement.code}/")
    assert status == 200 and body == SCAN  # the signed scan, not the generated draft
    assert "filename*=utf-8''" in disposition and ".pdf" in disposition
    log = AccessLog.objects.get(actor=user)
    assert log.field == "signed_file" and log.object_id == str(agreement.code)
    payload = json.loads(LedgerEntry.objects.get(event="former_access.download").payload)
    assert payload["signed"] is True and payload["sha256"] == sig.signed_sha256


def test_a_newer_unsigned_draft_does_not_hide_the_signed_agreement(client, staffed, left):
    case, agreement, user = left
    esign_services.upload_wet(agreement, SCAN, "协议签字.pdf", acting_user=staffed.users["hrbp_sales"])
    draft = document_services.generate(case, "mutual_agreement", acting_user=staffed.users["hrbp_sales"])
    [offer] = [o for o in former.offers(case) if o.kind == "mutual_agreement"]
    assert offer.document == agreement and offer.signed
    client.force_login(user)
    assert client.get(f"/offboarding/former/documents/{draft.code}/").status_code == 404
    assert _download(client, f"/offboarding/former/documents/{agreement.code}/")[1] == SCAN


def test_the_e_signed_file_is_offered(client, staffed, left, settings):
    settings.FAREWELL_ESIGN_PROVIDER = "fake"
    settings.FAREWELL_ESIGN_CALLBACK_SECRET = "test-callback-secret"
    case, agreement, user = left
    sig = esign_services.send(agreement, acting_user=staffed.users["hrbp_sales"])
    body, headers = esign.provider().sign(sig.flow_id)
    esign_services.receive_callback("fake", body, headers)
    sig.refresh_from_db()
    with sig.signed_file.open("rb") as handle:
        signed = handle.read()
    client.force_login(user)
    status, data, _disposition = _download(client, f"/offboarding/former/documents/{agreement.code}/")
    assert status == 200 and data == signed and signed != agreement.pdf.open("rb").read()


def test_a_tampered_signed_file_is_refused_not_served(client, staffed, left):
    case, agreement, user = left
    sig = esign_services.upload_wet(agreement, SCAN, "协议签字.pdf", acting_user=staffed.users["hrbp_sales"])
    with open(sig.signed_file.path, "ab") as handle:
        handle.write(b"changed")
    client.force_login(user)
    response = client.get(f"/offboarding/former/documents/{agreement.code}/")
    assert response.status_code == 302 and response["Location"] == "/offboarding/former/"
    assert "文件校验失败" in client.get("/offboarding/former/").content.decode()
    assert not AccessLog.objects.exists()


def test_the_portal_offers_my_signed_agreement_only(client, staffed):
    Employee.objects.filter(pk__in=[staffed.lisi.pk, staffed.zhaoliu.pk]).update(position=make_position(staffed.company, "销售代表"))
    hr = staffed.users["hrbp_sales"]
    case = in_handover(staffed)
    agreement = document_services.generate(case, "mutual_agreement", acting_user=hr)
    certificate = document_services.generate(case, "certificate", acting_user=hr, confirm_early=True)
    client.force_login(staffed.users["employee"])
    assert 'id="my-signed-documents"' not in client.get("/me/").content.decode()
    assert client.get(f"/me/documents/{agreement.code}/").status_code == 404  # the draft: not offered
    sig = esign_services.upload_wet(agreement, SCAN, "协议签字.pdf", acting_user=hr)
    page = client.get("/me/").content.decode()
    assert 'id="my-signed-documents"' in page and sig.signed_sha256 in page
    assert _download(client, f"/me/documents/{agreement.code}/")[:2] == (200, SCAN)
    assert AccessLog.objects.get(actor=staffed.users["employee"]).field == "signed_file"
    assert client.get(f"/me/documents/{certificate.code}/").status_code == 404  # unsigned: the former page's
    # a colleague's signed document is none of hers
    other = in_handover(staffed, employee=staffed.zhaoliu)
    other_agreement = document_services.generate(other, "mutual_agreement", acting_user=hr)
    esign_services.upload_wet(other_agreement, SCAN, "x.pdf", acting_user=hr)
    assert client.get(f"/me/documents/{other_agreement.code}/").status_code == 404
    assert SignatureRequest.objects.count() == 2 and User.objects.filter(former_access__isnull=False).count() == 0
    assert not FormerAccess.objects.exists()
