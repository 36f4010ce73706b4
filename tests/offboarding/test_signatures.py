"""Signatures: the e-sign fake's round trip (flow, signer page, signed callback, signed PDF hashed into the
ledger), a forged callback refused, a tampered signed PDF detected, the wet-signature path."""

from __future__ import annotations

import io
import json
import shutil
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.ledger.models import LedgerEntry
from farewell.offboarding import document_services, esign, esign_services
from farewell.offboarding.models import SignatureRequest, SignatureStatus
from farewell.org.models import Employee
from tests.factories import make_position

from .conftest import in_handover

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="libreoffice-writer-nogui is needed")


@pytest.fixture
def fake_esign(settings):
    settings.FAREWELL_ESIGN_PROVIDER = "fake"
    settings.FAREWELL_ESIGN_CALLBACK_SECRET = "test-callback-secret"


@pytest.fixture
def agreement(staffed):
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售主管"))
    case = in_handover(staffed)
    return document_services.generate(case, "mutual_agreement", acting_user=staffed.users["hrbp_sales"])


def test_the_fake_round_trip_signs_and_hashes_the_signed_pdf(client, staffed, agreement, fake_esign):
    client.force_login(staffed.users["hrbp_sales"])
    client.post(f"/offboarding/documents/{agreement.code}/sign/")
    sig = SignatureRequest.objects.get(document=agreement)
    assert sig.status == SignatureStatus.SENT and sig.signer_url == f"/offboarding/esign-fake/{sig.flow_id}/"
    # the employee finds it on 交接 and signs on the provider's page; nobody else may
    client.force_login(staffed.users["manager"])
    assert client.get(sig.signer_url).status_code == 403
    client.force_login(staffed.users["employee"])
    assert f'data-sign="{sig.code}"' in client.get("/offboarding/").content.decode()
    assert client.get(f"{sig.signer_url}document.pdf").status_code == 200
    client.post(sig.signer_url, {"decision": "sign"})
    sig.refresh_from_db()
    assert sig.status == SignatureStatus.SIGNED and len(sig.signed_sha256) == 64
    entry = json.loads(LedgerEntry.objects.get(event="signature.completed").payload)
    assert entry["sha256"] == sig.signed_sha256
    assert esign_services.verify(sig)
    client.force_login(staffed.users["hrbp_sales"])
    assert client.get(f"/offboarding/signatures/{sig.code}/signed/").status_code == 200
    # the signed PDF goes into the evidence package, vouched for by its ledger entry
    from farewell.talks.evidence import build_package

    _name, data = build_package(agreement.case, actor=staffed.users["hrbp_sales"])
    assert any(n.startswith("signed/mutual_agreement-") for n in zipfile.ZipFile(io.BytesIO(data)).namelist())


def test_a_tampered_signed_pdf_is_detected(client, staffed, agreement, fake_esign):
    sig = esign_services.send(agreement, acting_user=staffed.users["hrbp_sales"])
    body, headers = esign.provider().sign(sig.flow_id)
    esign_services.receive_callback("fake", body, headers)
    sig.refresh_from_db()
    path = sig.signed_file.path
    with open(path, "ab") as handle:
        handle.write(b"% one more line")
    assert not esign_services.verify(sig)
    client.force_login(staffed.users["hrbp_sales"])
    assert client.get(f"/offboarding/signatures/{sig.code}/signed/").status_code == 403


def test_a_forged_or_repeated_callback_changes_nothing(staffed, agreement, fake_esign):
    sig = esign_services.send(agreement, acting_user=staffed.users["hrbp_sales"])
    body, headers = esign.provider().sign(sig.flow_id)
    with pytest.raises(esign.CallbackRefused):
        esign_services.receive_callback("fake", body, {esign.SIGNATURE_HEADER: "sha256=" + "0" * 64})
    forged = body.replace(b'"ALL"', b'"REJECT"')
    with pytest.raises(esign.CallbackRefused):
        esign_services.receive_callback("fake", forged, headers)
    sig.refresh_from_db()
    assert sig.status == SignatureStatus.SENT
    esign_services.receive_callback("fake", body, headers)
    esign_services.receive_callback("fake", body, headers)
    assert LedgerEntry.objects.filter(event="signature.completed").count() == 1


def test_a_rejection_is_recorded(client, staffed, agreement, fake_esign):
    sig = esign_services.send(agreement, acting_user=staffed.users["hrbp_sales"])
    client.force_login(staffed.users["employee"])
    client.post(sig.signer_url, {"decision": "reject"})
    sig.refresh_from_db()
    assert sig.status == SignatureStatus.REJECTED and LedgerEntry.objects.filter(event="signature.rejected").exists()


def test_without_a_provider_e_signature_is_off(staffed, agreement, settings):
    settings.FAREWELL_ESIGN_PROVIDER = ""
    with pytest.raises(esign_services.SignatureError, match="未配置"):
        esign_services.send(agreement, acting_user=staffed.users["hrbp_sales"])


def test_a_wet_signed_scan_is_hashed_and_only_a_scan_is_taken(client, staffed, agreement):
    client.force_login(staffed.users["hrbp_sales"])
    client.post(f"/offboarding/documents/{agreement.code}/wet-signature/",
                {"file": SimpleUploadedFile("协议.exe", b"MZ not a scan")})
    assert not SignatureRequest.objects.exists()
    scan = b"%PDF-1.4 signed on paper"
    client.post(f"/offboarding/documents/{agreement.code}/wet-signature/", {"file": SimpleUploadedFile("协议.pdf", scan)})
    sig = SignatureRequest.objects.get(provider="wet")
    import hashlib

    assert sig.signed_sha256 == hashlib.sha256(scan).hexdigest() and esign_services.verify(sig)
    assert json.loads(LedgerEntry.objects.get(event="signature.wet_uploaded").payload)["sha256"] == sig.signed_sha256
    client.force_login(staffed.users["manager"])
    assert client.post(f"/offboarding/documents/{agreement.code}/wet-signature/",
                       {"file": SimpleUploadedFile("x.pdf", scan)}).status_code == 403
