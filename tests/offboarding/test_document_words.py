"""What the letters say and what their files are called: the facts quoted without a doubled full stop,
a certificate downloaded under the title it bears."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from farewell.offboarding.doc_context import context_for
from farewell.org.models import Employee
from tests.factories import make_position

from .conftest import in_handover


def test_the_notice_quotes_the_facts_without_the_full_stop_hr_typed(staffed):
    case = in_handover(staffed)
    type(case).objects.filter(pk=case.pk).update(reason="双方协商一致解除劳动合同。 ")
    case.refresh_from_db()
    # the template closes the sentence itself: "事实如下：{{ facts }}。依据…" read "…劳动合同。。依据"
    assert context_for(case, "dismissal_notice")["facts"] == "双方协商一致解除劳动合同"
    assert context_for(case, "dismissal_notice", language="en")["facts"] == "双方协商一致解除劳动合同"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")
def test_a_dismissals_certificate_downloads_as_the_dismissal_certificate_it_is(client, staffed):
    case = in_handover(staffed)
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售代表"))
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/offboarding/cases/{case.code}/documents/", {"kind": "certificate", "confirm_early": "on"})
    assert response.status_code == 302
    doc = case.offboarding_documents.get()
    assert doc.context["end_kind"] == "解除"
    for fmt in ("pdf", "docx"):
        disposition = client.get(f"/offboarding/documents/{doc.code}/{fmt}/")["Content-Disposition"]
        # the label is 解除/终止劳动合同证明书: Django kept what follows the "/", so it read 终止劳动合同证明书
        assert quote(f"解除劳动合同证明书-{staffed.lisi.name}.{fmt}") in disposition, disposition


def test_a_mutual_agreement_is_not_offered_a_unilateral_dismissal_notice(client, staffed):
    """The notice reads 本单位决定与您解除劳动合同 … 如对本决定有异议 … 仲裁: on a mutual case (LCL 36) that letter on
    file is what an arbitrator reads as a dismissal without a ground if the agreement is never signed (LCL 87).
    The agreement and the certificate are offered; the notice is refused by the service and not on the page."""
    from farewell.offboarding import document_services

    case = in_handover(staffed)
    kinds = document_services.kinds_for(case)
    assert "mutual_agreement" in kinds and "certificate" in kinds and "dismissal_notice" not in kinds
    with pytest.raises(document_services.DocumentError):
        document_services.prepare(case, "dismissal_notice")
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "协商解除劳动合同协议书" in page and "解除劳动合同通知书" not in page


def _incompetence(case, *, notice_date, days):
    import datetime as dt

    from django.utils import timezone

    facts = dict(case.facts, notice_given_days=days) if days is not None else {
        k: v for k, v in case.facts.items() if k != "notice_given_days"}
    type(case).objects.filter(pk=case.pk).update(
        ground="incompetence", notice_date=timezone.localdate() + dt.timedelta(days=notice_date)
        if notice_date is not None else None, facts=facts)
    case.refresh_from_db()
    return case


def test_the_notice_says_which_route_the_employer_took_never_both(staffed):
    """New-user check: the letter read 本单位已提前三十日书面通知您，或额外支付一个月工资 on a case recording 32 days'
    notice — the employee (and an arbitrator) must read the one route the case took (LCL 40; Reg. 20)."""
    case = _incompetence(in_handover(staffed), notice_date=3, days=32)
    text = context_for(case, "dismissal_notice")["notice_text"]
    assert "提前32日" in text and "代通知金" not in text and "或" not in text
    assert "32 days in advance" in context_for(case, "dismissal_notice", language="en")["notice_text"]
    for days in (None, 0, 29):  # under thirty days (or none recorded): the month's wage in lieu
        # (no 书面通知日 with no count: a date alone counts its days to the last day, test_notice_days_document)
        case = _incompetence(case, notice_date=3 if days is not None else None, days=days)
        text = context_for(case, "dismissal_notice")["notice_text"]
        assert "代通知金" in text and "提前" not in text, (days, text)
    case = _incompetence(case, notice_date=3, days=30)  # exactly thirty days is notice given
    assert "提前30日" in context_for(case, "dismissal_notice")["notice_text"]


def test_the_notice_is_dated_the_day_it_is_served_never_a_day_past(staffed):
    import datetime as dt

    from django.utils import timezone

    from farewell.offboarding.doc_context import Writer

    w, today = Writer("zh-hans"), timezone.localdate()
    case = in_handover(staffed)
    ahead = _incompetence(case, notice_date=21, days=32)  # prepared three weeks before it is handed over
    assert context_for(ahead, "dismissal_notice")["issue_date"] == w.date(today + dt.timedelta(days=21))
    past = _incompetence(case, notice_date=-5, days=32)  # generated late: today, not backdated
    assert context_for(past, "dismissal_notice")["issue_date"] == w.date(today)
    unset = _incompetence(case, notice_date=None, days=None)
    assert context_for(unset, "dismissal_notice")["issue_date"] == w.date(today)
