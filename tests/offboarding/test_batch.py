"""A layoff batch's documents: one background job, one LibreOffice process, progress in common.Job."""

from __future__ import annotations

import shutil
import subprocess

import pytest

from farewell.cases import services
from farewell.cases.models import CaseFamily, CaseStatus, SeparationCase
from farewell.common import documents as common_documents
from farewell.common.models import Job
from farewell.offboarding.models import GeneratedDocument
from farewell.org.models import Employee
from tests.factories import make_employee, make_position

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None, reason="libreoffice-writer-nogui is needed")


def test_a_family_gets_its_documents_as_one_job_in_one_libreoffice_process(client, staffed, soon, monkeypatch):
    world = staffed
    position = make_position(world.company, "销售代表")
    family = CaseFamily.objects.create(company=world.company, title="2027年销售部调整")
    members = [make_employee(world.sales, f"成员{n}", manager=world.boss, position=position) for n in range(4)]
    for employee in members:
        case = services.open_case(employee, "layoff", actor=world.users["hrbp_sales"], separation_date=soon,
                                  family=family)
        # the batch needs decided cases; the approval itself is tested in tests/cases
        SeparationCase.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    Employee.objects.filter(pk=members[0].pk).update(position=None)  # its certificate cannot be filled
    calls = []
    real = subprocess.Popen
    monkeypatch.setattr(common_documents.subprocess, "Popen",
                        lambda command, *a, **kw: calls.append(command) or real(command, *a, **kw))
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/offboarding/layoff/{family.code}/documents/")
    job = Job.objects.get(kind="offboarding.documents")
    assert response.status_code == 302 and response["Location"] == f"/offboarding/jobs/{job.code}/"
    assert job.status == Job.Status.DONE and job.done == job.total == 7  # 4 notices + 3 certificates
    assert len(calls) == 1
    assert len(job.errors) == 1 and "成员0" in job.shown_errors[0] and "position" in job.shown_errors[0]
    assert GeneratedDocument.objects.filter(case__family=family, kind="dismissal_notice").count() == 4
    page = client.get(f"/offboarding/jobs/{job.code}/").content.decode()
    assert 'data-status="done"' in page and "7/7" in page
    # someone else's job is none of their business
    client.force_login(world.users["hr_reviewer"])
    assert client.get(f"/offboarding/jobs/{job.code}/").status_code == 404
