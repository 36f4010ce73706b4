"""The employee's side of a case: notice of resignation, negotiation, messages, confirmation,
and isolation — an employee never reaches another's case, messages or estimate."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseMessage, CaseStatus, SeparationCase
from farewell.ledger.services import entries_for
from tests.factories import Role, make_user


@pytest.fixture
def lisi(client, staffed):
    client.force_login(staffed.users["employee"])
    return client


def test_the_employee_gives_notice_and_gets_the_last_day(lisi, staffed):
    today = timezone.localdate()
    response = lisi.post("/me/resign/", {"notice_date": today.isoformat(), "reason": "家庭原因", "confirm": "on"})
    assert response.status_code == 302
    case = SeparationCase.objects.get(employee=staffed.lisi)
    assert case.status == CaseStatus.NOTICE_RECEIVED and case.via == "portal"
    assert case.notice_date == today and case.separation_date == today + dt.timedelta(days=30)
    page = lisi.get("/me/").content.decode()
    assert (today + dt.timedelta(days=30)).isoformat() in page
    assert "不需要公司批准" in page
    assert 'id="give-notice"' not in page  # one open case at a time


def test_notice_needs_the_confirmation_box(lisi, staffed):
    lisi.post("/me/resign/", {"notice_date": timezone.localdate().isoformat()})
    assert not SeparationCase.objects.exists()


def test_the_employee_asks_to_negotiate_and_hr_gets_the_message(lisi, staffed, soon):
    lisi.post("/me/negotiate/", {"separation_date": soon.isoformat(), "message": "想聊聊协商离职"})
    case = SeparationCase.objects.get(employee=staffed.lisi)
    assert case.case_type == "mutual_employee" and case.status == CaseStatus.DRAFT
    assert CaseMessage.objects.get(case=case).from_employee
    client = lisi
    client.force_login(staffed.users["hrbp_sales"])
    assert "想聊聊协商离职" in client.get(f"/cases/{case.code}/").content.decode()


def test_the_thread_is_stored_and_in_the_ledger(lisi, staffed):
    case = services.give_notice(staffed.lisi, actor=staffed.users["employee"])
    lisi.post("/me/messages/", {"body": "交接清单在哪里？"})
    services.post_message(case, "明天发给您", actor=staffed.users["hrbp_sales"], from_employee=False)
    page = lisi.get("/me/").content.decode()
    assert "交接清单在哪里？" in page and "明天发给您" in page
    events = [e.event for e in entries_for("cases.separationcase", case.code)]
    assert events.count("case.message") == 2


def test_the_employee_confirms_the_proposal_in_the_portal(lisi, staffed, soon):
    world = staffed
    case = services.request_negotiation(world.lisi, actor=world.users["employee"], separation_date=soon, message="请求")
    services.submit_case(case, actor=world.users["hrbp_sales"])
    services.decide_step(case.steps.get(status="active"), "approve", actor=world.users["hrbp_sales"])
    page = lisi.get("/me/").content.decode()
    assert "我确认此方案" in page
    lisi.post("/me/confirm/")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_hr_sees_no_reject_button_on_a_resignation(client, staffed):
    case = services.give_notice(staffed.lisi, actor=staffed.users["employee"])
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'data-action="acknowledge"' in page and 'value="reject"' not in page
    response = client.post(f"/api/cases/{case.code}/transition/", {"action": "reject", "comment": "不批"},
                           content_type="application/json")
    assert response.status_code == 403  # no step to decide: a notice is not a request
    case.refresh_from_db()
    assert case.status == CaseStatus.NOTICE_RECEIVED


class TestIsolation:
    @pytest.fixture
    def other_case(self, staffed, soon):
        """赵六 (another employee) has a case, messages and wages; 李四 must see none of it."""
        world = staffed
        make_user("zhaoliu", Role.EMPLOYEE, company=world.company, employee=world.zhaoliu)
        case = services.open_case(world.zhaoliu, "mutual_employer", actor=world.users["hrbp_sales"],
                                  separation_date=soon)
        services.post_message(case, "赵六的秘密消息", actor=world.users["hrbp_sales"], from_employee=False)
        return case

    def test_the_portal_shows_only_my_case_and_messages(self, lisi, other_case):
        page = lisi.get("/me/").content.decode()
        assert "赵六的秘密消息" not in page and str(other_case.code) not in page
        assert 'id="my-case-status"' not in page

    def test_no_page_or_endpoint_opens_another_case(self, lisi, other_case):
        code = other_case.code
        assert lisi.get(f"/cases/{code}/").status_code == 404  # outside the employee's scope
        assert lisi.get(f"/api/cases/{code}/").status_code == 403
        assert lisi.get("/api/cases/").status_code == 403
        assert lisi.post(f"/cases/{code}/messages/", {"body": "x"}).status_code == 404
        assert lisi.post(f"/api/cases/{code}/transition/", {"action": "withdraw"},
                         content_type="application/json").status_code == 403
        assert CaseMessage.objects.filter(case=other_case).count() == 1

    def test_portal_posts_cannot_name_another_employee(self, lisi, other_case, staffed):
        lisi.post("/me/messages/", {"body": "x", "case": str(other_case.code), "employee": str(staffed.zhaoliu.code)})
        assert CaseMessage.objects.filter(case=other_case).count() == 1
        lisi.post("/me/confirm/", {"case": str(other_case.code)})
        other_case.refresh_from_db()
        assert other_case.status == CaseStatus.DRAFT

    def test_the_estimate_is_mine_whatever_the_query(self, lisi, other_case, staffed):
        page = lisi.get("/me/", {"employee": str(staffed.zhaoliu.code)}).content.decode()
        assert "李四" in page and "赵六" not in page


def test_the_estimate_offers_i_proposed_a_mutual_separation(lisi, staffed):
    page = lisi.get("/me/").content.decode()
    assert 'value="mutual_employee_initiated"' in page and "我提出协商一致解除" in page
    page = lisi.get("/me/", {"ground": "mutual_employee_initiated",
                             "separation_date": (timezone.localdate() + dt.timedelta(days=40)).isoformat()}).content
    assert "您的权利和期限".encode() in page


def test_with_an_open_case_the_estimate_starts_from_its_ground_and_date(lisi, staffed):
    when = timezone.localdate() + dt.timedelta(days=45)
    case = services.open_case(staffed.lisi, "mutual_employee", actor=staffed.users["hrbp_sales"],
                              separation_date=when)
    assert case.ground == "mutual_employee_initiated"
    run = services.latest_run(case)
    page = lisi.get("/me/").content.decode()
    assert f'<option value="{case.ground}" selected>' in page
    assert f'value="{when.isoformat()}"' in page
    rights = page[page.index("您的权利和期限"):]
    for step in run.output["procedure"]:
        if step.get("due_date"):
            assert step["due_date"] in rights


def test_without_an_open_case_the_estimate_starts_from_today(lisi, staffed):
    page = lisi.get("/me/").content.decode()
    assert '<option value="mutual_employer_initiated" selected>' in page
    assert f'value="{timezone.localdate().isoformat()}"' in page
