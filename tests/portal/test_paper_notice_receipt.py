"""A resignation notice handed to HR on paper gets the same receipt as one given in the portal: HR
prints it from the case page (to hand to the employee), the employee downloads it in the portal, the
receipt prints HR's record of the notice (date, last day, the scan's SHA-256, when HR recorded it) and
verifies with `farewell ledger verify-package`; a changed fact makes a new record, never a stale receipt."""

from __future__ import annotations

import datetime as dt
import json
import shutil

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseType
from farewell.ledger.models import LedgerEntry
from farewell.portal import receipts
from tests.factories import NOTICE_SCAN, record_notice
from tests.portal.test_resignation_receipt import pdf_text, verify

pytestmark = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) missing")


@pytest.fixture
def paper(staffed):
    """HR recorded 李四's written notice, handed in three days ago, with its scan."""
    return record_notice(staffed.lisi, actor=staffed.users["hrbp_sales"],
                         notice_date=timezone.localdate() - dt.timedelta(days=3))


def _paper_entries(case):
    return LedgerEntry.objects.filter(object_id=str(case.code), event=receipts.PAPER_NOTICE_EVENT)


def test_hr_prints_the_receipt_of_a_paper_notice_from_the_case_page(client, staffed, paper, tmp_path):
    import hashlib

    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{paper.code}/").content.decode()
    assert 'id="case-receipt"' in page
    response = client.post(f"/me/cases/{paper.code}/receipt.pdf")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    words = "".join(pdf_text(response.content, tmp_path).split())
    assert "辞职通知登记" in words and "HR登记时间" in words and staffed.lisi.employee_number in words
    assert paper.notice_date.isoformat() in words and paper.separation_date.isoformat() in words
    assert hashlib.sha256(NOTICE_SCAN).hexdigest() in words  # the scan the record rests on
    entry = _paper_entries(paper).get()
    payload = json.loads(entry.payload)
    opened = LedgerEntry.objects.get(object_id=str(paper.code), event="case.opened")
    assert payload["opened_entry"] == {"seq": opened.seq, "entry_hash": opened.entry_hash}
    assert payload["recorded_by"] == "hr" and entry.actor == staffed.users["hrbp_sales"]
    issued = LedgerEntry.objects.get(event=receipts.RECEIPT_EVENT)
    assert issued.object_id == hashlib.sha256(response.content).hexdigest()
    good = tmp_path / "r.pdf"
    good.write_bytes(response.content)
    assert "document ok" in verify(good)
    package = client.post(f"/me/cases/{paper.code}/receipt.zip")
    path = tmp_path / "r.zip"
    path.write_bytes(package.content)
    assert "2 files and 2 ledger entries match" in verify(path)


def test_the_employee_sees_the_same_receipt_in_the_portal_and_through_the_api(client, staffed, paper):
    client.force_login(staffed.users["employee"])
    assert 'id="receipt-card"' in client.get("/me/").content.decode()
    assert client.post("/me/receipt.pdf").status_code == 200
    assert client.get("/api/me/summary/").json()["has_receipt"] is True
    assert client.post("/api/me/receipt/zip/").status_code == 200
    # One record of the paper notice: the facts did not change between the two receipts.
    assert _paper_entries(paper).count() == 1
    assert LedgerEntry.objects.filter(event=receipts.RECEIPT_EVENT).count() == 2


def test_a_changed_notice_date_makes_a_new_record_and_the_receipt_prints_it(client, staffed, paper, tmp_path):
    client.force_login(staffed.users["hrbp_sales"])
    client.post(f"/me/cases/{paper.code}/receipt.pdf")
    earlier = timezone.localdate() - dt.timedelta(days=5)
    from django.core.files.uploadedfile import SimpleUploadedFile

    services.update_case(paper, actor=staffed.users["hrbp_sales"], notice_date=earlier,
                         notice_evidence=SimpleUploadedFile("通知.pdf", b"%PDF-1.4 second scan", "application/pdf"))
    response = client.post(f"/me/cases/{paper.code}/receipt.pdf")
    assert _paper_entries(paper).count() == 2
    words = "".join(pdf_text(response.content, tmp_path).split())
    assert earlier.isoformat() in words


def test_only_hr_in_scope_prints_it_and_only_for_a_resignation(client, staffed, paper, soon):
    for persona, expected in (("legal", 403), ("manager", 403), ("approver", 403), ("employee", 403)):
        client.force_login(staffed.users[persona])
        assert client.post(f"/me/cases/{paper.code}/receipt.pdf").status_code == expected, persona
    assert not _paper_entries(paper).exists()
    other = services.open_case(staffed.zhaoliu, "mutual_employer", actor=staffed.users["hrbp_sales"],
                               separation_date=soon)
    client.force_login(staffed.users["hrbp_sales"])
    assert client.post(f"/me/cases/{other.code}/receipt.pdf").status_code == 404
    assert 'id="case-receipt"' not in client.get(f"/cases/{other.code}/").content.decode()
    assert paper.case_type == CaseType.RESIGNATION
