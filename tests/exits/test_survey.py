"""The exit survey: HR edits the questions, sends it to the leaver's portal while the login works, the
leaver answers with or without consent to named use; HR sees named answers only with consent, and
everyone with the report sees only aggregates of at least 5 answers."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from farewell.common.notifications import Notification
from farewell.exits import services
from farewell.exits.models import ExitReason, ExitSurvey, SurveyAnswer, SurveyQuestion, SurveyStatus
from farewell.ledger.models import LedgerEntry
from tests.exits.conftest import leave, staff
from tests.factories import Role, make_user

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 30)


def _answers_post(consent: bool, score: int = 2, reason_code: str = "pay", text: str = "希望调薪更透明") -> dict:
    data = {}
    for q in SurveyQuestion.objects.filter(active=True):
        if q.kind == "scale":
            data[f"q{q.pk}"] = str(score)
        elif q.kind == "reason":
            data[f"q{q.pk}"] = str(ExitReason.objects.get(code=reason_code).pk)
        else:
            data[f"q{q.pk}"] = text
    if consent:
        data["consent_named"] = "on"
    return data


def test_the_leaver_answers_in_the_portal_with_consent(client, world, hr):
    departure = leave(world.lisi, DAY, actor=hr, separated=False)  # still employed: the login works
    client.force_login(hr)
    assert client.post(f"/exits/departures/{departure.code}/survey/").status_code == 302
    survey = ExitSurvey.objects.get(departure=departure)
    note = Notification.objects.get(user=world.users["employee"], link="/exits/mine/")
    assert "离职问卷" in note.subject

    client.force_login(world.users["employee"])
    page = client.get("/exits/mine/").content.decode()
    assert 'id="exit-survey"' in page and "您对薪酬福利的满意程度" in page
    assert client.post("/exits/mine/", _answers_post(consent=True)).status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.ANSWERED and survey.consent_named is True
    assert SurveyAnswer.objects.filter(survey=survey).count() == SurveyQuestion.objects.filter(active=True).count()
    departure.refresh_from_db()
    assert departure.stated_reason.code == "pay"  # stands in until an interview is signed
    entry = json.loads(LedgerEntry.objects.get(event="exits.survey.answered").payload)
    assert entry["consent_named"] is True and len(entry["answers_sha256"]) == 64
    assert "希望调薪更透明" not in LedgerEntry.objects.get(event="exits.survey.answered").payload
    # answering twice is refused
    client.post("/exits/mine/", _answers_post(consent=False))
    survey.refresh_from_db()
    assert survey.consent_named is True

    client.force_login(hr)
    page = client.get(f"/exits/departures/{departure.code}/").content.decode()
    assert 'id="survey-answers"' in page and "希望调薪更透明" in page


def test_without_consent_hr_does_not_see_the_answers(client, world, hr):
    departure = leave(world.lisi, DAY, actor=hr, separated=False)
    services.send_survey(departure, acting_user=hr)
    client.force_login(world.users["employee"])
    client.post("/exits/mine/", _answers_post(consent=False, text="经理不尊重人"))
    client.force_login(hr)
    page = client.get(f"/exits/departures/{departure.code}/").content.decode()
    assert 'id="survey-anonymous"' in page and "经理不尊重人" not in page


def test_it_refuses_to_send_once_the_login_is_deactivated(world, hr):
    departure = leave(world.lisi, DAY, actor=hr)
    world.users["employee"].is_active = False
    world.users["employee"].save()
    with pytest.raises(services.ExitError):
        services.send_survey(departure, acting_user=hr)
    assert not ExitSurvey.objects.exists()


def test_the_employee_cannot_answer_someone_elses_survey(world, hr):
    departure = leave(world.zhaoliu, DAY, actor=hr, separated=False)
    make_user("zhaoliu", Role.EMPLOYEE, company=world.company, employee=world.zhaoliu)
    survey = services.send_survey(departure, acting_user=hr)
    with pytest.raises(services.ExitError):
        services.answer_survey(survey, acting_user=world.users["employee"], answers={}, consent_named=True)


def test_the_hr_admin_edits_the_questionnaire(client, world):
    client.force_login(world.users["hr_admin"])
    current = list(SurveyQuestion.objects.filter(active=True))
    data = {"q-TOTAL_FORMS": str(len(current) + 1), "q-INITIAL_FORMS": "0", "q-MIN_NUM_FORMS": "0",
            "q-MAX_NUM_FORMS": "40"}
    for i, q in enumerate(current):
        data.update({f"q-{i}-id": q.pk, f"q-{i}-text": q.text if i else "", f"q-{i}-kind": q.kind,
                     f"q-{i}-order": q.order})
    n = len(current)
    data.update({f"q-{n}-id": "", f"q-{n}-text": "您对办公环境的满意程度", f"q-{n}-kind": "scale", f"q-{n}-order": 99})
    assert client.post("/exits/settings/questions/", data).status_code == 302
    assert SurveyQuestion.objects.filter(text="您对办公环境的满意程度", active=True).exists()
    assert not SurveyQuestion.objects.get(pk=current[0].pk).active  # emptied → switched off, kept


def test_the_anonymous_view_shows_aggregates_from_five_answers(client, world, hr):
    people = staff(world.sales, 5, prefix="问卷")
    for i, person in enumerate(people):
        user = make_user(f"leaver{i}", Role.EMPLOYEE, company=world.company, employee=person)
        departure = leave(person, DAY, actor=hr, separated=False)
        survey = services.send_survey(departure, acting_user=hr)
        questions = SurveyQuestion.objects.filter(active=True)
        answers = {q.pk: (i % 5 + 1 if q.kind == "scale" else (
            ExitReason.objects.get(code="pay") if q.kind == "reason" else f"意见{i}")) for q in questions}
        services.answer_survey(survey, acting_user=user, answers=answers, consent_named=False)
        if i == 3:  # four answers: nothing shown yet
            client.force_login(world.users["approver"])
            page = client.get("/exits/report/survey/").content.decode()
            assert 'data-suppressed="true"' in page and "意见0" not in page
    client.force_login(world.users["approver"])
    page = client.get("/exits/report/survey/").content.decode()
    assert 'data-suppressed="true"' not in page
    assert "3.00" in page  # scores 1..5: average 3
    assert "意见4" in page and "问卷0" not in page  # texts without names


def test_the_portal_links_the_leavers_page(client, world):
    client.force_login(world.users["employee"])
    assert 'href="/exits/mine/"' in client.get("/me/").content.decode()


def test_the_settings_page_lists_the_exit_settings_for_the_hr_admin(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get("/settings/").content.decode()
    assert "/exits/settings/reasons/" in page and "/exits/settings/questions/" in page


def test_the_sweep_sends_the_survey_to_leavers_in_handover_before_the_login_stops(world, hr):
    from farewell.cases import services as case_services
    from farewell.cases.models import CaseStatus
    from tests.factories import record_notice

    case = record_notice(world.lisi, actor=hr, notice_date=DAY)
    case_services.acknowledge_notice(case, actor=hr)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_HANDOVER
    today = case.separation_date - dt.timedelta(days=3)
    assert services.send_due_surveys(today=today) == 1
    assert services.send_due_surveys(today=today) == 0  # once
    survey = ExitSurvey.objects.get(departure__employee=world.lisi)
    assert survey.departure.case == case
    assert Notification.objects.filter(user=world.users["employee"], link="/exits/mine/").count() == 1
    # after the last day nothing more is sent (the login is about to stop or stopped)
    ExitSurvey.objects.all().delete()
    assert services.send_due_surveys(today=case.separation_date + dt.timedelta(days=1)) == 0
