"""The resignation receipt: the notice's text is on the ledger from the moment it is given; the
receipt (a real PDF, read with pdftotext) carries the time received, the text, its SHA-256 and the
entry's seq and hash; `farewell ledger verify-package` accepts the PDF and the receipt package and
refuses either when a byte changed."""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from farewell.cases.models import SeparationCase
from farewell.common.labels import local_time
from farewell.ledger.canonical import sha256_hex
from farewell.ledger.models import LedgerEntry
from farewell.ledger.package import DOCUMENT_TYPE
from farewell.portal import receipts

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) missing")


@pytest.fixture
def lisi(client, staffed):
    client.force_login(staffed.users["employee"])
    return client


def give(client, reason="个人发展，感谢栽培"):
    return client.post("/me/resign/", {"reason": reason, "confirm": "on"}, follow=True)


def pdf_text(data: bytes, tmp_path) -> str:
    path = tmp_path / "r.pdf"
    path.write_bytes(data)
    return subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True).stdout.decode()


def verify(path) -> str:
    out = StringIO()
    call_command("ledger", "verify-package", str(path), stdout=out)
    return out.getvalue()


def test_the_notice_text_is_recorded_with_the_case(lisi, staffed):
    assert give(lisi).status_code == 200
    case = SeparationCase.objects.get(employee=staffed.lisi)
    entry = receipts.notice_entry(case)
    payload = json.loads(entry.payload)
    assert payload["sha256"] == sha256_hex(payload["text"]) and payload["basis"] == "LCL 37"
    assert "个人发展，感谢栽培" in payload["text"] and staffed.lisi.employee_number in payload["text"]
    assert "第三十七条" in payload["text"] and case.separation_date.isoformat() in payload["text"]
    assert entry.actor == staffed.users["employee"] and entry.object_id == str(case.code)


def test_the_receipt_pdf_says_when_what_and_which_entry(lisi, staffed, tmp_path):
    give(lisi)
    case = SeparationCase.objects.get(employee=staffed.lisi)
    notice = receipts.notice_entry(case)
    text = json.loads(notice.payload)["text"]
    page = lisi.get("/me/").content.decode()
    assert 'id="receipt-card"' in page
    response = lisi.post("/me/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    data = response.content
    words = "".join(pdf_text(data, tmp_path).split())  # pdftotext breaks long hashes over lines
    assert "辞职通知回执" in words and staffed.lisi.name in words
    assert local_time(notice.timestamp, "%Y-%m-%d%H:%M:%S") in words  # the time received (Beijing time)
    assert "个人发展，感谢栽培" in words and "第三十七条" in words
    assert sha256_hex(text) in words and notice.entry_hash in words and str(notice.seq) in words
    # The receipt's own SHA-256 is on the ledger, as the object id of its issue entry.
    issued = LedgerEntry.objects.get(event=receipts.RECEIPT_EVENT)
    assert issued.object_type == DOCUMENT_TYPE and issued.object_id == hashlib.sha256(data).hexdigest()
    assert issued.actor == staffed.users["employee"]


def test_verify_package_accepts_the_pdf_and_refuses_a_changed_byte(lisi, staffed, tmp_path):
    give(lisi)
    data = lisi.post("/me/receipt.pdf").content
    good = tmp_path / "receipt.pdf"
    good.write_bytes(data)
    assert "document ok" in verify(good)
    tampered = tmp_path / "tampered.pdf"
    changed = bytearray(data)
    changed[len(changed) // 2] ^= 0x01
    tampered.write_bytes(bytes(changed))
    with pytest.raises(CommandError, match="document altered: no document with SHA-256"):
        verify(tampered)
    # Without the installation's ledger a bare PDF cannot be vouched for: said so, not passed.
    with pytest.raises(CommandError, match="carries no manifest"):
        call_command("ledger", "verify-package", str(good), "--without-ledger", stdout=StringIO())


def test_the_receipt_package_verifies_alone_and_against_the_ledger_and_fails_when_changed(lisi, staffed, tmp_path):
    give(lisi)
    response = lisi.post("/me/receipt.zip")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    package = tmp_path / "receipt.zip"
    package.write_bytes(response.content)
    assert "2 files and 2 ledger entries match" in verify(package)
    out = StringIO()
    call_command("ledger", "verify-package", str(package), "--without-ledger", stdout=out)
    assert "package ok" in out.getvalue()
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        members = {name: archive.read(name) for name in archive.namelist()}
    assert set(members) == {"receipt.pdf", "notice.txt", "manifest.json"}
    notice = receipts.notice_entry(SeparationCase.objects.get(employee=staffed.lisi))
    assert sha256_hex(members["notice.txt"]) == json.loads(notice.payload)["sha256"]
    # The PDF inside is a receipt on its own too.
    inner = tmp_path / "inner.pdf"
    inner.write_bytes(members["receipt.pdf"])
    assert "document ok" in verify(inner)
    for name, change in (("notice.txt", lambda b: b.replace("个人发展".encode(), "公司辞退".encode())),
                         ("receipt.pdf", lambda b: b[:-10] + b"%%EOF\n    ")):
        altered = dict(members)
        altered[name] = change(members[name])
        assert altered[name] != members[name]
        path = tmp_path / f"altered-{name}.zip"
        with zipfile.ZipFile(path, "w") as archive:
            for member, data in altered.items():
                archive.writestr(member, data)
        with pytest.raises(CommandError, match=f"package altered: {name}"):
            verify(path)


def test_no_receipt_without_a_notice_given_in_the_portal(lisi, staffed):
    assert 'id="receipt-card"' not in lisi.get("/me/").content.decode()
    assert lisi.post("/me/receipt.pdf").status_code == 404
    assert lisi.post("/me/receipt.docx").status_code == 404


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales", "auditor", "outsider"])
def test_only_the_employee_takes_their_receipt(client, staffed, persona):
    client.force_login(staffed.users["employee"])
    give(client)
    client.force_login(staffed.users[persona])
    assert client.post("/me/receipt.pdf").status_code == 403
    assert not LedgerEntry.objects.filter(event=receipts.RECEIPT_EVENT).exists()
