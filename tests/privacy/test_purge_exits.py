"""Exits data in the retention schedule: when its months have run out after the separation, the words
of exit interviews, HR's notes on the departure and the survey's free-text answers and personal e-mail
are blanked; the reasons, scores and the rest the turnover report and the survey results count stay
(the aggregates do not change); their ledger entries lose their payload, and the chain still verifies;
a legal hold stops it, and a second purge finds nothing."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from farewell.exits import report
from farewell.exits import services as exits
from farewell.exits.models import (
    Departure,
    ExitInterview,
    ExitReason,
    ExitSurvey,
    StatedReason,
    SurveyAnswer,
    SurveyQuestion,
)
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import verify
from farewell.privacy import retention, services
from farewell.privacy.models import DataKind

from .conftest import TODAY, make_former

WORDS = ("经理不尊重人，加班太多", "同事关系很好", "希望调薪更透明", "主要是薪酬", "面谈后核实为薪酬问题")


@pytest.fixture
def exit_data(world):
    """李四 left 40 months before TODAY: a signed exit interview, HR's notes, an answered survey."""
    hr = world.users["hrbp_sales"]
    lisi = world.lisi
    departure = exits.open_departure(lisi, acting_user=hr, separation_date=timezone.localdate())
    pay = ExitReason.objects.get(code="pay")
    interview = exits.start_interview(departure, acting_user=hr, held_at=timezone.now())
    exits.update_interview(interview, acting_user=hr, fields={
        "statements": WORDS[0], "liked": WORDS[1], "suggestions": WORDS[2], "would_return": True},
        reasons=[{"reason": pay, "primary": True, "note": WORDS[3]}])
    exits.sign_interview(interview, acting_user=hr)
    exits.verify_reason(departure, acting_user=hr, reason=pay, note=WORDS[4])
    exits.set_career_summary(departure, acting_user=hr, advice="祝前程似锦", shared=False)
    survey = exits.send_survey(departure, acting_user=hr)
    answers = {}
    for question in SurveyQuestion.objects.filter(active=True):
        answers[question.pk] = {"scale": 2, "reason": pay}.get(question.kind, "希望有更多培训机会")
    exits.answer_survey(survey, acting_user=world.users["employee"], answers=answers, consent_named=False)
    make_former(lisi, months_ago=40)
    return {"departure": departure, "interview": interview, "survey": survey, "hr": hr}


def _results(world):
    found = report.survey_results(report.Scope(company_id=world.company.pk, paths=None))
    return ([(row["question_id"], row["n"], row["avg"], row["distribution"]) for row in found["scores"]],
            [(row["reason__name"], row["n"]) for row in found["reasons"]])


def test_the_dry_run_lists_exits_data_of_a_former_employee(exit_data):
    counts = retention.plan(TODAY).counts()
    assert counts[DataKind.EXIT_INTERVIEWS] == 2  # the interview and the departure's notes
    assert counts[DataKind.EXIT_SURVEYS] == 1
    assert ExitInterview.objects.get(pk=exit_data["interview"].pk).statements == WORDS[0]


def test_the_purge_blanks_the_words_and_keeps_the_aggregates(world, exit_data):
    interview, departure, survey = exit_data["interview"], exit_data["departure"], exit_data["survey"]
    before = _results(world)
    signed = LedgerEntry.objects.get(object_id=str(interview.code), event="exits.interview.signed")
    verified = LedgerEntry.objects.get(object_id=str(departure.code), event="exits.reason.verified")
    opened = LedgerEntry.objects.get(object_id=str(departure.code), event="exits.departure.opened")
    answered = LedgerEntry.objects.get(object_id=str(survey.code), event="exits.survey.answered")
    assert WORDS[0] in signed.payload and WORDS[4] in verified.payload

    result = retention.purge(TODAY)

    assert {item.kind for item in result.items} >= {DataKind.EXIT_INTERVIEWS, DataKind.EXIT_SURVEYS}
    interview.refresh_from_db()
    departure.refresh_from_db()
    assert (interview.statements, interview.liked, interview.suggestions) == ("", "", "")
    assert interview.would_return is True and interview.status == "signed"
    assert list(StatedReason.objects.filter(interview=interview).values_list("reason__code", "primary", "note")) == [
        ("pay", True, "")]
    assert (departure.verified_note, departure.advice) == ("", "")
    assert departure.verified_reason.code == "pay" and departure.stated_reason.code == "pay"
    assert not SurveyAnswer.objects.filter(survey=survey).exclude(text="").exists()
    assert SurveyAnswer.objects.filter(survey=survey, score=2).exists()
    assert _results(world) == before  # the survey results' aggregates are unchanged

    for entry in (signed, verified):
        entry.refresh_from_db()
        assert entry.payload == "" and entry.redacted_by == result.entry.seq
    for entry in (opened, answered):  # no words in them: kept readable
        entry.refresh_from_db()
        assert entry.payload and entry.redacted_by is None
    assert not any(word in (e.payload or "") for e in LedgerEntry.objects.all() for word in WORDS)
    assert verify().ok
    assert json.loads(result.entry.payload)["removed"][DataKind.EXIT_INTERVIEWS] == 2
    # Nothing left to blank: a second purge finds nothing of exits.
    assert not retention.plan(TODAY, kinds=[DataKind.EXIT_INTERVIEWS, DataKind.EXIT_SURVEYS]).items


def test_a_hold_keeps_the_exits_data(world, exit_data):
    from farewell.cases import services as cases

    case = cases.open_case(world.zhaoliu, "mutual_employer", actor=exit_data["hr"],
                           separation_date=timezone.localdate() + dt.timedelta(days=30))
    case.employee = world.lisi  # a hold on a case of hers
    type(case).objects.filter(pk=case.pk).update(employee=world.lisi)
    services.set_hold(case, "劳动仲裁", actor=exit_data["hr"])
    retention.purge(TODAY, kinds=[DataKind.EXIT_INTERVIEWS, DataKind.EXIT_SURVEYS])
    assert ExitInterview.objects.get(pk=exit_data["interview"].pk).statements == WORDS[0]
    assert ExitSurvey.objects.filter(pk=exit_data["survey"].pk).exists()
    assert Departure.objects.get(pk=exit_data["departure"].pk).verified_note == WORDS[4]


def test_the_schedule_offers_the_exits_kinds(client, world):
    assert retention.schedule(world.company)[DataKind.EXIT_INTERVIEWS] == 36
    services.set_retention(world.company, DataKind.EXIT_SURVEYS, 12, actor=world.users["hr_admin"])
    assert retention.schedule(world.company)[DataKind.EXIT_SURVEYS] == 12
    client.force_login(world.users["hr_admin"])
    page = client.get("/privacy/retention/").content.decode()
    assert "离职问卷的文字回答和个人邮箱" in page
