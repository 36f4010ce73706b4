"""Escalation phrases notify legal whether or not the talk has a case, and the pages say whom they
notified — never that legal was told when no legal login covers the employee."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from farewell.accounts.models import RoleGrant
from farewell.common.notifications import Notification
from farewell.ledger.models import LedgerEntry
from farewell.talks import services
from tests.factories import Role, make_user

from .conftest import TRANSCRIPT


@pytest.fixture
def caseless(world, records):
    """A talk with 李四 that has no separation case."""
    hr = world.users["hrbp_sales"]
    plan = services.generate_plan(world.lisi, actor=hr, case=None)
    return services.start_conversation(plan, actor=hr, held_at=timezone.now(), place="2楼会议室")


def _upload(client, world, conversation) -> str:
    client.force_login(world.users["hrbp_sales"])
    response = client.post(reverse("talks:transcript_add", args=[conversation.code]), {"text": TRANSCRIPT},
                           follow=True)
    assert response.status_code == 200
    return response.content.decode()


def _prompted(user) -> bool:
    return Notification.objects.filter(user=user, subject__contains="争议风险词").exists()


def test_a_talk_without_a_case_notifies_legal_and_says_whom(client, world, caseless):
    legal = world.users["legal"]
    page = _upload(client, world, caseless)
    assert _prompted(legal)
    assert f"已通知法务：{legal}" in page
    transcript = caseless.transcripts.get()
    entry = LedgerEntry.objects.get(object_type="talks.transcript", object_id=str(transcript.code),
                                    event="talks.escalation_detected")
    assert str(legal) in entry.payload and "仲裁" in entry.payload and "我要去" not in entry.payload
    # The transcript page, opened later, names them too; legal can open the link it was sent.
    client.force_login(legal)
    later = client.get(reverse("talks:transcript_detail", args=[transcript.code]))
    assert later.status_code == 200 and f"已通知法务：{legal}" in later.content.decode()


def test_only_legal_logins_covering_the_employee_are_notified(client, world, caseless):
    legal = world.users["legal"]
    RoleGrant.objects.filter(user=legal).update(org_unit=world.rnd)  # 法务 for R&D only
    sales_legal = make_user("legal_sales", Role.LEGAL, company=world.company, unit=world.sales)
    page = _upload(client, world, caseless)
    assert _prompted(sales_legal) and not _prompted(legal)
    assert f"已通知法务：{sales_legal}。" in page  # only them (the R&D legal login is not named)


def test_with_no_legal_login_the_page_never_claims_legal_was_notified(client, world, caseless):
    legal = world.users["legal"]
    RoleGrant.objects.filter(user=legal).update(org_unit=world.rnd)  # nobody's legal scope covers 李四
    page = _upload(client, world, caseless)
    assert not _prompted(legal)
    assert "已通知法务" not in page and "并通知法务" not in page
    assert "未通知法务" in page
    assert _prompted(world.users["hrbp_sales"]) and "已通知HR" in page


def test_a_talk_with_a_case_names_the_legal_it_notified(client, world, conversation):
    legal = world.users["legal"]
    page = _upload(client, world, conversation)
    assert _prompted(legal) and f"已通知法务：{legal}" in page
