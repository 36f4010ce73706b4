"""The separation certificate before the separation date (LCL 50 ¶1: issued 在解除或者终止劳动合同时): HR is
warned and must confirm, and the certificate is dated the separation date, never a day the contract still ran."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.common.documents import DocumentError
from farewell.offboarding import document_services
from farewell.offboarding.doc_context import context_for
from farewell.offboarding.models import GeneratedDocument

from .conftest import in_handover

pytestmark = pytest.mark.django_db


def _day(d: dt.date) -> str:
    return f"{d.year}年{d.month}月{d.day}日"


def test_a_certificate_before_the_separation_date_needs_a_confirmation(staffed):
    case = in_handover(staffed)
    assert case.separation_date > timezone.localdate()
    with pytest.raises(DocumentError, match="第五十条第一款"):
        document_services.generate(case, "certificate", acting_user=staffed.users["hrbp_sales"])
    assert not GeneratedDocument.objects.filter(case=case).exists()


def test_an_early_certificate_is_dated_the_separation_date(staffed):
    case = in_handover(staffed)
    context = context_for(case, "certificate")
    assert context["issue_date"] == context["last_day"] == _day(case.separation_date)
    # other documents (an agreement signed before the last day) keep today's date
    assert context_for(case, "mutual_agreement")["issue_date"] == _day(timezone.localdate())


def test_a_certificate_after_the_separation_date_is_dated_the_day_it_is_issued(staffed):
    case = in_handover(staffed, separation_date=timezone.localdate() - dt.timedelta(days=3))
    assert context_for(case, "certificate")["issue_date"] == _day(timezone.localdate())
    assert not document_services.certificate_early(case)


def test_the_page_warns_and_the_refusal_says_why(client, staffed):
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="certificate-early"' in page and 'name="confirm_early"' in page
    assert f"离职日为 {case.separation_date.isoformat()}" in page
    response = client.post(f"/offboarding/cases/{case.code}/documents/", {"kind": "certificate"}, follow=True)
    assert "第五十条第一款" in response.content.decode()
    assert not GeneratedDocument.objects.filter(case=case).exists()


def test_the_api_refuses_an_unconfirmed_early_certificate(client, staffed):
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/api/offboarding/cases/{case.code}/documents/", {"kind": "certificate"},
                           content_type="application/json")
    assert response.status_code == 409 and "第五十条第一款" in response.content.decode()
