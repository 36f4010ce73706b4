"""/api/exits/: departures and interviews (HR, scoped), the report and survey results in aggregate
(groups under 5 suppressed), improvement actions."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.exits import services
from farewell.exits.models import ExitInterview, ExitReason, SurveyQuestion
from farewell.ledger.models import LedgerEntry
from tests.exits.conftest import leave, staff
from tests.factories import Role, make_user

DAY = dt.date(2026, 6, 30)


def test_departures_are_scoped(client, world):
    mine = leave(world.zhaoliu, DAY)
    other = leave(world.chenqi, DAY)
    client.force_login(world.users["hrbp_sales"])
    body = client.get("/api/exits/departures/").json()
    assert [d["code"] for d in body["results"]] == [str(mine.code)]
    assert client.get(f"/api/exits/departures/{other.code}/").status_code == 404
    assert client.get(f"/api/exits/departures/{mine.code}/").json()["employee_number"] == world.zhaoliu.employee_number


@pytest.mark.parametrize("persona", ["legal", "manager", "approver", "employee", "auditor", "outsider"])
def test_departures_are_hrs_only(client, world, persona):
    departure = leave(world.zhaoliu, DAY)
    client.force_login(world.users[persona])
    assert client.get("/api/exits/departures/").status_code == 403
    assert client.get(f"/api/exits/departures/{departure.code}/").status_code == 403
    assert client.post(f"/api/exits/departures/{departure.code}/interviews/", {"held_at": "2026-06-20T10:00:00"},
                       content_type="application/json").status_code == 403


def test_the_departure_list_reads_a_fixed_number_of_queries(client, world):
    client.force_login(world.users["hr_admin"])
    leave(world.zhaoliu, DAY)
    with CaptureQueriesContext(connection) as few:
        client.get("/api/exits/departures/")
    for person in staff(world.sales, 8):
        leave(person, DAY)
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/exits/departures/").json()["count"] == 9
    assert len(many) == len(few)


def test_an_interview_is_opened_edited_signed_and_corrected(client, world):
    departure = leave(world.zhaoliu, DAY)
    client.force_login(world.users["hrbp_sales"])
    opened = client.post(f"/api/exits/departures/{departure.code}/interviews/",
                         {"held_at": "2026-06-20T10:00:00+08:00", "channel": "phone"}, content_type="application/json")
    assert opened.status_code == 201, opened.json()
    code = opened.json()["code"]
    reason = ExitReason.objects.filter(active=True, parent__isnull=False).first() or ExitReason.objects.first()
    edited = client.patch(f"/api/exits/interviews/{code}/", {
        "statements": "想离家近一些", "would_return": True,
        "stated_reasons": [{"reason": reason.code, "primary": True}]}, content_type="application/json")
    assert edited.status_code == 200, edited.json()
    assert edited.json()["reasons"][0]["reason"] == reason.code
    two_primaries = client.patch(f"/api/exits/interviews/{code}/", {"stated_reasons": [
        {"reason": reason.code, "primary": True}, {"reason": reason.code, "primary": True}]},
        content_type="application/json")
    assert two_primaries.status_code == 400 and "non_field_errors" in two_primaries.json()
    signed = client.post(f"/api/exits/interviews/{code}/sign/")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    assert LedgerEntry.objects.filter(event="exits.interview.signed").exists()
    locked = client.patch(f"/api/exits/interviews/{code}/", {"statements": "改"}, content_type="application/json")
    assert locked.status_code == 400
    correction = client.post(f"/api/exits/interviews/{code}/correct/", {"reason": "记错了"},
                             content_type="application/json")
    assert correction.status_code == 201 and correction.json()["version"] == 2
    assert ExitInterview.objects.count() == 2


def test_classify_names_the_field(client, world):
    departure = leave(world.zhaoliu, DAY)
    client.force_login(world.users["hr_admin"])
    bad = client.post(f"/api/exits/departures/{departure.code}/classify/", {"kind": "nope"},
                      content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()) == ["kind"]
    good = client.post(f"/api/exits/departures/{departure.code}/classify/", {"kind": "voluntary", "regrettable": True},
                       content_type="application/json")
    assert good.status_code == 200 and good.json()["kind"] == "voluntary" and good.json()["regrettable"] is True


def _answered(world, people, score):
    for person in people:
        login = make_user(f"login-{person.pk}", Role.EMPLOYEE, employee=person)
        departure = leave(person, DAY, separated=False)
        survey = services.send_survey(departure, acting_user=world.users["hr_admin"])
        answers = {}
        for q in SurveyQuestion.objects.filter(active=True):
            if q.kind == "scale":
                answers[q.pk] = score
            elif q.kind == "reason":
                answers[q.pk] = ExitReason.objects.get(code="pay")
            else:
                answers[q.pk] = "希望调薪更透明"
        services.answer_survey(survey, acting_user=login, answers=answers, consent_named=False)


def test_survey_results_are_suppressed_under_five_answers(client, world):
    _answered(world, staff(world.sales, 4, prefix="甲"), 2)
    client.force_login(world.users["approver"])
    body = client.get("/api/exits/survey-results/").json()
    assert body["questions"] and all(q["suppressed"] and q["average"] is None for q in body["questions"])
    assert all(t["answers"] is None for t in body["texts"])
    _answered(world, staff(world.sales, 1, prefix="乙"), 4)
    body = client.get("/api/exits/survey-results/").json()
    assert all(not q["suppressed"] and q["answers"] == 5 for q in body["questions"])
    assert body["questions"][0]["average"] == "2.40"


def test_the_report_suppresses_small_groups(client, world):
    leave(world.zhaoliu, DAY)
    client.force_login(world.users["approver"])
    body = client.get("/api/exits/report/", {"granularity": "year", "year": 2026}).json()
    assert body["total"]["suppressed"] is True and "leavers" not in body["total"]
    bad = client.get("/api/exits/report/", {"granularity": "decade"})
    assert bad.status_code == 400 and "granularity" in bad.json()
    # The page leaves a bad unit out and says so beside the field; the API names it (500 for a while: the
    # page's filter helper changed what it returns).
    bad_unit = client.get("/api/exits/report/", {"granularity": "year", "year": 2026, "unit": "nope"})
    assert bad_unit.status_code == 400 and "unit" in bad_unit.json()
    export = client.get("/api/exits/report/export/", {"granularity": "year", "year": 2026})
    assert export.status_code == 200 and export["Content-Type"].startswith("application/vnd.openxmlformats")


def test_actions_are_created_and_updated(client, world):
    client.force_login(world.users["hr_admin"])
    reason = ExitReason.objects.get(code="pay")
    created = client.post("/api/exits/actions/", {
        "title": "薪酬透明", "reason": reason.code, "cluster_start": "2026-01-01", "cluster_end": "2026-06-30",
        "owner": "approver", "due_date": "2026-12-31", "started_on": "2026-07-01"}, content_type="application/json")
    assert created.status_code == 201, created.json()
    code = created.json()["code"]
    missing = client.post("/api/exits/actions/", {"title": "x"}, content_type="application/json")
    assert missing.status_code == 400 and {"reason", "owner", "due_date"} <= set(missing.json())
    client.force_login(world.users["approver"])  # the owner
    assert [a["code"] for a in client.get("/api/exits/actions/").json()["results"]] == [code]
    updated = client.patch(f"/api/exits/actions/{code}/", {"status": "in_progress", "evidence": "已公布薪酬带宽"},
                           content_type="application/json")
    assert updated.status_code == 200 and updated.json()["status"] == "in_progress"
    assert client.post("/api/exits/actions/", {}, content_type="application/json").status_code == 403


def test_feedback_summary_and_survey_are_sent_through_the_api(client, world, mailoutbox):
    login = make_user("zhaoliu", Role.EMPLOYEE, employee=world.zhaoliu)
    departure = leave(world.zhaoliu, DAY, separated=False)
    client.force_login(world.users["hrbp_sales"])
    fed = client.post(f"/api/exits/departures/{departure.code}/manager-feedback/",
                      {"day": "2026-07-01", "note": "沟通方式需改进"}, content_type="application/json")
    assert fed.status_code == 200, fed.json()
    no_note = client.post(f"/api/exits/departures/{departure.code}/manager-feedback/", {"day": "2026-07-01"},
                          content_type="application/json")
    assert no_note.status_code == 400 and list(no_note.json()) == ["note"]
    summary = client.post(f"/api/exits/departures/{departure.code}/summary/", {"advice": "保持学习", "shared": True},
                          content_type="application/json")
    assert summary.status_code == 200
    departure.refresh_from_db()
    assert departure.summary_shared and departure.manager_feedback == "沟通方式需改进"
    sent = client.post(f"/api/exits/departures/{departure.code}/survey/", {}, content_type="application/json")
    assert sent.status_code == 200 and login.notifications.exists()
    bad_mail = client.post(f"/api/exits/departures/{departure.code}/survey/", {"email": "nope"},
                           content_type="application/json")
    assert bad_mail.status_code == 400 and "email" in bad_mail.json()


# --- opening a departure, the alumni list (the pages' operations) --------------------------------


def test_hr_opens_a_leavers_departure_through_the_api(client, world):
    from farewell.org.models import Employee, EmployeeStatus

    Employee.objects.filter(pk=world.zhaoliu.pk).update(status=EmployeeStatus.SEPARATED, separation_date=DAY)
    client.force_login(world.users["hrbp_sales"])
    first = client.post(f"/api/exits/employees/{world.zhaoliu.code}/departure/")
    assert first.status_code == 201 and first.json()["separation_date"] == "2026-06-30"
    again = client.post(f"/api/exits/employees/{world.zhaoliu.code}/departure/")
    assert again.status_code == 200 and again.json()["code"] == first.json()["code"]
    assert client.post(f"/api/exits/employees/{world.chenqi.code}/departure/").status_code == 404  # 研发部
    assert client.post(f"/api/exits/employees/{world.lisi.code}/departure/").status_code == 400  # no date


def test_alumni_are_added_and_listed_in_scope_with_a_bounded_query_count(client, world):
    client.force_login(world.users["hrbp_sales"])
    departure = leave(world.zhaoliu, DAY)
    assert client.post(f"/api/exits/departures/{departure.code}/alumni/", {"email": "zl@example.com"},
                       content_type="application/json").status_code == 400  # consent required
    added = client.post(f"/api/exits/departures/{departure.code}/alumni/", {
        "email": "zl@example.com", "consent_note": "2026-06-28 面谈中同意"}, content_type="application/json")
    assert added.status_code == 201 and added.json()["departure"] == str(departure.code)
    other = leave(world.chenqi, DAY)
    assert client.post(f"/api/exits/departures/{other.code}/alumni/", {
        "email": "cq@example.com", "consent_note": "x"}, content_type="application/json").status_code == 404
    with CaptureQueriesContext(connection) as few:
        body = client.get("/api/exits/alumni/").json()
    assert [a["employee_name"] for a in body["results"]] == [world.zhaoliu.name]
    assert body["results"][0]["personal_email"] == "zl@example.com"
    for i, person in enumerate(staff(world.sales, 4)):
        d = leave(person, DAY)
        client.post(f"/api/exits/departures/{d.code}/alumni/", {"email": f"p{i}@example.com", "consent_note": "x"},
                    content_type="application/json")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/exits/alumni/").json()["count"] == 5
    assert len(many) == len(few)
    assert client.get("/api/exits/alumni/?q=nobody").json()["count"] == 0
