"""/api/layoffs/ (the LCL 41 batch), the civil-service steps of a case, and the case and employee
exports: the page's services through the API, with the page's scope."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.cases import civil_service
from farewell.cases.civil_service_models import CivilServiceAnswer
from farewell.cases.models import BatchStatus, CaseFamily, CaseStatus
from tests.cases.civil_service_helpers import open_resignation, proof, servant  # noqa: F401 - a fixture
from tests.cases.layoff_support import make_staff, new_batch, pdf


def test_hr_runs_a_batch_through_the_api(client, world):
    staff = make_staff(world.sales, 2)
    client.force_login(world.users["hrbp_sales"])
    planned = timezone.localdate() + dt.timedelta(days=45)
    created = client.post("/api/layoffs/", {
        "title": "销售部调整", "planned_date": planned.isoformat(), "reason_code": "change_of_production",
        "reason": "产线关停", "long_term_months": 36, "employee_numbers": " ".join(e.employee_number for e in staff)},
        content_type="application/json")
    assert created.status_code == 201, created.json()
    body = created.json()
    assert len(body["members"]) == 2 and body["status"] == "draft"
    code = body["code"]
    answers = [{"case": m["case"], "sole_earner": i == 0, "reason": "配偶无业" if i == 0 else "",
                "retention_reason": "岗位整体撤销"} for i, m in enumerate(body["members"])]
    assert client.post(f"/api/layoffs/{code}/answers/", {"answers": answers},
                       content_type="application/json").status_code == 200
    for kind, addressee in (("explanation", "公司工会"), ("report", "区人社局")):
        filed = client.post(f"/api/layoffs/{code}/filings/{kind}/", {
            "done_on": timezone.localdate().isoformat(), "addressee": addressee, "document_file": pdf()})
        assert filed.status_code == 200, filed.json()
    submitted = client.post(f"/api/layoffs/{code}/action/", {"action": "submit"}, content_type="application/json")
    assert submitted.status_code == 200, submitted.json()
    family = CaseFamily.objects.get(code=code)
    assert family.status == BatchStatus.IN_REVIEW
    assert set(family.cases.values_list("status", flat=True)) == {CaseStatus.IN_REVIEW}
    again = client.post(f"/api/layoffs/{code}/action/", {"action": "submit"}, content_type="application/json")
    assert again.status_code == 409 and "non_field_errors" in again.json()


def test_batch_errors_name_the_field(client, world):
    client.force_login(world.users["hrbp_sales"])
    unknown = client.post("/api/layoffs/", {"title": "x", "planned_date": "2030-01-01", "reason_code": "difficulty",
                                            "employee_numbers": "NOPE"}, content_type="application/json")
    assert unknown.status_code == 400 and list(unknown.json()) == ["employee_numbers"]
    missing = client.post("/api/layoffs/", {}, content_type="application/json")
    assert missing.status_code == 400 and {"title", "planned_date", "reason_code"} <= set(missing.json())


def test_batches_are_scoped(client, world):
    sales = new_batch(world, make_staff(world.sales, 1, prefix="销"))
    rnd = new_batch(world, make_staff(world.rnd, 1, prefix="研"), actor=world.users["hr_admin"], title="研发部调整")
    client.force_login(world.users["hrbp_sales"])
    assert [b["code"] for b in client.get("/api/layoffs/").json()["results"]] == [str(sales.code)]
    assert client.get(f"/api/layoffs/{rnd.code}/").status_code == 404
    client.force_login(world.users["employee"])
    assert client.get("/api/layoffs/").status_code == 403
    client.force_login(world.users["manager"])  # may view, never change
    assert client.post(f"/api/layoffs/{sales.code}/action/", {"action": "submit"},
                       content_type="application/json").status_code == 403


def test_the_batch_list_reads_a_fixed_number_of_queries(client, world):
    new_batch(world, make_staff(world.sales, 1, prefix="甲"))
    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as few:
        client.get("/api/layoffs/")
    for i in range(4):
        new_batch(world, make_staff(world.sales, 1, prefix=f"乙{i}"), title=f"批次{i}")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/layoffs/").json()["count"] == 5
    assert len(many) == len(few)


def test_civil_service_steps_through_the_api(client, world, servant):  # noqa: F811 - the fixture
    case = open_resignation(world, servant)
    item = civil_service.checklist_for(case)[0]
    client.force_login(world.users["hrbp_sales"])
    answered = client.post(f"/api/cases/{case.code}/civil-service/answer/",
                           {"item": item.code, "answer": "no", "note": "已核查", "document_file": proof()})
    assert answered.status_code == 200, answered.json()
    assert CivilServiceAnswer.objects.get(case=case, item=item.code).answer is False
    bad = client.post(f"/api/cases/{case.code}/civil-service/answer/", {"item": item.code, "answer": "maybe"})
    assert bad.status_code == 400 and list(bad.json()) == ["answer"]
    unknown = client.post(f"/api/cases/{case.code}/civil-service/answer/", {"item": "nope", "answer": "no"})
    assert unknown.status_code == 409
    leading = client.post(f"/api/cases/{case.code}/civil-service/leading-member/", {"leading_member": True},
                          content_type="application/json")
    assert leading.status_code == 200
    client.force_login(world.users["legal"])
    assert client.post(f"/api/cases/{case.code}/civil-service/leading-member/", {"leading_member": False},
                       content_type="application/json").status_code == 403


@pytest.mark.parametrize(("persona", "rows"), [("hr_admin", 4), ("hrbp_sales", 3)])
def test_the_employee_export_is_the_pages_within_scope(client, world, persona, rows):
    client.force_login(world.users[persona])
    response = client.get("/api/exports/employees/")
    assert response.status_code == 200
    sheet = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(sheet) - 1 == rows


def test_the_case_export_is_the_pages(client, world):
    new_batch(world, make_staff(world.sales, 1, prefix="导"))
    client.force_login(world.users["hrbp_sales"])
    response = client.get("/api/exports/cases/")
    assert response.status_code == 200
    sheet = list(openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active.values)
    assert len(sheet) == 2
    client.force_login(world.users["auditor"])
    assert client.get("/api/exports/cases/").status_code == 403
