# ruff: noqa: F811 - the case fixtures (world, staffed, soon) are imported from tests/cases/conftest.py
"""The case pages through the API (issue 19): open a case, change its facts, message the employee, download
its files (each read in the access log, as on the page), and 待办 — with the pages' forms, rules and scope."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.accounts.models import AccessLog
from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType, SeparationCase
from farewell.common.notifications import Notification
from farewell.ledger.models import LedgerEntry
from tests.cases.conftest import media_root, soon, staffed, union_letter, walk, world  # noqa: F401  (fixtures)
from tests.cases.layoff_support import make_staff, new_batch, record_procedure
from tests.factories import (
    NOTICE_SCAN,
    Role,
    make_company,
    make_employee,
    make_unit,
    make_user,
    record_notice,
)

SCAN = b"%PDF-1.4 scanned letter: I resign"


def _scan():
    return SimpleUploadedFile("辞职信.pdf", SCAN, content_type="application/pdf")


def _json(client, method, url, data):
    return getattr(client, method)(url, data, content_type="application/json")


@pytest.fixture
def foreign_hr(world):
    """An HR admin of another company: every case here is outside their scope."""
    other = make_company(name="别家公司")
    make_employee(make_unit(other, "总部"), "外人")
    return make_user("foreign_hr", Role.HR_ADMIN, company=other)


# --- open ----------------------------------------------------------------------------------------------


def test_hr_opens_a_case_through_the_api(client, staffed, soon):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    answer = _json(client, "post", f"/api/employees/{world.lisi.code}/cases/", {
        "case_type": "mutual_employer", "separation_date": soon.isoformat(), "extra_compensation": "5000",
        "reason": "岗位调整"})
    assert answer.status_code == 201, answer.json()
    body = answer.json()
    case = SeparationCase.objects.get(code=body["code"])
    assert case.status == CaseStatus.DRAFT and case.via == "hr" and case.extra_compensation == Decimal(5000)
    assert body["reason"] == "岗位调整" and body["statutory_amount"] is not None
    assert LedgerEntry.objects.filter(object_id=str(case.code), event="case.opened").count() == 1
    # One open case per employee: the second is refused, in words.
    again = _json(client, "post", f"/api/employees/{world.lisi.code}/cases/", {
        "case_type": "mutual_employer", "separation_date": soon.isoformat()})
    assert again.status_code == 400 and "进行中" in again.json()["non_field_errors"][0]


def test_a_manager_raises_a_concern_through_the_api(client, staffed, soon):
    world = staffed
    client.force_login(world.users["manager"])
    answer = _json(client, "post", f"/api/employees/{world.lisi.code}/cases/",
                   {"case_type": "incompetence", "separation_date": soon.isoformat()})
    assert answer.status_code == 201, answer.json()
    assert SeparationCase.objects.get(code=answer.json()["code"]).via == "manager"


def test_opening_errors_name_the_field(client, staffed, soon):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    url = f"/api/employees/{world.lisi.code}/cases/"
    wrong_ground = _json(client, "post", url, {"case_type": "mutual_employer", "ground": "misconduct",
                                               "separation_date": soon.isoformat()})
    assert wrong_ground.status_code == 400 and list(wrong_ground.json()) == ["ground"]
    no_date = _json(client, "post", url, {"case_type": "mutual_employer"})
    assert no_date.status_code == 400 and list(no_date.json()) == ["separation_date"]
    bad_date = _json(client, "post", url, {"case_type": "mutual_employer", "separation_date": "0202-01-01"})
    assert bad_date.status_code == 400 and "separation_date" in bad_date.json()
    misspelt = _json(client, "post", url, {"case_type": "mutual_employer", "separation_day": soon.isoformat()})
    assert misspelt.status_code == 400 and "separation_day" in misspelt.json()
    assert not SeparationCase.objects.exists()


def test_an_earlier_notice_needs_its_scan_and_its_download_is_logged(client, staffed):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    url = f"/api/employees/{world.lisi.code}/cases/"
    earlier = (timezone.localdate() - dt.timedelta(days=6)).isoformat()
    refused = client.post(url, {"case_type": "resignation", "notice_date": earlier})  # multipart, no scan
    assert refused.status_code == 400 and list(refused.json()) == ["notice_evidence"]
    opened = client.post(url, {"case_type": "resignation", "notice_date": earlier, "notice_evidence": _scan()})
    assert opened.status_code == 201, opened.json()
    case = SeparationCase.objects.get(code=opened.json()["code"])
    assert case.status == CaseStatus.NOTICE_RECEIVED and case.notice_evidence == "辞职信.pdf"

    client.force_login(world.users["legal"])
    download = client.get(f"/api/cases/{case.code}/notice-evidence/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == SCAN
    assert "attachment" in download["Content-Disposition"]
    row = AccessLog.objects.get(object_type="cases.separationcase", field="notice_evidence_file")
    assert row.actor == world.users["legal"] and row.employee == world.lisi and row.purpose == "下载辞职通知扫描件"
    assert client.get(f"/api/cases/{case.code}/notice-evidence/",
                      HTTP_ACCEPT="application/octet-stream").status_code == 200
    client.force_login(world.users["auditor"])
    assert client.get(f"/api/cases/{case.code}/notice-evidence/").status_code == 403
    assert AccessLog.objects.filter(field="notice_evidence_file").count() == 2


def test_opening_follows_the_scope(client, staffed, soon, foreign_hr):
    world = staffed
    body = {"case_type": "mutual_employer", "separation_date": soon.isoformat()}
    client.force_login(world.users["hrbp_sales"])  # 销售部 only
    assert _json(client, "post", f"/api/employees/{world.chenqi.code}/cases/", body).status_code == 404
    client.force_login(world.users["legal"])  # sees every case, opens none
    assert _json(client, "post", f"/api/employees/{world.lisi.code}/cases/", body).status_code == 403
    client.force_login(world.users["employee"])
    assert _json(client, "post", f"/api/employees/{world.lisi.code}/cases/", body).status_code == 403
    client.force_login(foreign_hr)
    assert _json(client, "post", f"/api/employees/{world.lisi.code}/cases/", body).status_code == 404
    assert not SeparationCase.objects.exists()


# --- facts ---------------------------------------------------------------------------------------------


@pytest.fixture
def draft(staffed, soon):
    return services.open_case(staffed.lisi, CaseType.MUTUAL_EMPLOYER, actor=staffed.users["hrbp_sales"],
                              separation_date=soon, extra_compensation=Decimal(5000))


def test_hr_changes_the_facts_through_the_api(client, staffed, draft):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    answer = _json(client, "patch", f"/api/cases/{draft.code}/",
                   {"extra_compensation": "8000", "union_notified": True, "days_taken_this_year": "2"})
    assert answer.status_code == 200, answer.json()
    draft.refresh_from_db()
    assert draft.extra_compensation == Decimal(8000) and draft.facts["union_notified"] is True
    assert draft.separation_date is not None and draft.reason == ""  # what was not sent is kept
    assert answer.json()["facts"]["days_taken_this_year"] == "2"
    entry = LedgerEntry.objects.filter(object_id=str(draft.code), event="case.updated").latest("seq")
    assert "extra_compensation" in entry.payload


def test_day_counts_are_kept_and_shown_as_hr_writes_them(client, staffed, draft):
    """"2.50" and "0.0" days come back as 2.5 and 0: in the case's facts, the API and the page's form."""
    client.force_login(staffed.users["hrbp_sales"])
    answer = _json(client, "patch", f"/api/cases/{draft.code}/",
                   {"days_taken_this_year": "0.0", "untaken_days_previous_years": "2.50"})
    assert answer.status_code == 200, answer.json()
    assert answer.json()["facts"]["days_taken_this_year"] == "0"
    assert answer.json()["facts"]["untaken_days_previous_years"] == "2.5"
    draft.refresh_from_db()
    draft.facts["days_taken_this_year"] = "3.0"  # written before day counts were kept as written
    draft.save(update_fields=["facts"])
    page = client.get(f"/cases/{draft.code}/").content.decode()
    assert 'name="days_taken_this_year" value="3"' in page
    assert 'name="untaken_days_previous_years" value="2.5"' in page


def test_fact_errors_name_the_field(client, staffed, draft):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    url = f"/api/cases/{draft.code}/"
    early = _json(client, "patch", url, {"separation_date": (world.lisi.hire_date - dt.timedelta(days=1)).isoformat()})
    assert early.status_code == 400 and list(early.json()) == ["separation_date"]
    no_reason = _json(client, "patch", url, {"practice": "national"})
    assert no_reason.status_code == 400 and list(no_reason.json()) == ["practice_reason"]
    negative = _json(client, "patch", url, {"employee_demand": "-1"})
    assert negative.status_code == 400 and list(negative.json()) == ["employee_demand"]
    unknown = _json(client, "patch", url, {"status": "approved"})
    assert unknown.status_code == 400 and list(unknown.json()) == ["status"]
    draft.refresh_from_db()
    assert draft.extra_compensation == Decimal(5000) and draft.status == CaseStatus.DRAFT


def test_facts_follow_the_role_the_scope_and_the_state(client, staffed, draft, foreign_hr):
    world = staffed
    body = {"extra_compensation": "9000"}
    client.force_login(world.users["manager"])  # sees the case, may not change it
    assert _json(client, "patch", f"/api/cases/{draft.code}/", body).status_code == 403
    client.force_login(foreign_hr)
    assert _json(client, "patch", f"/api/cases/{draft.code}/", body).status_code == 404
    services.submit_case(draft, actor=world.users["hrbp_sales"])
    walk(draft, world)
    draft.refresh_from_db()
    assert draft.status == CaseStatus.APPROVED
    client.force_login(world.users["hrbp_sales"])
    closed = _json(client, "patch", f"/api/cases/{draft.code}/", body)
    assert closed.status_code == 409 and closed.json()["non_field_errors"]
    draft.refresh_from_db()
    assert draft.extra_compensation == Decimal(5000)


# --- messages ------------------------------------------------------------------------------------------


def test_hr_messages_the_employee_through_the_api(client, staffed, draft):
    world = staffed
    client.force_login(world.users["hrbp_sales"])
    sent = _json(client, "post", f"/api/cases/{draft.code}/messages/", {"body": "请周五来谈"})
    assert sent.status_code == 201, sent.json()
    assert sent.json()["body"] == "请周五来谈" and sent.json()["from_employee"] is False
    assert LedgerEntry.objects.filter(object_id=str(draft.code), event="case.message").count() == 1
    assert Notification.objects.filter(user=world.users["employee"]).exists()
    empty = _json(client, "post", f"/api/cases/{draft.code}/messages/", {"body": "   "})
    assert empty.status_code == 400 and list(empty.json()) == ["body"]
    client.force_login(world.users["manager"])
    assert [m["body"] for m in client.get(f"/api/cases/{draft.code}/messages/").json()] == ["请周五来谈"]
    assert _json(client, "post", f"/api/cases/{draft.code}/messages/", {"body": "x"}).status_code == 403


def test_messages_are_not_found_outside_the_scope(client, staffed, draft, foreign_hr):
    client.force_login(foreign_hr)
    assert client.get(f"/api/cases/{draft.code}/messages/").status_code == 404
    assert _json(client, "post", f"/api/cases/{draft.code}/messages/", {"body": "x"}).status_code == 404


# --- the other files -----------------------------------------------------------------------------------


def test_the_union_letter_download_is_logged(client, staffed, soon, foreign_hr):
    world = staffed
    opener = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MISCONDUCT, actor=opener, separation_date=soon)
    services.submit_case(case, actor=opener)
    walk(case, world)
    step = case.steps.get(kind="union_notification")
    client.force_login(world.users["approver"])
    download = client.get(f"/api/cases/steps/{step.code}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == union_letter().read()
    row = AccessLog.objects.get(object_type="cases.casestep", object_id=str(step.code))
    assert row.actor == world.users["approver"] and row.purpose == "下载工会通知文书"
    client.force_login(foreign_hr)
    assert client.get(f"/api/cases/steps/{step.code}/document/").status_code == 404
    assert AccessLog.objects.filter(object_type="cases.casestep").count() == 1


def test_a_civil_service_document_download_is_logged(client, world):
    from farewell.cases import civil_service_actions

    servant = make_employee(world.sales, "孙九", manager=world.boss, employment_type="civil_servant")
    case = services.open_case(servant, "cs_resignation", actor=None, notice_date=timezone.localdate(),
                              separation_date=timezone.localdate())
    answer = civil_service_actions.answer_item(
        case, "min_service", False, actor=None,
        document_file=SimpleUploadedFile("a.pdf", b"%PDF-1.4 x", content_type="application/pdf"))
    client.force_login(world.users["hrbp_sales"])
    download = client.get(f"/api/cases/civil-service/documents/{answer.code}/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 x"
    assert AccessLog.objects.get(object_id=str(answer.code)).purpose == "下载公务员案件文书"
    client.force_login(world.users["hrbp_sales"].__class__.objects.get(username="auditor"))
    assert client.get(f"/api/cases/civil-service/documents/{answer.code}/").status_code == 403
    client.force_login(world.users["manager"])  # 孙九's manager: in scope
    assert client.get(f"/api/cases/civil-service/documents/{answer.code}/").status_code == 200
    assert AccessLog.objects.filter(object_id=str(answer.code)).count() == 2


def test_a_layoff_filing_download_is_logged(client, world, foreign_hr):
    family = new_batch(world, make_staff(world.sales, 2))
    record_procedure(family, world.users["hrbp_sales"])
    filing = family.filings.order_by("pk").first()
    client.force_login(world.users["legal"])
    download = client.get(f"/api/layoffs/filings/{filing.code}/document/")
    assert download.status_code == 200 and b"".join(download.streaming_content) == b"%PDF-1.4 layoff document"
    row = AccessLog.objects.get(object_id=str(filing.code))
    assert row.actor == world.users["legal"] and row.purpose == "下载裁员报告文书"
    client.force_login(foreign_hr)
    assert client.get(f"/api/layoffs/filings/{filing.code}/document/").status_code == 404


def test_the_notice_scan_of_another_unit_is_not_found(client, staffed):
    world = staffed
    give = record_notice(world.chenqi, actor=world.users["hr_admin"],
                         notice_date=timezone.localdate() - dt.timedelta(days=1))
    client.force_login(world.users["hrbp_sales"])
    assert client.get(f"/api/cases/{give.code}/notice-evidence/").status_code == 404
    client.force_login(world.users["hr_admin"])
    answer = client.get(f"/api/cases/{give.code}/notice-evidence/")
    assert b"".join(answer.streaming_content) == NOTICE_SCAN
    assert AccessLog.objects.filter(field="notice_evidence_file").count() == 1


# --- 待办 ----------------------------------------------------------------------------------------------


def test_the_inbox_lists_the_steps_waiting_for_me(client, staffed, draft):
    world = staffed
    services.submit_case(draft, actor=world.users["hrbp_sales"])
    step = draft.steps.get(status="active")
    assert step.kind == "hr_review"
    client.force_login(world.users["hr_reviewer"])
    page = client.get("/api/inbox/").json()
    assert page["count"] == 1
    row = page["results"][0]
    assert row["code"] == str(step.code) and row["case"] == str(draft.code) and row["kind"] == "hr_review"
    assert row["employee_name"] == "李四" and row["overdue"] is False
    assert client.get("/api/inbox/?overdue=true").json()["count"] == 0
    # Four eyes: the opener's inbox does not hold the step of the case they opened.
    client.force_login(world.users["hrbp_sales"])
    assert client.get("/api/inbox/").json()["count"] == 0
    client.force_login(world.users["approver"])  # not this step's role
    assert client.get("/api/inbox/").json()["count"] == 0
    client.force_login(world.users["auditor"])
    assert client.get("/api/inbox/").status_code == 403


def test_the_inbox_reads_a_fixed_number_of_queries(client, world):
    hr = world.users["hrbp_sales"]
    last_day = timezone.localdate() + dt.timedelta(days=40)
    staff = make_staff(world.sales, 6, prefix="待办")
    for employee in staff[:1]:
        services.submit_case(services.open_case(employee, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=last_day),
                             actor=hr)
    client.force_login(world.users["hr_reviewer"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/inbox/").json()["count"] == 1
    for employee in staff[1:]:
        services.submit_case(services.open_case(employee, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=last_day),
                             actor=hr)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/inbox/").json()["count"] == 6
    assert len(many) == len(few)


def test_the_hr_admins_inbox_names_the_steps_no_one_can_decide(client, staffed, soon):
    from farewell.accounts.models import RoleGrant
    from farewell.cases.models import StepKind

    world = staffed
    services.save_workflow(world.company, CaseType.MUTUAL_EMPLOYER, [
        {"kind": kind, "condition": "always", "due_working_days": 2}
        for kind in (StepKind.HR_REVIEW, StepKind.LEGAL_REVIEW)], actor=world.users["hr_admin"])
    RoleGrant.objects.filter(role=Role.LEGAL).delete()
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    services.decide_step(case.steps.get(status="active"), "approve", actor=world.users["hrbp_sales"])
    client.force_login(world.users["hr_admin"])
    [row] = client.get("/api/inbox/unrouted/").json()["results"]
    assert row["case"] == str(case.code) and row["kind"] == "legal_review"
    assert row["routing_note"] == "无人可审批：需为 销售部 授予 法务 角色"
    client.force_login(world.users["hrbp_sales"])  # not an HR admin: nothing here
    assert client.get("/api/inbox/unrouted/").json()["count"] == 0


def test_the_batch_steps_waiting_for_me(client, world):
    from farewell.cases import layoffs
    from tests.cases.layoff_support import answer_all

    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 2))
    answer_all(family, hr)
    record_procedure(family, hr)
    layoffs.perform(family, "submit", acting_user=hr)
    step = family.steps.get(status="active")
    [assignee] = step.assignees.all()
    client.force_login(assignee)
    [row] = client.get("/api/inbox/layoff-steps/").json()["results"]
    assert row["code"] == str(step.code) and row["batch"] == str(family.code) and row["kind"] == step.kind
    client.force_login(hr)  # the opener: not theirs to decide
    assert client.get("/api/inbox/layoff-steps/").json()["count"] == 0
    client.force_login(world.users["auditor"])
    assert client.get("/api/inbox/layoff-steps/").status_code == 403


def test_a_civil_servants_case_refuses_the_labour_contract_money(client, world):
    """公务员法 has no negotiated extra: the civil servant's forms have no such field, and the API says so
    instead of dropping the value."""
    servant = make_employee(world.sales, "孙九", manager=world.boss, employment_type="civil_servant")
    client.force_login(world.users["hrbp_sales"])
    today = timezone.localdate().isoformat()
    money = _json(client, "post", f"/api/employees/{servant.code}/cases/", {
        "case_type": "cs_resignation", "notice_date": today, "separation_date": today, "extra_compensation": "5000"})
    assert money.status_code == 400 and list(money.json()) == ["extra_compensation"]
    opened = _json(client, "post", f"/api/employees/{servant.code}/cases/", {
        "case_type": "cs_resignation", "notice_date": today, "separation_date": today})
    assert opened.status_code == 201, opened.json()
    code = opened.json()["code"]
    assert _json(client, "patch", f"/api/cases/{code}/", {"extra_compensation": "1"}).status_code == 400
    assert _json(client, "patch", f"/api/cases/{code}/", {"reason": "个人原因"}).status_code == 200
    assert SeparationCase.objects.get(code=code).reason == "个人原因"
