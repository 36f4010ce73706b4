"""build_talks_demo: plans, signed records and transcripts for the flagged employees of a company
(on the shared world, and on a small demo build), deterministic for a seed."""

from __future__ import annotations

import datetime as dt
import random

import pytest
from django.db import transaction
from django.utils import timezone

from farewell.accounts.models import User
from farewell.cases.models import SeparationCase
from farewell.insights.models import Flag, FlagTone, RuleCode
from farewell.ledger.models import LedgerEntry
from farewell.talks import demo
from farewell.talks.models import Conversation, ConversationStatus, TalkPlan, Transcript
from tests.cases.conftest import give_wages
from tests.factories import make_contract

TODAY = dt.date(2025, 11, 20)


def flag(world, employee, rule, tone, facts):
    return Flag.objects.create(company=world.company, employee=employee, rule=rule, tone=tone, facts=facts,
                               computed_at=timezone.now())


@pytest.fixture
def flagged(world):
    """赵六 declines (a performance flag), 李四 is unhappy in the team (a survey flag), 王经理 is a key contributor."""
    give_wages(world.zhaoliu)
    make_contract(world.zhaoliu, kind="open_ended", end_date=None)
    flag(world, world.zhaoliu, RuleCode.PERFORMANCE_BELOW_AVERAGE, FlagTone.CONCERN, {"points": [
        {"label": "2025-Q3", "value": "61.00", "reference": "74.20", "count": 5}]})
    flag(world, world.lisi, RuleCode.SURVEY_LOW, FlagTone.CARE, {"threshold": "2.5", "points": [
        {"label": "2025-10", "dimension": "团队支持", "value": "2"}]})
    flag(world, world.boss, RuleCode.KEY_CONTRIBUTOR, FlagTone.RECOGNITION, {"years": 12, "count": 3})
    return world


def fingerprint() -> list:
    rows = [("plan", p.employee.name, p.situation, p.case_id is not None, p.title)
            for p in TalkPlan.objects.select_related("employee").order_by("employee__name", "situation")]
    rows += [("conversation", c.employee.name, c.held_at.isoformat(), c.place, c.status, c.notes)
             for c in Conversation.objects.select_related("employee").order_by("employee__name")]
    rows += [("transcript", t.employee.name, t.sha256, t.utterance_count, t.escalation_phrases, t.turning_point)
             for t in Transcript.objects.select_related("employee").defer("text").order_by("employee__name")]
    return rows


def test_it_writes_a_case_plans_signed_records_and_transcripts(flagged):
    counts = demo.build_talks_demo(flagged.company, random.Random(7), today=TODAY)
    assert counts == {"cases": 1, "plans": 3, "conversations": 2, "transcripts": 2}
    case = SeparationCase.objects.get(employee=flagged.zhaoliu)
    assert case.case_type == "mutual_employer" and case.opened_by == flagged.users["hrbp_sales"]
    decline = Conversation.objects.get(employee=flagged.zhaoliu)
    assert decline.case == case and decline.status == ConversationStatus.SIGNED
    assert all(item.done for item in decline.checklist.all()) and decline.next_steps.count() == 2
    transcript = decline.transcripts.get()
    assert transcript.format == "timestamped" and "劳动仲裁" in transcript.escalation_phrases
    assert transcript.turning_point is not None  # the timeline shows where the talk turned
    assert LedgerEntry.objects.filter(event="talks.escalation_detected", object_id=str(case.code)).exists()
    retention = Conversation.objects.get(employee=flagged.lisi)
    assert retention.case is None and retention.plan.situation == "likely_leaver" and retention.is_signed
    assert retention.transcripts.get().escalation_phrases == []
    assert TalkPlan.objects.get(employee=flagged.boss).situation == "long_tenure"
    assert not Conversation.objects.filter(employee=flagged.boss).exists()
    assert all(c.held_at.date() < TODAY and c.held_at.weekday() < 5 for c in Conversation.objects.all())


def test_it_uses_the_open_case_when_there_is_one(flagged):
    from farewell.cases import services as case_services

    case = case_services.open_case(flagged.zhaoliu, "mutual_employer", actor=flagged.users["hr_admin"],
                                   separation_date=TODAY + dt.timedelta(days=40))
    counts = demo.build_talks_demo(flagged.company, random.Random(7), today=TODAY)
    assert counts["cases"] == 0
    assert Conversation.objects.get(employee=flagged.zhaoliu).case == case


def test_it_is_deterministic_for_a_seed(flagged):
    prints = []
    for seed in (7, 7, 8):
        with transaction.atomic():
            demo.build_talks_demo(flagged.company, random.Random(seed), today=TODAY)
            prints.append(fingerprint())
            transaction.set_rollback(True)
    assert prints[0] == prints[1] and prints[0] != prints[2]


def test_it_skips_stories_nobody_carries(world):
    assert demo.build_talks_demo(world.company, random.Random(1), today=TODAY) == {
        "cases": 0, "plans": 0, "conversations": 0, "transcripts": 0}


def test_it_runs_on_a_small_demo_company(client, db):
    from farewell.demo import services as demo_services

    built = demo_services.build_demo_company(employees=60, seed=11, today=TODAY, talks=False)
    counts = demo.build_talks_demo(built.company, random.Random(11), today=TODAY)
    assert counts["plans"] >= 2 and counts["conversations"] >= 1
    escalated = [t for t in Transcript.objects.defer("text") if t.escalated]
    assert escalated and escalated[0].conversation.is_signed
    client.force_login(User.objects.get(username="legal"))  # legal reviews the escalation: sees the words
    page = client.get(f"/talks/transcripts/{escalated[0].code}/").content.decode()
    assert "我就去申请劳动仲裁" in page and "timeline-option" in page
