"""A layoff batch's per-document problems are kept as message ids and values, worded when the job page is read,
in the reader's language: they were worded in the worker's (a Chinese worker's text on an English page)."""

from __future__ import annotations

import pytest

from farewell.cases import services
from farewell.cases.models import CaseFamily, CaseStatus, SeparationCase
from farewell.common.models import Job
from farewell.offboarding import document_services
from farewell.org.models import Employee
from tests.factories import make_employee, make_position


@pytest.fixture
def no_libreoffice(monkeypatch):
    """The conversion is not what this tests (tests/offboarding/test_batch.py runs LibreOffice)."""
    monkeypatch.setattr(document_services, "docx_to_pdf_many",
                        lambda documents, progress=None: {stem: b"%PDF-1.4 test" for stem, _docx in documents})


def test_a_members_problem_is_kept_as_words_and_shown_in_the_readers_language(client, staffed, soon, no_libreoffice):
    world = staffed
    position = make_position(world.company, "销售代表")
    family = CaseFamily.objects.create(company=world.company, title="2027年销售部调整")
    member = make_employee(world.sales, "成员甲", manager=world.boss, position=position)
    case = services.open_case(member, "layoff", actor=world.users["hrbp_sales"], separation_date=soon, family=family)
    SeparationCase.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    Employee.objects.filter(pk=member.pk).update(position=None)  # its certificate cannot be filled
    client.force_login(world.users["hrbp_sales"])
    client.post(f"/offboarding/layoff/{family.code}/documents/")
    job = Job.objects.get(kind="offboarding.documents")
    assert job.status == Job.Status.DONE
    [error] = job.errors
    assert error["m"] == document_services.BATCH_DOCUMENT_REFUSED
    assert error["p"]["name"] == "成员甲" and error["p"]["kind"] == {"m": "解除/终止劳动合同证明书"}
    assert error["p"]["problem"]["m"] == "以下字段为空，文书不能生成：%(list)s"
    chinese = client.get(f"/offboarding/jobs/{job.code}/").content.decode()
    assert "成员甲 解除/终止劳动合同证明书：以下字段为空，文书不能生成：position" in chinese
    client.cookies["django_language"] = "en"
    english = client.get(f"/offboarding/jobs/{job.code}/").content.decode()
    assert "These fields are empty, so the document cannot be generated: position" in english
    assert "以下字段为空" not in english
