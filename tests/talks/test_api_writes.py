"""/api/talks/ writes over HTTP: a plan generated and edited, a conversation recorded from it (start,
edit, tick, attach, sign, correct), an attachment downloaded, a recording transcribed, the evidence
package, the lists, and the talk settings — with the page's checks (content, consent, encryption,
access log, ledger) and refusals: another unit 404, legal and the manager 403, a signed record 409,
errors naming the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.accounts.models import AccessLog
from farewell.ledger.models import LedgerEntry
from farewell.privacy.models import Consent
from farewell.talks import services
from farewell.talks.models import Attachment, Conversation, EscalationPhrase, PlanTemplate, TalkPlan
from tests.factories import Role, give_consent, make_company, make_employee, make_unit, make_user

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider")
HR_WRITES = (True, True, False, False, False, False, False, False)
PDF = b"%PDF-1.4 the agreement draft"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64


def ledger(event: str) -> int:
    return LedgerEntry.objects.filter(event=event).count()


def test_hr_generates_a_plan_for_a_case_and_an_employee(client, world, case):
    found = []
    for persona in PERSONAS:
        client.force_login(world.users[persona])
        found.append(client.post(f"/api/talks/cases/{case.code}/plans/", {}, content_type="application/json")
                     .status_code)
    assert found == [201, 201, 403, 403, 403, 403, 403, 403]
    client.force_login(world.users["hrbp_sales"])
    body = client.post(f"/api/talks/employees/{world.lisi.code}/plans/", {"situation": "likely_leaver"},
                       content_type="application/json")
    assert body.status_code == 201 and body.json()["situation"] == "likely_leaver" and body.json()["case"] is None
    assert ledger("talks.plan.generated") == 3
    listed = client.get(f"/api/talks/employees/{world.lisi.code}/plans/").json()
    assert listed["count"] == 3
    bad = client.post(f"/api/talks/employees/{world.lisi.code}/plans/", {"situation": "cs_resignation"},
                      content_type="application/json")  # a civil servant's situation for a labour contract
    assert bad.status_code == 400 and list(bad.json()) == ["situation"]
    unknown = client.post(f"/api/talks/employees/{world.lisi.code}/plans/", {"situation": "nope"},
                          content_type="application/json")
    assert unknown.status_code == 400 and list(unknown.json()) == ["situation"]


def test_another_unit_and_another_company_are_not_found(client, world, case, plan, conversation):
    other = make_company(name="别家公司")
    make_employee(make_unit(other, "总部"), "外人")
    for user in (make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd),
                 make_user("hr_other", Role.HR_ADMIN, company=other)):
        client.force_login(user)
        for method, url, data in (
                ("post", f"/api/talks/cases/{case.code}/plans/", {}),
                ("post", f"/api/talks/employees/{world.lisi.code}/plans/", {}),
                ("patch", f"/api/talks/plans/{plan.code}/", {"title": "x"}),
                ("post", f"/api/talks/plans/{plan.code}/conversations/", {"held_at": "2026-01-05T10:00", "place": "x"}),
                ("patch", f"/api/talks/conversations/{conversation.code}/", {"notes": "x"}),
                ("post", f"/api/talks/conversations/{conversation.code}/checklist/1/", {"done": True}),
                ("post", f"/api/talks/conversations/{conversation.code}/sign/", {}),
                ("post", f"/api/talks/conversations/{conversation.code}/correct/", {"reason": "x"}),
                ("post", f"/api/talks/cases/{case.code}/package/", {})):
            response = getattr(client, method)(url, data, content_type="application/json")
            assert response.status_code == 404, (user.username, url, response.status_code)
        assert client.get("/api/talks/conversations/").json()["count"] == 0
        assert client.get("/api/talks/plans/").json()["count"] == 0
    assert TalkPlan.objects.count() == 1 and Conversation.objects.get().notes == ""


def test_hr_edits_a_plan_with_errors_naming_the_field(client, world, plan):
    url = f"/api/talks/plans/{plan.code}/"
    client.force_login(world.users["legal"])
    assert client.get(url).status_code == 200
    assert client.patch(url, {"title": "法务改"}, content_type="application/json").status_code == 403
    client.force_login(world.users["hrbp_sales"])
    changed = client.patch(url, {"title": "协商解除沟通（第二次）", "questions": "您怎么看？\n有什么顾虑？"},
                           content_type="application/json")
    assert changed.status_code == 200 and changed.json()["questions"] == ["您怎么看？", "有什么顾虑？"]
    assert changed.json()["compliance"] == plan.compliance_list  # untouched
    entry = LedgerEntry.objects.filter(event="talks.plan.edited").get()
    assert "title" in entry.payload and "compliance" not in entry.payload
    empty = client.patch(url, {"compliance": ""}, content_type="application/json")
    assert empty.status_code == 400 and list(empty.json()) == ["compliance"]
    assert client.put(url, {"title": "x"}, content_type="application/json").status_code == 405


def test_a_conversation_is_recorded_edited_ticked_signed_and_corrected(client, world, plan):
    client.force_login(world.users["legal"])
    start = f"/api/talks/plans/{plan.code}/conversations/"
    assert client.post(start, {"held_at": "2026-01-05T10:00:00+08:00", "place": "会议室"},
                       content_type="application/json").status_code == 403
    client.force_login(world.users["hrbp_sales"])
    bad = client.post(start, {"held_at": "明天", "place": ""}, content_type="application/json")
    assert bad.status_code == 400 and set(bad.json()) == {"held_at", "place"}
    created = client.post(start, {"held_at": "2026-01-05T10:00:00+08:00", "place": "3楼小会议室"},
                          content_type="application/json")
    assert created.status_code == 201
    record = created.json()
    code, url = record["code"], f"/api/talks/conversations/{record['code']}/"
    assert record["status"] == "draft" and {p["role"] for p in record["participants"]} == {"hr", "employee", "manager"}
    assert record["checklist"]
    edited = client.patch(url, {
        "notes": "员工表示理解", "participants": [{"name": "张律师", "role": "witness"},
                                                {"role": "manager", "employee_number": world.boss.employee_number}],
        "next_steps": [{"action": "发送协议草稿", "owner": "HRBP", "due_date": "2026-01-08"}]},
        content_type="application/json")
    assert edited.status_code == 200, edited.json()
    body = edited.json()
    assert body["notes"] == "员工表示理解" and [p["name"] for p in body["participants"]] == ["张律师", "王经理"]
    assert body["next_steps"] == [{"action": "发送协议草稿", "owner": "HRBP", "due_date": "2026-01-08"}]
    wrong = client.patch(url, {"participants": [{"name": "某人", "role": "boss"}],
                               "next_steps": [{"action": "打电话", "owner": ""}]}, content_type="application/json")
    assert wrong.status_code == 400 and set(wrong.json()) == {"participants", "next_steps"}
    ticked = client.post(f"{url}checklist/1/", {"done": True}, content_type="application/json")
    assert ticked.status_code == 200 and ticked.json()["done"] is True
    assert client.post(f"{url}checklist/99/", {"done": True}, content_type="application/json").status_code == 404
    assert client.post(f"{url}checklist/1/", {}, content_type="application/json").status_code == 400
    untold = client.post(f"{url}sign/")  # notices still unticked: named, and a confirmation asked (newuser F9)
    assert untold.status_code == 409 and "尚未勾选" in untold.json()["detail"]
    signed = client.post(f"{url}sign/", {"confirm_untold": True}, content_type="application/json")
    assert signed.status_code == 200 and signed.json()["status"] == "signed"
    # Signed: evidence. A change is refused (409); a correction is a new version.
    assert client.patch(url, {"notes": "改"}, content_type="application/json").status_code == 409
    assert client.post(f"{url}checklist/1/", {"done": False}, content_type="application/json").status_code == 409
    assert client.post(f"{url}sign/").status_code == 409
    assert client.post(f"{url}correct/", {"reason": ""}, content_type="application/json").status_code == 400
    corrected = client.post(f"{url}correct/", {"reason": "时间记错"}, content_type="application/json")
    assert corrected.status_code == 201 and corrected.json()["version"] == 2 and corrected.json()["previous"] == code
    assert client.post(f"{url}correct/", {"reason": "再改"}, content_type="application/json").status_code == 409
    assert Conversation.objects.get(code=code).notes == "员工表示理解"
    events = list(LedgerEntry.objects.filter(object_type="talks.conversation").values_list("event", flat=True))
    for event in ("talks.conversation.opened", "talks.conversation.edited", "talks.checklist.ticked",
                  "talks.conversation.signed", "talks.conversation.correction_opened"):
        assert event in events


def test_who_writes_a_record(client, world, conversation):
    for persona, allowed in zip(PERSONAS, HR_WRITES, strict=True):
        client.force_login(world.users[persona])
        response = client.patch(f"/api/talks/conversations/{conversation.code}/", {"notes": persona},
                                content_type="application/json")
        assert (response.status_code == 200) == allowed, (persona, response.status_code)
        if not allowed:
            assert response.status_code == 403


def test_an_attachment_is_checked_encrypted_logged_and_downloaded(client, world, conversation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    url = f"/api/talks/conversations/{conversation.code}/attachments/"
    client.force_login(world.users["legal"])
    assert client.post(url, {"file": SimpleUploadedFile("a.pdf", PDF)}).status_code == 403
    client.force_login(world.users["hrbp_sales"])
    disguised = client.post(url, {"file": SimpleUploadedFile("agreement.pdf", b"MZ\x90\x00 an exe"), "kind": "document"})
    assert disguised.status_code == 400 and list(disguised.json()) == ["file"]
    assert client.post(url, {"kind": "document"}).json().keys() == {"file"}
    # A recording needs the employee's separate consent (PIPL Art. 29).
    refused = client.post(url, {"file": SimpleUploadedFile("talk.mp3", MP3), "kind": "audio"})
    assert refused.status_code == 400 and "同意" in refused.json()["file"][0]
    created = client.post(url, {"file": SimpleUploadedFile("协议草稿.pdf", PDF), "kind": "document"})
    assert created.status_code == 201, created.json()
    body = created.json()
    attachment = Attachment.objects.get(code=body["code"])
    assert attachment.encrypted and PDF not in attachment.file.open("rb").read()  # encrypted at rest
    assert body["sha256"] == services.sha256_bytes(PDF) and ledger("talks.attachment.added") == 1
    download = client.get(f"/api/talks/attachments/{attachment.code}/", HTTP_ACCEPT="application/octet-stream")
    assert download.status_code == 200 and b"".join(download.streaming_content) == PDF
    log = AccessLog.objects.get(actor=world.users["hrbp_sales"], object_type="talks.attachment")
    assert log.employee == world.lisi and log.field == "file"
    # A document: also the manager who took part; a recording: HR and legal only.
    give_consent(world.lisi, "talk_recording")
    audio = client.post(url, {"file": SimpleUploadedFile("talk.mp3", MP3), "kind": "audio"}).json()
    client.force_login(world.users["manager"])
    assert client.get(f"/api/talks/attachments/{attachment.code}/").status_code == 200
    assert client.get(f"/api/talks/attachments/{audio['code']}/").status_code == 403
    client.force_login(make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd))
    assert client.get(f"/api/talks/attachments/{attachment.code}/").status_code == 404
    assert client.get("/api/talks/attachments/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_a_signed_record_takes_no_attachment(client, world, conversation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    services.sign_conversation(conversation, actor=world.users["hrbp_sales"])
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/api/talks/conversations/{conversation.code}/attachments/",
                           {"file": SimpleUploadedFile("a.pdf", PDF)})
    assert response.status_code == 409 and not Attachment.objects.exists()


def test_a_recording_is_transcribed_only_with_consent(client, world, conversation, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.FAREWELL_SPEECH_ENGINE = "fake"
    consent = give_consent(world.lisi, "talk_recording")
    audio = services.add_attachment(conversation, SimpleUploadedFile("talk.mp3", MP3), actor=world.users["hrbp_sales"],
                                    kind="audio")
    url = f"/api/talks/conversations/{conversation.code}/transcripts/"
    client.force_login(world.users["hrbp_sales"])
    made = client.post(url, {"attachment": str(audio.code)}, content_type="application/json")
    assert made.status_code == 201 and made.json()["source"] == "speech"
    Consent.objects.filter(pk=consent.pk).update(withdrawn_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC))
    refused = client.post(url, {"attachment": str(audio.code)}, content_type="application/json")
    assert refused.status_code == 400
    missing = client.post(url, {"attachment": "00000000-0000-0000-0000-000000000000"}, content_type="application/json")
    assert missing.status_code == 404


def test_the_evidence_package_is_a_zip_for_hr_and_legal(client, world, case, conversation, monkeypatch):
    monkeypatch.setattr("farewell.talks.evidence.html_to_pdf", lambda html, **kw: b"%PDF-1.4 summary")
    services.sign_conversation(conversation, actor=world.users["hrbp_sales"])
    url = f"/api/talks/cases/{case.code}/package/"
    client.force_login(world.users["manager"])
    assert client.post(url).status_code == 403
    client.force_login(world.users["legal"])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"
    assert response.content.startswith(b"PK")


def test_the_lists_are_the_callers_scope_in_a_fixed_number_of_queries(client, world, plan, conversation):
    client.force_login(world.users["manager"])  # took part: the record, no plans
    assert client.get("/api/talks/conversations/").json()["count"] == 1
    assert client.get("/api/talks/plans/").status_code == 403
    client.force_login(world.users["hrbp_sales"])
    with CaptureQueriesContext(connection) as few:
        assert client.get("/api/talks/conversations/").json()["count"] == 1
    for _ in range(4):
        services.start_conversation(plan, actor=world.users["hrbp_sales"], held_at=conversation.held_at, place="x")
    with CaptureQueriesContext(connection) as many:
        assert client.get("/api/talks/conversations/").json()["count"] == 5
    assert len(many) == len(few)
    assert client.get("/api/talks/plans/").json()["results"][0]["code"] == str(plan.code)


@pytest.mark.parametrize("url", ["/api/talks/templates/", "/api/talks/templates/mutual_agreement/",
                                 "/api/talks/phrases/"])
def test_the_talk_settings_are_the_whole_company_admins(client, world, url):
    found = []
    for persona in PERSONAS:
        client.force_login(world.users[persona])
        found.append(client.get(url).status_code)
    assert found == [200, 403, 403, 403, 403, 403, 403, 403]
    other = make_company(name="别家公司")
    client.force_login(world.users["hr_admin"])
    assert client.get(url, {"company": other.pk}).status_code == 404
    client.force_login(make_user("unit_admin", Role.HR_ADMIN, company=world.company, unit=world.sales))
    assert client.get(url).status_code == 403


def test_an_admin_changes_a_template_and_the_phrases(client, world):
    client.force_login(world.users["hr_admin"])
    url = "/api/talks/templates/mutual_agreement/"
    bad = client.put(url, {"opening": "您好，{no_such_name}"}, content_type="application/json")
    assert bad.status_code == 400 and list(bad.json()) == ["opening"]
    saved = client.put(url, {"title": "协商解除（新）"}, content_type="application/json")
    assert saved.status_code == 200 and saved.json()["title"] == "协商解除（新）"
    assert PlanTemplate.objects.get(company=world.company, situation="mutual_agreement").title == "协商解除（新）"
    assert ledger("talks.template.saved") == 1
    assert client.get("/api/talks/templates/nosuch/").status_code == 404
    phrases = client.put("/api/talks/phrases/", {"phrases": ["劳动仲裁", " 律师函 ", "劳动仲裁"]},
                         content_type="application/json")
    assert phrases.status_code == 200 and phrases.json()["phrases"] == ["劳动仲裁", "律师函"]
    assert set(EscalationPhrase.objects.filter(company=world.company, active=True)
               .values_list("phrase", flat=True)) == {"劳动仲裁", "律师函"}
    assert client.put("/api/talks/phrases/", {"phrases": []}, content_type="application/json").status_code == 400
    too_long = client.put("/api/talks/phrases/", {"phrases": ["长" * 51]}, content_type="application/json")
    assert too_long.status_code == 400 and list(too_long.json()) == ["phrases"]
