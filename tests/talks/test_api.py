"""/api/talks/: every persona × every endpoint, the manager-participant rule, the transcript's
words only for HR and legal (and logged), uploads as JSON or plain text, bounded query counts."""

from __future__ import annotations

import datetime as dt

import pytest
import yaml
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.accounts.models import AccessLog
from farewell.talks import services
from farewell.talks.models import Participant, Transcript
from tests.factories import Role, make_user

from .conftest import TRANSCRIPT

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider")

# The manager 王经理 takes part in the conversation by default (the employee's manager).
GET_MATRIX = {
    "/api/talks/cases/{case}/plans/":          (200, 200, 200, 403, 403, 403, 403, 403),
    "/api/talks/plans/{plan}/":                (200, 200, 200, 403, 403, 403, 403, 403),
    "/api/talks/cases/{case}/conversations/":  (200, 200, 200, 200, 403, 403, 403, 403),
    "/api/talks/conversations/{conversation}/": (200, 200, 200, 200, 403, 403, 403, 403),
    "/api/talks/transcripts/{transcript}/":    (200, 200, 200, 200, 403, 403, 403, 403),
}  # fmt: skip

UPLOAD = "/api/talks/conversations/{conversation}/transcripts/"
UPLOAD_MATRIX = (201, 201, 403, 403, 403, 403, 403, 403)


@pytest.fixture
def transcript(world, conversation):
    return services.add_transcript(conversation, TRANSCRIPT, actor=world.users["hrbp_sales"])


@pytest.fixture
def urls(world, case, plan, conversation, transcript):
    return {"plan": plan.code, "case": case.code, "conversation": conversation.code, "transcript": transcript.code}


@pytest.mark.parametrize("url", GET_MATRIX)
def test_get_matrix(client, world, urls, url):
    for persona, expected in zip(PERSONAS, GET_MATRIX[url], strict=True):
        client.force_login(world.users[persona])
        response = client.get(url.format(**urls))
        assert response.status_code == expected, (persona, url, response.status_code)


def test_upload_matrix(client, world, urls):
    for persona, expected in zip(PERSONAS, UPLOAD_MATRIX, strict=True):
        client.force_login(world.users[persona])
        response = client.post(UPLOAD.format(**urls), {"text": "HR：你好\n员工：你好"}, content_type="application/json")
        assert response.status_code == expected, (persona, response.status_code)
    assert Transcript.objects.count() == 1 + UPLOAD_MATRIX.count(201)


@pytest.mark.parametrize("url", [*GET_MATRIX, UPLOAD])
def test_the_anonymous_visitor_is_refused(client, urls, url):
    response = client.post(url.format(**urls), {}) if url == UPLOAD else client.get(url.format(**urls))
    assert response.status_code in (401, 403)
    assert "李四" not in response.content.decode()


@pytest.mark.parametrize("url", [*GET_MATRIX, UPLOAD])
def test_an_hrbp_of_another_unit_gets_404(client, world, urls, url):
    client.force_login(make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd))
    response = client.post(url.format(**urls), {}) if url == UPLOAD else client.get(url.format(**urls))
    assert response.status_code == 404


def test_unknown_codes_are_404(client, world, db):
    client.force_login(world.users["hr_admin"])
    missing = "00000000-0000-0000-0000-000000000000"
    for url in GET_MATRIX:
        assert client.get(url.format(case=missing, plan=missing, conversation=missing,
                                     transcript=missing)).status_code == 404


def test_a_manager_who_did_not_take_part_sees_no_record(client, world, urls):
    Participant.objects.filter(role="manager").delete()
    client.force_login(world.users["manager"])
    response = client.get(f"/api/talks/cases/{urls['case']}/conversations/")
    assert response.status_code == 200 and response.json()["results"] == []
    assert client.get(f"/api/talks/conversations/{urls['conversation']}/").status_code == 403
    assert client.get(f"/api/talks/transcripts/{urls['transcript']}/").status_code == 403


def test_the_lists_carry_the_case_records(client, world, urls, plan, conversation):
    client.force_login(world.users["legal"])
    plans = client.get(f"/api/talks/cases/{urls['case']}/plans/").json()["results"]
    assert [p["code"] for p in plans] == [str(plan.code)]
    assert plans[0]["employee_name"] == "李四" and plans[0]["case"] == str(urls["case"])
    rows = client.get(f"/api/talks/cases/{urls['case']}/conversations/").json()["results"]
    assert [(r["code"], r["status"], r["transcript_count"], r["plan"]) for r in rows] == [
        (str(conversation.code), "draft", 1, str(plan.code))]


def test_the_plan_detail_has_its_texts_and_facts(client, world, plan):
    client.force_login(world.users["hrbp_sales"])
    body = client.get(f"/api/talks/plans/{plan.code}/").json()
    assert body["title"] == plan.title and body["compliance"] == plan.compliance_list
    assert body["facts"] and {"section", "text"} <= set(body["facts"][0])


def test_the_record_detail_has_participants_checklist_and_versions(client, world, conversation, transcript):
    services.sign_conversation(conversation, actor=world.users["hrbp_sales"])
    new = services.correct_conversation(conversation, actor=world.users["hrbp_sales"], reason="时间记错")
    client.force_login(world.users["manager"])
    body = client.get(f"/api/talks/conversations/{conversation.code}/").json()
    assert body["status"] == "signed" and body["correction"] == str(new.code) and body["acknowledged_at"] is None
    assert {p["role"] for p in body["participants"]} == {"hr", "employee", "manager"}
    assert [c["order"] for c in body["checklist"]] == list(range(1, len(body["checklist"]) + 1))
    assert body["transcripts"][0]["escalation_phrases"] == transcript.escalation_phrases
    later = client.get(f"/api/talks/conversations/{new.code}/").json()
    assert later["version"] == 2 and later["previous"] == str(conversation.code) and later["correction"] is None


