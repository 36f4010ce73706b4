"""Issue 12: a notice of resignation from the portal is dated today; HR may record a written notice
received earlier, but only with its scan (SHA-256 in the ledger), and the case shows it as such."""

from __future__ import annotations

import datetime as dt
import hashlib
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType, SeparationCase
from farewell.cases.notices import NoticeError
from farewell.ledger.models import LedgerEntry
from tests.factories import NOTICE_SCAN, record_notice

SCAN = b"%PDF-1.4 scanned letter: I resign"


def _scan(content=SCAN, name="辞职信.pdf", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


def _opened(case):
    entry = LedgerEntry.objects.get(object_id=str(case.code), event="case.opened")
    return json.loads(entry.payload)


def test_hr_records_an_earlier_notice_with_its_scan(staffed):
    world = staffed
    day = timezone.localdate() - dt.timedelta(days=6)
    case = services.open_case(world.lisi, CaseType.RESIGNATION, actor=world.users["hrbp_sales"],
                              notice_date=day, notice_evidence=_scan())
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTICE_RECEIVED
    assert case.notice_date == day and case.separation_date == day + dt.timedelta(days=30)
    assert case.notice_recorded_later
    assert case.notice_evidence == "辞职信.pdf"
    assert case.notice_evidence_sha256 == hashlib.sha256(SCAN).hexdigest()
    opened = _opened(case)
    assert opened["notice_date"] == day.isoformat()
    assert opened["notice_evidence_sha256"] == hashlib.sha256(SCAN).hexdigest()


def test_an_earlier_notice_without_its_scan_is_refused_naming_the_field(staffed):
    world = staffed
    with pytest.raises(NoticeError) as refused:
        services.open_case(world.lisi, CaseType.RESIGNATION, actor=world.users["hrbp_sales"],
                           notice_date=timezone.localdate() - dt.timedelta(days=1))
    assert refused.value.field == "notice_evidence" and "扫描件" in str(refused.value)
    assert not SeparationCase.objects.filter(employee=world.lisi).exists()


def test_a_notice_dated_today_needs_no_scan_and_is_not_marked(staffed):
    world = staffed
    case = services.open_case(world.lisi, CaseType.RESIGNATION, actor=world.users["hrbp_sales"],
                              notice_date=timezone.localdate())
    assert not case.notice_recorded_later and not case.notice_evidence


def test_a_notice_dated_tomorrow_is_refused_even_with_a_scan(staffed):
    world = staffed
    with pytest.raises(NoticeError) as refused:
        services.open_case(world.lisi, CaseType.RESIGNATION, actor=world.users["hrbp_sales"],
                           notice_date=timezone.localdate() + dt.timedelta(days=1), notice_evidence=_scan())
    assert refused.value.field == "notice_date"


def test_the_portal_path_never_takes_a_past_date_even_through_the_service(staffed):
    world = staffed
    with pytest.raises(NoticeError):
        services.give_notice(world.lisi, actor=world.users["employee"],
                             notice_date=timezone.localdate() - dt.timedelta(days=3))


def test_a_scan_that_is_not_what_it_claims_is_refused(staffed):
    world = staffed
    with pytest.raises(NoticeError) as refused:
        services.open_case(world.lisi, CaseType.RESIGNATION, actor=world.users["hrbp_sales"],
                           notice_date=timezone.localdate() - dt.timedelta(days=2),
                           notice_evidence=_scan(b"MZ not a pdf"))
    assert refused.value.field == "notice_evidence"


def test_moving_the_notice_date_earlier_later_needs_the_scan(staffed):
    world = staffed
    hr = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.RESIGNATION, actor=hr, notice_date=timezone.localdate())
    earlier = timezone.localdate() - dt.timedelta(days=4)
    with pytest.raises(NoticeError):
        services.update_case(case, actor=hr, notice_date=earlier)
    case.refresh_from_db()
    assert case.notice_date == timezone.localdate()
    services.update_case(case, actor=hr, notice_date=earlier, notice_evidence=_scan())
    case.refresh_from_db()
    assert case.notice_date == earlier and case.notice_evidence_sha256 == hashlib.sha256(SCAN).hexdigest()
    updated = [json.loads(e.payload) for e in LedgerEntry.objects.filter(object_id=str(case.code),
                                                                          event="case.updated")]
    assert updated[-1]["changes"]["notice_evidence_sha256"] == hashlib.sha256(SCAN).hexdigest()
    # Once the scan is on file, another earlier date needs no second upload.
    services.update_case(case, actor=hr, notice_date=earlier - dt.timedelta(days=1))


