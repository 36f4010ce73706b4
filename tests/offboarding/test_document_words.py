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