def test_hr_and_legal_read_the_words_and_each_read_is_logged(client, world, urls):
    for persona in ("hrbp_sales", "legal"):
        client.force_login(world.users[persona])
        body = client.get(f"/api/talks/transcripts/{urls['transcript']}/").json()
        assert body["text_shown"] is True
        assert any(row["text"] == "我要去劳动仲裁，我已经咨询了律师。" for row in body["utterances"])
        log = AccessLog.objects.get(actor=world.users[persona])
        assert (log.object_type, log.field, log.employee) == ("talks.transcript", "text", world.lisi)


def test_a_participating_manager_sees_the_analysis_but_not_the_words(client, world, urls):
    client.force_login(world.users["manager"])
    response = client.get(f"/api/talks/transcripts/{urls['transcript']}/")
    body = response.json()
    assert body["text_shown"] is False and all(row["text"] is None for row in body["utterances"])
    assert "劳动仲裁" in body["escalation_phrases"]  # the phrase found, never the sentence
    escalated = [row for row in body["utterances"] if row["phrases"]]
    assert escalated and {"sentiment", "emotion", "emotions", "turn", "stamp"} <= set(escalated[0])
    assert "咨询了律师" not in response.content.decode()
    assert not AccessLog.objects.filter(actor=world.users["manager"]).exists()


def test_hr_uploads_a_plain_text_body(client, world, conversation):
    client.force_login(world.users["hrbp_sales"])
    text = "[00:00:05] HR：你好\n[00:00:12] 员工：我要申请劳动仲裁\n"
    response = client.post(f"/api/talks/conversations/{conversation.code}/transcripts/", text.encode("utf-8"),
                           content_type="text/plain; charset=utf-8")
    assert response.status_code == 201, response.content
    body = response.json()
    assert (body["format"], body["utterance_count"], body["escalation_phrases"]) == ("timestamped", 2, ["仲裁", "劳动仲裁"])
    assert Transcript.objects.get(code=body["code"]).conversation == conversation


def test_hr_uploads_json_with_a_format(client, world, conversation):
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/api/talks/conversations/{conversation.code}/transcripts/",
                           {"text": "第一句。第二句。", "format": "plain"}, content_type="application/json")
    assert response.status_code == 201 and response.json()["format"] == "plain"


@pytest.mark.parametrize(("body", "content_type"), [
    ({"text": "   \n"}, "application/json"),
    ({"text": "你好", "format": "docx"}, "application/json"),
    ({}, "application/json"),
    ("你好".encode("gbk"), "text/plain; charset=utf-8"),
])
def test_a_bad_upload_is_400(client, world, conversation, body, content_type):
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/api/talks/conversations/{conversation.code}/transcripts/", body,
                           content_type=content_type)
    assert response.status_code == 400
    assert not Transcript.objects.exists()


def test_the_schema_lists_the_talks_endpoints(tmp_path, db):
    out = tmp_path / "schema.yml"
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    paths = yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    for path in ("/api/talks/cases/{case_code}/plans/", "/api/talks/cases/{case_code}/conversations/",
                 "/api/talks/plans/{code}/", "/api/talks/conversations/{code}/",
                 "/api/talks/conversations/{code}/transcripts/", "/api/talks/transcripts/{code}/"):
        assert path in paths
    assert "text/plain" in paths["/api/talks/conversations/{code}/transcripts/"]["post"]["requestBody"]["content"]


# --- query counts ----------------------------------------------------------------------------


def _count(client, url) -> int:
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def _more_records(world, plan, n):
    for i in range(n):
        c = services.start_conversation(plan, actor=world.users["hrbp_sales"],
                                        held_at=timezone.now() - dt.timedelta(days=i + 1), place=f"会议室{i}")
        services.add_transcript(c, "HR：你好\n员工：好的", actor=world.users["hrbp_sales"])
        services.generate_plan(world.lisi, actor=world.users["hrbp_sales"], case=plan.case)


def test_the_lists_take_the_same_queries_for_few_and_many(client, world, urls, plan):
    client.force_login(world.users["manager"])  # the manager's filter is the most involved
    conversations = f"/api/talks/cases/{urls['case']}/conversations/"
    few = _count(client, conversations)
    client.force_login(world.users["legal"])
    few_plans = _count(client, f"/api/talks/cases/{urls['case']}/plans/")
    _more_records(world, plan, 4)
    client.force_login(world.users["manager"])
    assert len(client.get(conversations).json()["results"]) == 5
    assert _count(client, conversations) == few
    client.force_login(world.users["legal"])
    assert _count(client, f"/api/talks/cases/{urls['case']}/plans/") == few_plans


def test_the_record_and_the_timeline_take_the_same_queries_for_few_and_many(client, world, conversation):
    client.force_login(world.users["hrbp_sales"])
    short = services.add_transcript(conversation, "HR：你好\n员工：好的", actor=world.users["hrbp_sales"])
    few_record = _count(client, f"/api/talks/conversations/{conversation.code}/")
    few_timeline = _count(client, f"/api/talks/transcripts/{short.code}/")
    long = services.add_transcript(conversation, TRANSCRIPT * 3, actor=world.users["hrbp_sales"])
    services.update_conversation(conversation, actor=world.users["hrbp_sales"], fields={}, next_steps=[
        {"action": f"事项{i}", "owner": "HR", "due_date": None} for i in range(5)])
    assert _count(client, f"/api/talks/conversations/{conversation.code}/") == few_record
    assert _count(client, f"/api/talks/transcripts/{long.code}/") == few_timeline
