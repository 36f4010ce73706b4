"""The pages: the case panel (HR sees progress), 交接 (the leaver ticks, the receiver confirms or returns),
the settlement page, documents on the case and in the evidence package, duties, settings; who may do what."""

from __future__ import annotations

import datetime as dt
import io
import shutil
import zipfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus
from farewell.ledger.package import verify_package
from farewell.offboarding import document_services, handover
from farewell.offboarding.doc_kinds import default_docx
from farewell.offboarding.models import DutyStatus, HandoverItem, ItemStatus, Settlement

from .conftest import in_handover

needs_soffice = pytest.mark.skipif(shutil.which("soffice") is None, reason="libreoffice-writer-nogui is needed")


def _login(client, world, persona):
    client.force_login(world.users[persona])
    return client


def test_hr_sees_the_handover_progress_on_the_case_page(client, handover_case, staffed):
    item = handover_case.handover_items.first()
    handover.confirm_item(item, acting_user=item.receiver)
    page = _login(client, staffed, "hrbp_sales").get(f"/cases/{handover_case.code}/").content.decode()
    assert 'id="offboarding"' in page and 'data-confirmed="1" data-total="6"' in page
    assert 'data-duty="certificate"' in page and "离职后事项" in page


def test_the_leaver_ticks_on_the_handover_page_and_the_receiver_confirms(client, handover_case, staffed):
    item = handover_case.handover_items.get(title="在办工作与项目进度")
    page = _login(client, staffed, "employee").get("/offboarding/").content.decode()
    assert 'id="my-items"' in page and f'data-tick="{item.code}"' in page
    response = client.post(f"/offboarding/items/{item.code}/tick/", {"comment": "已交给王经理"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == ItemStatus.TICKED
    # the leaver cannot confirm their own item
    assert client.post(f"/offboarding/items/{item.code}/confirm/").status_code == 403
    page = _login(client, staffed, "manager").get("/offboarding/").content.decode()
    assert f'data-confirm="{item.code}"' in page and "已交给王经理" in page
    client.post(f"/offboarding/items/{item.code}/return/", {"comment": "请补充客户名单"})
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED
    _login(client, staffed, "employee").post(f"/offboarding/items/{item.code}/tick/", {"comment": "已补充"})
    _login(client, staffed, "manager").post(f"/offboarding/items/{item.code}/confirm/")
    item.refresh_from_db()
    assert item.status == ItemStatus.CONFIRMED


def test_strangers_get_404_and_other_roles_403_on_an_item(client, handover_case, staffed):
    item = handover_case.handover_items.first()
    for persona, expected in (("outsider", 403), ("auditor", 403), ("hrbp_sales", 403), ("legal", 403)):
        status = _login(client, staffed, persona).post(f"/offboarding/items/{item.code}/tick/").status_code
        assert status == expected, persona
    from tests.factories import make_employee, make_unit, make_user

    other_company_hr = make_user("elsewhere", "hrbp", company=make_unit(
        make_employee(staffed.rnd, "x").company, "y").company)
    assert _login(client, staffed, "hrbp_sales").get("/offboarding/").status_code == 200
    client.force_login(other_company_hr)
    assert client.post(f"/offboarding/items/{item.code}/confirm/").status_code in (403, 404)
    assert HandoverItem.objects.get(pk=item.pk).status == ItemStatus.OPEN


def test_hr_adds_and_changes_items_on_the_case(client, handover_case, staffed):
    _login(client, staffed, "hrbp_sales")
    due = (timezone.localdate() + dt.timedelta(days=5)).isoformat()
    response = client.post(f"/offboarding/cases/{handover_case.code}/items/add/", {
        "category": "assets", "title": "归还笔记本电脑", "due_date": due, "receiver": "hrreviewer",
        "blocks_closing": "on"})
    assert response.status_code == 302
    added = handover_case.handover_items.get(title="归还笔记本电脑")
    assert added.receiver == staffed.users["hr_reviewer"] and added.blocks_closing
    client.post(f"/offboarding/items/{added.code}/change/", {"receiver": "", "due_date": due})
    added.refresh_from_db()
    assert not added.blocks_closing
    # a manager may not change the checklist
    assert _login(client, staffed, "manager").post(
        f"/offboarding/cases/{handover_case.code}/items/add/", {"category": "work", "title": "x", "due_date": due}
    ).status_code == 403


def test_the_handover_page_lists_cases_with_a_bounded_number_of_queries(client, staffed):
    in_handover(staffed)
    _login(client, staffed, "hr_admin")
    client.get("/offboarding/")
    with CaptureQueriesContext(connection) as one:
        assert client.get("/offboarding/").status_code == 200
    zcase = services.open_case(staffed.zhaoliu, "mutual_employer", actor=staffed.users["hrbp_sales"],
                               separation_date=timezone.localdate() + dt.timedelta(days=30))
    services.submit_case(zcase, actor=staffed.users["hrbp_sales"])
    from tests.cases.conftest import walk

    walk(zcase, staffed)
    services.start_handover(zcase, actor=staffed.users["hrbp_sales"])
    with CaptureQueriesContext(connection) as two:
        page = client.get("/offboarding/").content.decode()
    assert "赵六" in page and "李四" in page
    assert len(two) == len(one)


def test_the_settlement_page_drafts_and_the_approver_freezes(client, handover_case, staffed):
    _login(client, staffed, "hrbp_sales")
    page = client.get(f"/offboarding/cases/{handover_case.code}/settlement/")
    assert page.status_code == 200 and 'id="settlement-form"' in page.content.decode()
    response = client.post(f"/offboarding/cases/{handover_case.code}/settlement/", {
        "monthly_wage": "12000", "paid_days_worked": "10", "month_paid_days": "22", "unused_leave_days": "0",
        "exempt_ceiling": "447624.00", "exempt_ceiling_source": "测试", "si_amount": "500", "si_basis": "个人缴费"})
    assert response.status_code == 302
    settlement = Settlement.objects.get(case=handover_case)
    # the preparer sees no approve button; a manager may not see the sheet's page at all
    assert 'id="approve-settlement"' not in client.get(f"/offboarding/cases/{handover_case.code}/settlement/").content.decode()
    assert client.post(f"/offboarding/settlements/{settlement.code}/approve/").status_code == 403
    assert _login(client, staffed, "outsider").get(
        f"/offboarding/cases/{handover_case.code}/settlement/").status_code == 404
    _login(client, staffed, "approver")
    assert 'id="approve-settlement"' in client.get(f"/offboarding/cases/{handover_case.code}/settlement/").content.decode()
    client.post(f"/offboarding/settlements/{settlement.code}/approve/")
    settlement.refresh_from_db()
    assert settlement.status == "frozen" and settlement.approved_by == staffed.users["approver"]


def test_duties_are_done_or_waived_with_a_reason_and_then_the_case_closes(client, staffed):
    case = in_handover(staffed, separation_date=timezone.localdate() - dt.timedelta(days=1))
    for item in case.handover_items.all():
        handover.confirm_item(item, acting_user=item.receiver)
    _login(client, staffed, "hrbp_sales")
    client.post(f"/cases/{case.code}/action/", {"action": "close", "closed_on": timezone.localdate().isoformat()})
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_HANDOVER  # duties open: refused
    duties = list(case.post_exit_duties.all())
    assert {d.kind for d in duties} == {"certificate", "file_transfer", "si_transfer", "si_stop", "housing_fund_stop",
                                         "contract_retention"}
    waive = duties[0]
    client.post(f"/offboarding/duties/{waive.code}/waive/", {"note": ""})
    waive.refresh_from_db()
    assert waive.status == DutyStatus.OPEN  # a waiver needs its reason
    client.post(f"/offboarding/duties/{waive.code}/waive/", {"note": "员工书面声明无需转移"})
    for duty in duties[1:]:
        client.post(f"/offboarding/duties/{duty.code}/done/", {"note": "已办理"})
    assert _login(client, staffed, "manager").post(f"/offboarding/duties/{duties[1].code}/done/").status_code == 403
    _login(client, staffed, "hrbp_sales").post(
        f"/cases/{case.code}/action/", {"action": "close", "closed_on": timezone.localdate().isoformat()})
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_duty_dates_follow_lcl_50_and_a_layoff_has_its_rehiring_priority(staffed):
    from farewell import law
    from farewell.offboarding import duties

    case = in_handover(staffed, separation_date=dt.date(2026, 9, 15))
    due = {d.kind: d for d in case.post_exit_duties.all()}
    # The certificate on the last day itself (出具证明 在解除或者终止劳动合同时); the file and insurance transfers
    # within 15 days: 2026-09-15 + 15 = 09-30, a working day; the SI stop is in the month
    assert due["certificate"].due_date == dt.date(2026, 9, 15)
    assert due["file_transfer"].due_date == dt.date(2026, 9, 30)
    assert due["si_stop"].due_date == dt.date(2026, 9, 30)
    assert due["contract_retention"].until_date == dt.date(2028, 9, 15)
    # a period ending on a day off moves to the next working day (民法典 203)
    case.separation_date = dt.date(2026, 9, 19)  # + 15 = 10-04, National Day holiday → 10-08
    assert dict((k, d) for k, d, _u in duties.plan(case))["file_transfer"] == dt.date(2026, 10, 8)
    assert law.is_day_off(dt.date(2026, 10, 4))
    case.case_type = "layoff"
    plan = {k: (d, u) for k, d, u in duties.plan(case)}
    assert plan["rehiring_priority"][1] == dt.date(2027, 3, 19)



def test_open_certificate_duties_move_to_the_last_day_on_upgrade(staffed):
    """offboarding 0006: a certificate duty planned within 15 days by an earlier version is due on the last day;
    done ones and the transfers keep their dates."""
    import importlib

    from django.apps import apps

    case = in_handover(staffed, separation_date=dt.date(2026, 9, 15))
    case.post_exit_duties.update(due_date=dt.date(2026, 9, 30))
    migration = importlib.import_module("farewell.offboarding.migrations.0006_certificate_due_on_last_day")
    migration.certificate_on_last_day(apps, None)
    due = {d.kind: d.due_date for d in case.post_exit_duties.all()}
    assert due["certificate"] == dt.date(2026, 9, 15) and due["file_transfer"] == dt.date(2026, 9, 30)

@needs_soffice
def test_documents_are_listed_on_the_case_downloadable_and_in_the_evidence_package(client, handover_case, staffed,
                                                                                     tmp_path):
    from farewell.org.models import Employee
    from tests.factories import make_position

    _login(client, staffed, "hrbp_sales")
    response = client.post(f"/offboarding/cases/{handover_case.code}/documents/", {"kind": "certificate",
                                                                                     "confirm_early": "on"}, follow=True)
    assert "以下字段为空" in response.content.decode() and "position" in response.content.decode()  # no position on file
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售代表"))
    response = client.post(f"/offboarding/cases/{handover_case.code}/documents/",
                           {"kind": "certificate", "confirm_early": "on"})
    assert response.status_code == 302
    doc = handover_case.offboarding_documents.get()
    page = client.get(f"/cases/{handover_case.code}/").content.decode()
    assert f'/offboarding/documents/{doc.code}/pdf/' in page and doc.pdf_sha256[:12] in page
    pdf = client.get(f"/offboarding/documents/{doc.code}/pdf/")
    assert pdf.status_code == 200 and b"".join(pdf.streaming_content).startswith(b"%PDF")
    from farewell.accounts.models import AccessLog

    read = AccessLog.objects.get(object_type="offboarding.generateddocument", object_id=str(doc.code))
    assert read.actor == staffed.users["hrbp_sales"] and read.employee_id == staffed.lisi.pk and read.field == "pdf"
    assert _login(client, staffed, "manager").get(f"/offboarding/documents/{doc.code}/pdf/").status_code == 403
    assert _login(client, staffed, "outsider").get(f"/offboarding/documents/{doc.code}/pdf/").status_code == 404
    from farewell.talks.evidence import build_package

    name, data = build_package(handover_case, actor=staffed.users["hrbp_sales"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert f"documents/certificate-{doc.code}.pdf" in archive.namelist()
    path = tmp_path / name
    path.write_bytes(data)
    assert verify_package(path).ok


def test_hr_admin_downloads_and_uploads_templates(client, staffed):
    _login(client, staffed, "hr_admin")
    page = client.get("/offboarding/settings/").content.decode()
    assert 'data-kind="certificate"' in page and "交接清单模板" in page
    download = client.get("/offboarding/settings/documents/certificate/template.docx")
    assert download.status_code == 200 and download.content == default_docx("certificate")
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = SimpleUploadedFile("x.docx", default_docx("mutual_agreement"))
    response = client.post("/offboarding/settings/documents/certificate/upload/", {"file": bad}, follow=True)
    text = response.content.decode()
    assert "未知的占位符" in text and "amount_lines" in text
    good = SimpleUploadedFile("证明.docx", default_docx("certificate"))
    client.post("/offboarding/settings/documents/certificate/upload/", {"file": good})
    assert document_services.current_template(staffed.company, "certificate")[1].version == 1
    assert _login(client, staffed, "hrbp_sales").get("/offboarding/settings/").status_code == 403


def test_hr_admin_edits_a_handover_template(client, staffed):
    _login(client, staffed, "hr_admin")
    assert client.get("/offboarding/settings/handover/new/").status_code == 200
    response = client.post("/offboarding/settings/handover/new/", {
        "name": "研发部交接", "case_type": "", "org_unit": str(staffed.rnd.pk),
        "items": "在办工作|代码仓库与在研项目|3|manager|是\n账号与权限|服务器与密钥|0|hr|是"})
    assert response.status_code == 302
    from farewell.offboarding.models import HandoverTemplate

    template = HandoverTemplate.objects.get(name="研发部交接")
    assert [i.title for i in template.items.order_by("order")] == ["代码仓库与在研项目", "服务器与密钥"]
    bad = client.post(f"/offboarding/settings/handover/{template.pk}/", {
        "name": "x", "case_type": "", "org_unit": "", "items": "未知|a|1|manager|是"})
    assert bad.status_code == 200 and "未知类别" in bad.content.decode()


@pytest.mark.parametrize("form_id", ["settlement-form", "offboarding-settings", "handover-template-form"])
def test_the_forms_rendered_by_the_shared_template_carry_its_styling(client, handover_case, staffed, form_id):
    # The shared form template's widgets carry no Bootstrap classes; .fw-form (app.css) styles them.
    # Without it the settlement sheet's fields sat inline and unstyled beside their labels (new-user check).
    _login(client, staffed, "hr_admin")
    url = {"settlement-form": f"/offboarding/cases/{handover_case.code}/settlement/",
           "offboarding-settings": "/offboarding/settings/",
           "handover-template-form": "/offboarding/settings/handover/new/"}[form_id]
    page = client.get(url).content.decode()
    assert f'class="fw-form" id="{form_id}"' in page
