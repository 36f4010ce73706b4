"""Who may reach each talks page: every persona × every URL, the manager-participant rule, and
the access log of transcript reads. 李四 is in 销售部 (the sales HRBP's and the manager's scope)."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from farewell.accounts.models import AccessLog
from farewell.talks import services
from farewell.talks.models import ConversationStatus, Participant

from .conftest import TRANSCRIPT

PERSONAS = ("hr_admin", "hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider")

# The manager 王经理 takes part in the conversation by default (the employee's manager).
GET_MATRIX = {
    "/talks/":                          (200, 200, 200, 200, 403, 403, 403, 403),
    "/talks/plans/{plan}/":             (200, 200, 200, 403, 403, 403, 404, 404),
    "/talks/plans/new/case/{case}/":    (200, 200, 403, 403, 403, 403, 404, 404),
    "/talks/plans/new/employee/{lisi}/": (200, 200, 403, 403, 403, 403, 404, 404),
    "/talks/records/{conversation}/":   (200, 200, 200, 200, 403, 403, 404, 404),
    "/talks/transcripts/{transcript}/": (200, 200, 200, 200, 403, 403, 404, 404),
    "/talks/mine/":                     (403, 403, 403, 403, 403, 200, 403, 403),
    "/talks/settings/templates/":       (200, 403, 403, 403, 403, 403, 403, 403),
    "/talks/settings/templates/misconduct/": (200, 403, 403, 403, 403, 403, 403, 403),
    "/talks/settings/phrases/":         (200, 403, 403, 403, 403, 403, 403, 403),
}  # fmt: skip

# 三员分立: every write by the audit admin is refused before the view (AuditReadOnlyMiddleware).
AUDIT_ADMIN_WRITES = 403
POST_MATRIX = {
    "/talks/records/{conversation}/sign/":         (302, 302, 403, 403, 403, 403, 404, 404),
    "/talks/records/{conversation}/transcripts/":  (302, 302, 403, 403, 403, 403, 404, 404),
    "/talks/records/{conversation}/attachments/":  (302, 302, 403, 403, 403, 403, 404, 404),
    "/talks/records/{conversation}/checklist/1/":  (302, 302, 403, 403, 403, 403, 404, 404),
    "/talks/plans/{plan}/record/":                 (302, 302, 403, 403, 403, 403, 404, 404),
}  # fmt: skip


@pytest.fixture
def urls(world, case, plan, conversation):
    transcript = services.add_transcript(conversation, TRANSCRIPT, actor=world.users["hrbp_sales"])
    return {"plan": plan.code, "case": case.code, "lisi": world.lisi.code, "conversation": conversation.code,
            "transcript": transcript.code}


@pytest.mark.parametrize("url", GET_MATRIX)
def test_get_matrix(client, world, urls, url):
    for persona, expected in zip(PERSONAS, GET_MATRIX[url], strict=True):
        client.force_login(world.users[persona])
        response = client.get(url.format(**urls))
        assert response.status_code == expected, (persona, url, response.status_code)


@pytest.mark.parametrize("url", POST_MATRIX)
def test_post_matrix(client, world, urls, url):
    for persona, expected in zip(PERSONAS, POST_MATRIX[url], strict=True):
        expected = AUDIT_ADMIN_WRITES if persona == "auditor" else expected
        client.force_login(world.users[persona])
        response = client.post(url.format(**urls))
        assert response.status_code == expected, (persona, url, response.status_code)


def test_the_anonymous_visitor_is_sent_to_the_login_page(client, urls):
    response = client.get(f"/talks/records/{urls['conversation']}/")
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_a_manager_who_did_not_take_part_may_not_read_the_record(client, world, conversation):
    Participant.objects.filter(conversation=conversation, role="manager").delete()
    client.force_login(world.users["manager"])
    assert client.get(f"/talks/records/{conversation.code}/").status_code == 403
    assert str(conversation.code) not in client.get("/talks/").content.decode()
    assert str(conversation.code) not in client.get(reverse("cases:case_detail", args=[conversation.case.code])
                                                    ).content.decode()


def test_a_transcript_read_is_logged_and_hr_and_legal_see_the_words(client, world, urls):
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/talks/transcripts/{urls['transcript']}/").content.decode()
    assert "我要去劳动仲裁" in page and "timeline-option" in page
    log = AccessLog.objects.get(actor=world.users["hrbp_sales"])
    assert (log.object_type, log.field, log.employee) == ("talks.transcript", "text", world.lisi)
    client.force_login(world.users["legal"])
    page = client.get(f"/talks/transcripts/{urls['transcript']}/").content.decode()
    assert "我要去劳动仲裁" in page  # legal reviews disputes: reads the words, and the read is logged
    assert AccessLog.objects.filter(actor=world.users["legal"], object_type="talks.transcript").exists()


def test_the_employee_sees_only_their_own_signed_records_and_acknowledges(client, world, conversation):
    client.force_login(world.users["employee"])
    assert "3楼小会议室" not in client.get("/talks/mine/").content.decode()  # a draft is not shown
    services.update_conversation(conversation, actor=world.users["hrbp_sales"], fields={"agreed": "同意"})
    services.sign_conversation(conversation, actor=world.users["hrbp_sales"])
    assert "3楼小会议室" in client.get("/talks/mine/").content.decode()
    response = client.post(f"/talks/mine/{conversation.code}/acknowledge/", {"comment": "无异议"})
    assert response.status_code == 302
    assert conversation.acknowledgement.comment == "无异议"
    client.force_login(world.users["hrbp_sales"])
    assert client.post(f"/talks/mine/{conversation.code}/acknowledge/").status_code == 403


def test_hr_records_a_conversation_through_the_pages(client, world, plan):
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/talks/plans/{plan.code}/record/", {"held_at": "2026-11-20T10:00", "place": "会议室A"})
    conversation = plan.conversations.get()
    assert response["Location"] == f"/talks/records/{conversation.code}/"
    data = {
        "held_at": "2026-11-20T10:30", "place": "会议室A", "agenda": "议程", "notes": "要点",
        "employee_statements": "员工问补偿怎么算", "agreed": "同意",
        "p-TOTAL_FORMS": "2", "p-INITIAL_FORMS": "0",
        "p-0-name": "张HR", "p-0-role": "hr", "p-1-name": "", "p-1-role": "employee",
        "p-1-employee_number": world.lisi.employee_number,
        "s-TOTAL_FORMS": "1", "s-INITIAL_FORMS": "0",
        "s-0-action": "发送协议", "s-0-owner": "张HR", "s-0-due_date": "2026-11-25",
    }
    assert client.post(f"/talks/records/{conversation.code}/edit/", data).status_code == 302
    conversation.refresh_from_db()
    assert conversation.employee_statements == "员工问补偿怎么算"
    assert [p.name for p in conversation.participants.all()] == ["张HR", "李四"]
    assert conversation.next_steps.get().owner == "张HR"
    client.post(f"/talks/records/{conversation.code}/checklist/1/", {"done": "1"}, HTTP_HX_REQUEST="true")
    assert conversation.checklist.get(order=1).done
    client.post(f"/talks/records/{conversation.code}/attachments/",
                {"kind": "document", "file": SimpleUploadedFile("a.pdf", b"%PDF-1.4")})
    response = client.post(f"/talks/records/{conversation.code}/transcripts/",
                           {"text": "HR：你好\n员工：我找了律师", "format": ""})
    assert response.status_code == 302 and "/talks/transcripts/" in response["Location"]
    # Notices still unticked: the page names them and asks for the confirmation (newuser F9)
    page = client.get(f"/talks/records/{conversation.code}/").content.decode()
    assert 'id="untold-confirm"' in page and 'name="confirm_untold"' in page
    refused = client.post(f"/talks/records/{conversation.code}/sign/", follow=True).content.decode()
    assert "尚未勾选" in refused and conversation.checklist.filter(done=False).first().text in refused
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.DRAFT
    client.post(f"/talks/records/{conversation.code}/sign/", {"confirm_untold": "1"})
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.SIGNED
    response = client.post(f"/talks/records/{conversation.code}/edit/", data)
    assert response.status_code == 302
    conversation.refresh_from_db()
    assert conversation.held_at.minute == 30 and conversation.notes == "要点"  # unchanged after sign-off
    response = client.post(f"/talks/records/{conversation.code}/correct/", {"reason": "时间记错"})
    new = conversation.correction
    assert response["Location"] == f"/talks/records/{new.code}/" and new.version == 2


def test_hr_admin_edits_a_template_and_unknown_placeholders_are_refused(client, world):
    client.force_login(world.users["hr_admin"])
    url = "/talks/settings/templates/misconduct/"
    form = client.get(url).context["form"]
    data = {k: v or "" for k, v in form.initial.items() if k in form.fields}
    data["opening"] = "{name}，{salary}"
    response = client.post(url, data)
    assert response.status_code == 400 and "{salary}" in response.content.decode()
    data["opening"] = "{name}，请坐"
    assert client.post(url, data).status_code == 302


def test_the_package_is_exported_by_hr_and_legal_only(client, world, case):
    client.force_login(world.users["manager"])
    assert client.post(f"/talks/cases/{case.code}/package/").status_code == 403
    client.force_login(world.users["legal"])
    response = client.post(f"/talks/cases/{case.code}/package/")
    assert response.status_code == 200 and response["Content-Type"] == "application/zip"


def test_the_participants_are_listed_with_the_pages_comma(client, world, conversation):
    """An English page lists them "A (HR), B (Employee)", a Chinese one "A（HR）、B（员工）"."""
    services.sign_conversation(conversation, actor=world.users["hrbp_sales"])  # the list, not the draft's form
    client.force_login(world.users["hrbp_sales"])
    url = f"/talks/records/{conversation.code}/"
    client.cookies["django_language"] = "en"
    english = client.get(url).content.decode()
    assert "), " in english and ")、" not in english
    client.cookies["django_language"] = "zh-hans"
    assert "）、" in client.get(url).content.decode()
