"""A download's file name keeps the whole employee name: Django's FileResponse keeps only what follows the last
"/", so "李/四" arrived as "四-…"; "/", "\\" and control characters become "_", the Chinese stays (RFC 5987)."""

from __future__ import annotations

import shutil
from urllib.parse import quote

import pytest

from farewell.common.filenames import download_name
from farewell.org.models import Employee
from tests.factories import make_position

from .conftest import in_handover


def test_separators_and_control_characters_become_underscores():
    assert download_name("解除劳动合同证明书-李/四\\五\x07.pdf") == "解除劳动合同证明书-李_四_五_.pdf"
    assert download_name("/") == "_"
    assert download_name("") == "download"


@pytest.mark.skipif(shutil.which("soffice") is None, reason="LibreOffice is needed")
def test_a_name_with_a_slash_is_downloaded_whole(client, staffed):
    Employee.objects.filter(pk=staffed.lisi.pk).update(name="李/四",
                                                       position=make_position(staffed.company, "销售代表"))
    case = in_handover(staffed)
    client.force_login(staffed.users["hrbp_sales"])
    response = client.post(f"/offboarding/cases/{case.code}/documents/", {"kind": "certificate", "confirm_early": "on"})
    assert response.status_code == 302
    doc = case.offboarding_documents.get()
    disposition = client.get(f"/offboarding/documents/{doc.code}/docx/")["Content-Disposition"]
    assert f"filename*=utf-8''{quote('解除劳动合同证明书-李_四.docx')}" in disposition, disposition
