"""An early separation certificate (confirm_early: generated before the separation date and dated that day) is
marked for reissue when the case's separation date changes afterwards (new-user check); so is any document that
states the last day. The state: current → stale (needs reissue) → replaced by a new one, which is current."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType
from farewell.offboarding import document_services
from farewell.org.models import Employee
from tests.factories import make_position

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _no_libreoffice(monkeypatch):
    # The PDF is not what is tested here (test_documents.py renders it with LibreOffice).
    monkeypatch.setattr(document_services, "docx_to_pdf_many",
                        lambda pairs, **_kw: {name: b"%PDF-1.4 test" for name, _docx in pairs})


@pytest.fixture
def resignation(staffed):
    """李四's resignation, notice received today: the documents can be made and the dates still change."""
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售主管"))
    staffed.lisi.refresh_from_db()
    case = services.open_case(staffed.lisi, CaseType.RESIGNATION, actor=staffed.users["hrbp_sales"],
                              notice_date=timezone.localdate())
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTICE_RECEIVED
    return case


def _certificate(case, staffed):
    return document_services.generate(case, "certificate", acting_user=staffed.users["hrbp_sales"],
                                      confirm_early=True)


def _marks(case):
    case.refresh_from_db()
    return [(d.kind, d.stale, d.reissue) for d in document_services.documents_of(case)]


def test_an_early_certificate_needs_reissue_once_the_separation_date_changes(staffed, resignation):
    hr = staffed.users["hrbp_sales"]
    first = _certificate(resignation, staffed)
    day = resignation.separation_date
    assert first.context["issue_date"] == first.context["last_day"] == f"{day.year}年{day.month}月{day.day}日"
    assert _marks(resignation) == [("certificate", False, False)]

    earlier = day - dt.timedelta(days=10)  # the employee and the company agree on an earlier last day
    services.update_case(resignation, actor=hr, separation_date=earlier)
    assert _marks(resignation) == [("certificate", True, True)]

    _certificate(resignation, staffed)  # generated again: the new one is current, the old one replaced
    assert _marks(resignation) == [("certificate", False, False), ("certificate", True, False)]

    services.update_case(resignation, actor=hr, separation_date=day)  # back to the first date
    assert _marks(resignation) == [("certificate", True, True), ("certificate", False, False)]


def test_the_case_page_and_the_api_say_it(client, staffed, resignation):
    hr = staffed.users["hrbp_sales"]
    document = _certificate(resignation, staffed)
    services.update_case(resignation, actor=hr, separation_date=resignation.separation_date - dt.timedelta(days=5))
    resignation.refresh_from_db()
    client.force_login(hr)
    page = client.get(f"/cases/{resignation.code}/").content.decode()
    assert 'data-stale="reissue"' in page
    assert f"离职日已改为 {resignation.separation_date:%Y-%m-%d}：本文书所载日期已失效，须重新生成" in page
    listed = client.get(f"/api/offboarding/cases/{resignation.code}/documents/").json()
    assert [(d["code"], d["stale"], d["needs_reissue"]) for d in listed] == [(str(document.code), True, True)]


def test_an_english_document_is_read_in_its_own_words(staffed, resignation):
    from farewell.offboarding.doc_context import en_date
    from farewell.offboarding.models import GeneratedDocument

    day = resignation.separation_date
    document = GeneratedDocument(case=resignation, kind="certificate", context={"last_day": en_date(day)})
    assert not document_services.states_another_last_day(document, resignation)
    document.context["last_day"] = en_date(day + dt.timedelta(days=1))
    assert document_services.states_another_last_day(document, resignation)
    # a document that states no last day is never stale on it
    assert not document_services.states_another_last_day(GeneratedDocument(context={}), resignation)