class TestPages:
    def test_hr_opens_an_earlier_notice_on_the_page_and_the_case_shows_it(self, staffed, client):
        world = staffed
        client.force_login(world.users["hrbp_sales"])
        day = timezone.localdate() - dt.timedelta(days=5)
        url = f"/cases/open/{world.lisi.code}/"
        refused = client.post(url, {"case_type": "resignation", "notice_date": day.isoformat()})
        assert refused.status_code == 200
        page = refused.content.decode()
        assert 'id="id_notice_evidence_error"' in page and "扫描件" in page
        response = client.post(url, {"case_type": "resignation", "notice_date": day.isoformat(),
                                     "notice_evidence": _scan()})
        assert response.status_code == 302
        case = SeparationCase.objects.get(employee=world.lisi)
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert 'id="notice-recorded-later"' in page and 'id="notice-evidence-link"' in page
        download = client.get(f"/cases/{case.code}/notice-evidence/")
        assert download.status_code == 200 and b"".join(download.streaming_content) == SCAN

    def test_the_scan_is_not_served_outside_the_case_scope(self, staffed, client):
        world = staffed
        case = record_notice(world.lisi, actor=world.users["hrbp_sales"],
                             notice_date=timezone.localdate() - dt.timedelta(days=2))
        url = f"/cases/{case.code}/notice-evidence/"
        for persona, expected in (("outsider", 404), ("employee", 403), ("auditor", 404), ("legal", 200)):
            client.force_login(world.users[persona])
            assert client.get(url).status_code == expected, persona
        assert NOTICE_SCAN  # the factory's scan is what was stored
        client.logout()
        assert client.get(url).status_code == 302


def test_a_date_before_the_hire_date_is_an_error_on_its_field(staffed, client):
    """Walkthrough: a separation date before hire came back as the engine's English words, on no field."""
    world = staffed
    client.force_login(world.users["hr_admin"])
    before = world.lisi.hire_date.replace(year=world.lisi.hire_date.year - 3)
    response = client.post(f"/cases/open/{world.lisi.code}/", {"case_type": "mutual_employer",
                                                                 "separation_date": before.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_separation_date_error"' in page
    assert f"{before.isoformat()} 早于入职日期 {world.lisi.hire_date.isoformat()}" in page
    assert "before hire_date" not in page
    assert not SeparationCase.objects.filter(employee=world.lisi).exists()


def test_a_last_working_day_after_the_contract_ends_is_an_error_on_its_field(staffed, client):
    """New-user check: a last working day a month after the separation date opened a case marked 合法."""
    world = staffed
    client.force_login(world.users["hr_admin"])
    separation = timezone.localdate() + dt.timedelta(days=40)
    url = f"/cases/open/{world.lisi.code}/"
    late = separation + dt.timedelta(days=1)
    response = client.post(url, {"case_type": "mutual_employer", "separation_date": separation.isoformat(),
                                 "last_working_day": late.isoformat()})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_last_working_day_error"' in page
    assert f"{late.isoformat()} 晚于劳动合同解除/终止日 {separation.isoformat()}" in page
    assert not SeparationCase.objects.filter(employee=world.lisi).exists()
    response = client.post(url, {"case_type": "mutual_employer", "separation_date": separation.isoformat(),
                                 "last_working_day": separation.isoformat()})  # the same day is the usual case
    assert response.status_code == 302 and SeparationCase.objects.filter(employee=world.lisi).exists()


def test_an_amount_beyond_the_engine_bound_is_an_error_on_its_field(staffed, client):
    """New-user check: 1e30 as the negotiated extra came back as the engine's English sentence, on no field."""
    world = staffed
    client.force_login(world.users["hr_admin"])
    separation = timezone.localdate() + dt.timedelta(days=40)
    response = client.post(f"/cases/open/{world.lisi.code}/", {
        "case_type": "mutual_employer", "separation_date": separation.isoformat(), "extra_compensation": "1e30"})
    page = response.content.decode()
    assert response.status_code == 200 and 'id="id_extra_compensation_error"' in page
    assert "must be below" not in page and "extra_compensation" not in page.split('id="id_extra_compensation_error"')[1][:300]
    assert not SeparationCase.objects.filter(employee=world.lisi).exists()
