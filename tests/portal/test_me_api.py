"""/api/me/…: the portal's self-service as an API, by token over HTTP — the same services and rules as
the pages: one's own data only (another employee's object is 404), HR and other roles refused (403),
the notice recorded with its text, every receipt and download recorded as on the page."""

from __future__ import annotations

import datetime as dt
import io
import json
import zipfile
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseMessage, CaseStatus, EmployeeDemand, SeparationCase
from farewell.insights.models import ExplanationRequest
from farewell.ledger.models import LedgerEntry
from farewell.portal import receipts
from tests.factories import PASSWORD


def token_for(client, username: str) -> dict:
    answer = client.post("/api/token/", {"username": username, "password": PASSWORD}, content_type="application/json")
    assert answer.status_code == 200, answer.content
    return {"HTTP_AUTHORIZATION": f"Token {answer.json()['token']}"}


@pytest.fixture
def lisi(client, staffed):
    return token_for(client, "lisi")


def post(client, url, auth, data=None):
    return client.post(url, json.dumps(data or {}), content_type="application/json", **auth)


def test_the_summary_and_the_estimate_are_the_portals(client, staffed, lisi):
    summary = client.get("/api/me/summary/", **lisi).json()
    assert summary["name"] == "李四" and summary["code"] == str(staffed.lisi.code)
    assert summary["case"] is None and summary["wage_months"] == 12 and Decimal(summary["average_wage"]) == 12000
    assert summary["has_receipt"] is False and summary["employment_ended"] is False
    day = (timezone.localdate() + dt.timedelta(days=60)).isoformat()
    estimate = client.get(f"/api/me/estimate/?ground=mutual_employer_initiated&separation_date={day}", **lisi).json()
    assert estimate["result"]["lawful"] is True and Decimal(estimate["result"]["total"]) > 0
    assert any(line["item"] == "economic_compensation" for line in estimate["result"]["lines"])
    bad = client.get("/api/me/estimate/?ground=nosuch", **lisi)
    assert bad.status_code == 400 and "ground" in bad.json()


def test_the_estimate_carries_the_pages_annual_leave_assumption(client, staffed, lisi):
    """The days of this year's leave counted as taken (the portal knows none: 0) and the page's sentence."""
    day = dt.date(timezone.localdate().year, 12, 31).isoformat()  # this year (a later one keeps this year's leave)
    url = f"/api/me/estimate/?ground=mutual_employer_initiated&separation_date={day}"
    without = client.get(url, **lisi).json()  # no first working day on file: no annual-leave pay
    assert not any(line["item"] == "annual_leave_pay" for line in without["result"]["lines"])
    assert without["annual_leave_assumption"] is None
    staffed.lisi.first_work_date = dt.date(2015, 7, 1)  # cumulative service: annual leave applies
    staffed.lisi.save(update_fields=["first_work_date"])
    estimate = client.get(url, **lisi).json()
    assert any(line["item"] == "annual_leave_pay" for line in estimate["result"]["lines"])
    assumption = estimate["annual_leave_assumption"]
    assert assumption["days_taken_this_year"] == "0"  # as HR writes a day count, not "0.0"
    assert assumption["text"] == ("含未休年休假工资：本估算假设您今年已休年休假 0 天（系统中没有您今年的休假记录）；"
                                  "已休的每一天都会使这一项减少，以HR核对的天数为准。")
    client.force_login(staffed.users["employee"])  # the portal page says the same words
    page = client.get("/me/", {"ground": "mutual_employer_initiated", "separation_date": day}).content.decode()
    assert f'<div class="small text-muted mb-3" id="estimate-leave-assumption">{assumption["text"]}</div>' in page


def test_other_roles_are_refused_and_an_outsider_has_nothing(client, staffed):
    hr = token_for(client, "hrbp")
    for url in ("/api/me/summary/", "/api/me/messages/", "/api/me/documents/", "/api/me/talks/",
                "/api/me/exit-survey/", "/api/me/explanations/"):
        assert client.get(url, **hr).status_code == 403, url
    assert post(client, "/api/me/resignation/", hr, {"confirm": True}).status_code == 403
    assert not SeparationCase.objects.exists()
    assert client.get("/api/me/summary/").status_code == 403  # no token, no session


