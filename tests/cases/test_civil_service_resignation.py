"""辞去公职 (公务员法 第八十五、八十六条): the 30-day approval period (90 for a leading member) with its date
and the sweep's reminder; the Art. 86 conditions, each a checklist item with evidence, all answered before
approval, any "yes" blocking approval with the article cited."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from farewell.cases import civil_service, civil_service_actions, services
from farewell.cases.civil_service_models import ApprovalReminder, CivilServiceAnswer
from farewell.cases.models import CaseStatus, Risk
from farewell.common.notifications import Notification
from farewell.ledger.services import entries_for
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import answer_all, open_resignation
from tests.cases.conftest import walk

# 《公务员法》(2018) 第八十六条，as the statute states its items.
ARTICLE_86 = [
    ("《公务员法》第八十六条第一项", "未满国家规定的最低服务年限的"),
    ("《公务员法》第八十六条第二项", "在涉及国家秘密等特殊职位任职或者离开上述职位不满国家规定的脱密期限的"),
    ("《公务员法》第八十六条第三项", "重要公务尚未处理完毕，且须由本人继续处理的"),
    ("《公务员法》第八十六条第四项", "正在接受审计、纪律审查、监察调查，或者涉嫌犯罪，司法程序尚未终结的"),
    ("《公务员法》第八十六条第五项", "法律、行政法规规定的其他不得辞去公职的情形"),
]

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)


def _payloads(case, event):
    return [json.loads(e.payload) for e in entries_for("cases.separationcase", case.code) if e.event == event]


def test_the_checklist_quotes_article_86_item_by_item():
    assert [(i.article, str(i.text)) for i in civil_service.RESIGNATION_BARS] == ARTICLE_86


def test_the_approval_period_is_thirty_days_from_receipt(staffed, servant):
    received = timezone.localdate() - dt.timedelta(days=3)
    case = open_resignation(staffed, servant, received=received)
    assert civil_service.approval_due(case) == received + dt.timedelta(days=30)


def test_a_leading_members_application_is_answered_within_ninety_days(staffed, servant):
    received = timezone.localdate()
    case = open_resignation(staffed, servant, received=received, leading=True)
    case.refresh_from_db()
    assert case.leading_member is True
    assert civil_service.approval_due(case) == received + dt.timedelta(days=90)
    entry = _payloads(case, "case.cs_leading_member")[-1]
    assert entry["new"] is True and entry["approval_days"] == 90


def test_the_case_page_shows_the_approval_due_date(client, staffed, servant):
    received = timezone.localdate() - dt.timedelta(days=10)
    case = open_resignation(staffed, servant, received=received)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    due = (received + dt.timedelta(days=30)).isoformat()
    assert 'id="cs-approval-due"' in page and due in page
    assert "还有 20 天" in page
    for _article, text in ARTICLE_86:
        assert text in page


def test_submission_waits_until_every_item_is_answered(staffed, servant):
    world = staffed
    case = open_resignation(world, servant)
    with pytest.raises(services.CaseError, match="第八十六条.*5 项"):
        services.submit_case(case, actor=world.users["hrbp_sales"])
    civil_service_actions.answer_item(case, "min_service", False, actor=world.users["hrbp_sales"])
    with pytest.raises(services.CaseError, match="4 项"):
        services.submit_case(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_every_item_answered_no_walks_to_approval(staffed, servant):
    world = staffed
    case = open_resignation(world, servant)
    answer_all(case, world.users["hrbp_sales"])
    services.submit_case(case, actor=world.users["hrbp_sales"])
    assert walk(case, world) == ["hr_review", "leadership_approval"]
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.lawful is True


def test_a_yes_blocks_approval_with_the_article_cited(staffed, servant):
    world = staffed
    case = open_resignation(world, servant)
    answer_all(case, world.users["hrbp_sales"], yes={"under_investigation"})
    case.refresh_from_db()
    assert case.risk == Risk.BLOCKED and case.lawful is False
    # The application still goes to the organ, which must refuse it (不予批准), never approve it.
    services.submit_case(case, actor=world.users["hrbp_sales"])
    step = case.steps.get(status="active")
    with pytest.raises(services.CaseError, match="第八十六条第四项"):
        services.decide_step(step, "approve", actor=world.users["hr_reviewer"])
    services.decide_step(step, "reject", actor=world.users["hr_reviewer"], comment="正在接受审计，不予批准")
    case.refresh_from_db()
    assert case.status == CaseStatus.REJECTED


def test_an_answer_turned_to_yes_during_review_blocks_the_next_approval(staffed, servant):
    world = staffed
    case = open_resignation(world, servant)
    hr = world.users["hrbp_sales"]
    answer_all(case, hr)
    services.submit_case(case, actor=hr)
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hr_reviewer"])
    civil_service_actions.answer_item(case, "unfinished_business", True, actor=hr, note="专项审计尚未结束")
    case.refresh_from_db()
    with pytest.raises(services.CaseError, match="第八十六条第三项"):
        services.decide_step(case.steps.get(kind="leadership_approval"), "approve", actor=world.users["approver"])
    assert case.status == CaseStatus.IN_REVIEW


def test_an_answer_keeps_its_evidence_and_history(staffed, servant, client):
    world = staffed
    case = open_resignation(world, servant)
    hr = world.users["hrbp_sales"]
    answer_all(case, hr, document_for={"secrets_post"})
    civil_service_actions.answer_item(case, "secrets_post", False, actor=hr, note="已满脱密期（复核）")
    rows = CivilServiceAnswer.objects.filter(case=case, item="secrets_post").order_by("answered_at", "id")
    assert rows.count() == 2 and rows[0].document_sha256 and rows[0].document_file
    entry = [p for p in _payloads(case, "case.cs_answer") if p["item"] == "secrets_post"][0]
    assert entry["document_sha256"] == rows[0].document_sha256
    assert entry["article"] == "《公务员法》第八十六条第二项"
    client.force_login(hr)
    response = client.get(reverse("cases:cs_document", args=[rows[0].code]))
    assert response.status_code == 200
    client.force_login(world.users["outsider"])
    assert client.get(reverse("cases:cs_document", args=[rows[0].code])).status_code == 404


def test_answering_through_the_page_needs_case_edit_and_post(client, staffed, servant):
    world = staffed
    case = open_resignation(world, servant)
    url = reverse("cases:cs_answer", args=[case.code])
    client.force_login(world.users["approver"])
    assert client.post(url, {"item": "min_service", "answer": "no"}).status_code == 403
    client.force_login(world.users["hrbp_sales"])
    assert client.get(url).status_code == 405
    assert client.post(url, {"item": "min_service", "answer": "yes", "note": "入职未满五年"}).status_code == 302
    assert civil_service.latest_answers(case)["min_service"].answer is True


def test_the_sweep_reminds_before_the_approval_period_ends_once_a_day(staffed, servant):
    world = staffed
    today = timezone.localdate()
    case = open_resignation(world, servant, received=today - dt.timedelta(days=25))  # due in 5 days
    hrbp = world.users["hrbp_sales"]
    before = Notification.objects.filter(user=hrbp, subject__startswith="辞去公职审批期限").count()
    result = services.sweep(today=today)
    assert result.notifications >= 1
    assert Notification.objects.filter(user=hrbp, subject__startswith="辞去公职审批期限").count() == before + 1
    services.sweep(today=today)  # the same day: once
    assert ApprovalReminder.objects.filter(case=case).count() == 1
    services.sweep(today=today + dt.timedelta(days=1))
    assert ApprovalReminder.objects.filter(case=case).count() == 2


def test_the_sweep_leaves_a_period_far_from_its_end_and_a_decided_application_alone(staffed, servant):
    world = staffed
    today = timezone.localdate()
    # A leading member's 90 days: received 25 days ago, 65 days to go.
    case = open_resignation(world, servant, received=today - dt.timedelta(days=25), leading=True)
    assert civil_service.remind_approval_periods(today=today) == 0
    case.refresh_from_db()
    answer_all(case, world.users["hrbp_sales"])
    services.submit_case(case, actor=world.users["hrbp_sales"])
    walk(case, world)
    assert civil_service.remind_approval_periods(today=today + dt.timedelta(days=85)) == 0


def test_an_overdue_application_is_said_to_be_overdue(staffed, servant):
    world = staffed
    today = timezone.localdate()
    open_resignation(world, servant, received=today - dt.timedelta(days=31))
    civil_service.remind_approval_periods(today=today)
    assert Notification.objects.filter(user=world.users["hrbp_sales"], subject__startswith="辞去公职审批已超期").exists()


def test_a_civil_servant_applies_in_the_portal(client, staffed, servant):
    world = staffed
    client.force_login(world.users["servant"])
    page = client.get(reverse("portal:home")).content.decode()
    assert 'id="cs-apply"' in page and 'id="give-notice"' not in page and 'id="negotiate"' not in page
    response = client.post(reverse("portal:give_notice"), {"reason": "继续深造", "confirm": "on"}, follow=True)
    case = servant.separation_cases.get()
    assert case.case_type == "cs_resignation" and case.status == CaseStatus.DRAFT
    assert case.notice_date == timezone.localdate() and case.via == "portal"
    due = (timezone.localdate() + dt.timedelta(days=30)).isoformat()
    assert due in response.content.decode()
    assert Notification.objects.filter(user=world.users["hrbp_sales"], subject__startswith="公务员申请辞去公职").exists()


def test_a_conditional_step_of_a_civil_service_workflow_is_always_taken(staffed, servant):
    """No extra, cap or total to condition on (公务员法): a step the organ configured with a money condition
    is taken, never skipped with a labour-contract reason."""
    world = staffed
    services.save_workflow(servant.company, "cs_resignation", [
        {"kind": "hr_review", "condition": "always", "due_working_days": 5},
        {"kind": "legal_review", "condition": "extra_over_cap_or_fault", "due_working_days": 5},
        {"kind": "leadership_approval", "condition": "total_over", "condition_amount": 50000, "due_working_days": 15},
    ], actor=world.users["hr_admin"])
    case = open_resignation(world, servant)
    answer_all(case, world.users["hrbp_sales"])
    services.submit_case(case, actor=world.users["hrbp_sales"])
    assert list(case.steps.order_by("order").values_list("kind", flat=True)) == [
        "hr_review", "legal_review", "leadership_approval"]
