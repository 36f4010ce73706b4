"""A document whose kind the case is not offered (a mutual case's 解除劳动合同通知书 generated before 0cd0d54) is
kept, and the case's documents list says it does not fit the case type."""

from __future__ import annotations

from .conftest import in_handover


def test_a_mutual_case_s_old_dismissal_notice_is_marked_as_not_fitting(client, staffed):
    """A mutual case that holds a 解除劳动合同通知书 generated before it was refused keeps it (a record), and the
    documents list says it does not fit the case type; the case's own documents carry no such note."""
    from farewell.offboarding.models import GeneratedDocument

    case = in_handover(staffed)
    for kind in ("dismissal_notice", "certificate"):
        GeneratedDocument.objects.create(case=case, kind=kind, template_sha256="0" * 64, docx_sha256="0" * 64,
                                         docx=f"{kind}.docx", pdf=f"{kind}.pdf", pdf_sha256="0" * 64)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'data-unfit="dismissal_notice"' in page and 'data-unfit="certificate"' not in page
    assert "本文书与案件类型（协商一致（单位提出））不符" in page