def test_a_notice_given_by_the_api_is_recorded_and_its_receipt_verifies(client, staffed, lisi, tmp_path):
    refused = post(client, "/api/me/resignation/", lisi, {"reason": "个人发展", "confirm": False})
    assert refused.status_code == 400 and "confirm" in refused.json()
    yesterday = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    backdated = post(client, "/api/me/resignation/", lisi, {"reason": "个人发展", "confirm": True,
                                                             "notice_date": yesterday})
    assert backdated.status_code == 400 and "notice_date" in backdated.json()
    assert not SeparationCase.objects.exists()

    given = post(client, "/api/me/resignation/", lisi, {"reason": "个人发展，感谢栽培", "confirm": True})
    assert given.status_code == 201, given.content
    case = SeparationCase.objects.get(employee=staffed.lisi)
    assert given.json()["case"]["status"] == CaseStatus.NOTICE_RECEIVED
    assert given.json()["case"]["separation_date"] == case.separation_date.isoformat()
    entry = receipts.notice_entry(case)
    assert entry.event == receipts.NOTICE_EVENT and "个人发展，感谢栽培" in json.loads(entry.payload)["text"]
    assert post(client, "/api/me/resignation/", lisi, {"confirm": True}).status_code == 409  # one open case

    assert client.get("/api/me/summary/", **lisi).json()["has_receipt"] is True
    pdf = client.post("/api/me/receipt/pdf/", **lisi)
    assert pdf.status_code == 200 and pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    issued = LedgerEntry.objects.get(event=receipts.RECEIPT_EVENT)
    assert issued.actor == staffed.users["employee"]
    package = client.post("/api/me/receipt/zip/", **lisi)
    assert package.status_code == 200 and package["Content-Type"] == "application/zip"
    path = tmp_path / "receipt.zip"
    path.write_bytes(package.content)
    from tests.portal.test_resignation_receipt import verify

    assert "2 files and 2 ledger entries match" in verify(path)
    assert client.post("/api/me/receipt/docx/", **lisi).status_code == 404


def test_messages_and_demands_are_on_my_own_case_only(client, staffed, lisi, soon):
    assert post(client, "/api/me/messages/", lisi, {"body": "你好"}).status_code == 404  # no case yet
    hr = staffed.users["hrbp_sales"]
    case = services.open_case(staffed.lisi, "mutual_employer", actor=hr, separation_date=soon)
    other = services.open_case(staffed.zhaoliu, "mutual_employer", actor=hr, separation_date=soon)
    services.post_message(other, "给赵六的消息", actor=hr, from_employee=False)
    services.post_message(case, "HR：请来面谈", actor=hr, from_employee=False)
    sent = post(client, "/api/me/messages/", lisi, {"body": "好的，周三可以"})
    assert sent.status_code == 201 and sent.json()["from_employee"] is True
    thread = client.get("/api/me/messages/", **lisi).json()
    assert [m["body"] for m in thread] == ["HR：请来面谈", "好的，周三可以"]
    assert CaseMessage.objects.filter(case=case, from_employee=True).count() == 1
    blank = post(client, "/api/me/messages/", lisi, {"body": ""})
    assert blank.status_code == 400 and "body" in blank.json()

    demand = post(client, "/api/me/demands/", lisi, {"amount": "80000.00", "reason": "工作年限长"})
    assert demand.status_code == 201, demand.content
    assert EmployeeDemand.objects.get(case=case).amount == Decimal("80000.00")
    assert not EmployeeDemand.objects.filter(case=other).exists()
    assert [d["reason"] for d in client.get("/api/me/demands/", **lisi).json()] == ["工作年限长"]


def test_the_message_list_reads_a_fixed_number_of_queries(client, staffed, lisi, soon):
    case = services.open_case(staffed.lisi, "mutual_employer", actor=staffed.users["hrbp_sales"],
                              separation_date=soon)
    post(client, "/api/me/messages/", lisi, {"body": "一"})
    with CaptureQueriesContext(connection) as few:
        client.get("/api/me/messages/", **lisi)
    for i in range(10):
        services.post_message(case, f"第{i}条", actor=staffed.users["hrbp_sales"], from_employee=False)
    with CaptureQueriesContext(connection) as many:
        assert len(client.get("/api/me/messages/", **lisi).json()) == 11
    assert len(many) == len(few)


def test_confirm_is_404_without_a_step_waiting_for_me(client, staffed, lisi):
    assert post(client, "/api/me/case/confirm/", lisi).status_code == 404


def test_explanations_are_asked_and_read_as_on_the_page(client, staffed, lisi):
    asked = post(client, "/api/me/explanations/", lisi, {"question": "为什么我被评为高风险？"})
    assert asked.status_code == 201, asked.content
    again = post(client, "/api/me/explanations/", lisi, {"question": "再问一次"})
    assert again.status_code == 400  # one open request at a time
    item = ExplanationRequest.objects.get(employee=staffed.lisi)
    listed = client.get("/api/me/explanations/", **lisi).json()
    assert [row["code"] for row in listed] == [str(item.code)] and listed[0]["status"] == "open"


def test_an_employees_documents_and_talk_records_are_their_own(client, staffed, lisi, soon):
    from farewell.talks import services as talks

    hr = staffed.users["hrbp_sales"]
    assert client.get("/api/me/documents/", **lisi).json() == []
    assert client.get("/api/me/documents/00000000-0000-0000-0000-0000000000aa/", **lisi).status_code == 404
    mine = services.open_case(staffed.lisi, "mutual_employer", actor=hr, separation_date=soon)
    theirs = services.open_case(staffed.zhaoliu, "mutual_employer", actor=hr, separation_date=soon)
    records = {}
    for employee, case in ((staffed.lisi, mine), (staffed.zhaoliu, theirs)):
        plan = talks.generate_plan(employee, actor=hr, case=case)
        conversation = talks.start_conversation(plan, actor=hr, held_at=timezone.now(), place="会议室")
        talks.sign_conversation(conversation, actor=hr)
        records[employee.name] = conversation
    listed = client.get("/api/me/talks/", **lisi).json()
    assert [row["code"] for row in listed] == [str(records["李四"].code)]
    assert client.get(f"/api/me/talks/{records['赵六'].code}/pdf/", **lisi).status_code == 404
    assert post(client, f"/api/me/talks/{records['赵六'].code}/acknowledge/", lisi).status_code == 404
    done = post(client, f"/api/me/talks/{records['李四'].code}/acknowledge/", lisi, {"comment": "属实"})
    assert done.status_code == 200 and done.json()["acknowledged_at"]
    assert post(client, f"/api/me/talks/{records['李四'].code}/acknowledge/", lisi).status_code == 409


def test_the_exit_survey_is_answered_once_through_the_api(client, staffed, lisi):
    from farewell.exits import services as exits
    from farewell.exits.models import ExitReason, ExitSurvey, SurveyStatus

    assert client.get("/api/me/exit-survey/", **lisi).json()["status"] is None
    departure = exits.open_departure(staffed.lisi, acting_user=staffed.users["hrbp_sales"],
                                     separation_date=timezone.localdate() + dt.timedelta(days=20))
    exits.send_survey(departure, acting_user=staffed.users["hrbp_sales"])
    shown = client.get("/api/me/exit-survey/", **lisi).json()
    assert shown["status"] == SurveyStatus.SENT and shown["questions"]
    answers = {}
    for question in shown["questions"]:
        if question["kind"] == "scale":
            answers[str(question["id"])] = "4"
        elif question["kind"] == "reason":
            answers[str(question["id"])] = str(ExitReason.objects.get(company=staffed.company, code="pay").pk)
        else:
            answers[str(question["id"])] = "希望调薪更透明"
    scale = next(q for q in shown["questions"] if q["kind"] == "scale")  # 1–5: a 9 is refused
    bad = post(client, "/api/me/exit-survey/", lisi, {"answers": {str(scale["id"]): "9"}})
    assert bad.status_code == 400 and "answers" in bad.json()
    done = post(client, "/api/me/exit-survey/", lisi, {"answers": answers, "consent_named": True})
    assert done.status_code == 200 and done.json()["status"] == SurveyStatus.ANSWERED
    survey = ExitSurvey.objects.get(departure=departure)
    assert survey.consent_named is True and survey.answers.count() == len(answers)
    assert post(client, "/api/me/exit-survey/", lisi, {"answers": answers}).status_code == 409


def test_my_copy_is_a_recorded_zip(client, staffed, lisi):
    response = client.post("/api/me/copy/", **lisi)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert "summary.pdf" in archive.namelist()
    assert LedgerEntry.objects.filter(event="portal.employee_copy.exported", actor=staffed.users["employee"]).exists()


def test_hr_receipt_and_copy_need_the_case_in_scope(client, staffed, soon):
    from tests.factories import make_employee

    hr = staffed.users["hrbp_sales"]
    case = services.open_case(staffed.lisi, "mutual_employer", actor=hr, separation_date=soon)
    rnd = make_employee(staffed.rnd, "研发甲")
    rnd_case = services.open_case(rnd, "mutual_employer", actor=staffed.users["hr_admin"], separation_date=soon)
    auth = token_for(client, "hrbp")
    # Not a resignation: nothing to issue. Outside the HRBP's units: not found.
    assert client.post(f"/api/cases/{case.code}/resignation-receipt/pdf/", **auth).status_code == 404
    assert client.post(f"/api/cases/{rnd_case.code}/employee-copy/", **auth).status_code == 404
    assert client.post(f"/api/cases/{case.code}/employee-copy/", **auth).status_code == 200
    manager = token_for(client, "manager")
    assert client.post(f"/api/cases/{case.code}/employee-copy/", **manager).status_code == 403
