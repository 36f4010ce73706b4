"""The exit survey through a link sent to a personal e-mail the person gave (a REAL local SMTP
server): consent to be written to there is recorded, the token is stored only as a hash, the link
answers once, and an unknown or used link is refused without a hint."""

from __future__ import annotations

import email
import json
import re
from email import policy as email_policy

import pytest

from farewell.exits import services
from farewell.exits.models import ExitSurvey, SurveyChannel, SurveyStatus
from farewell.ledger.models import LedgerEntry
from tests.cases.test_notifications import _wait_for, smtp  # noqa: F401 - the real SMTP server fixture
from tests.exits.conftest import leave
from tests.exits.test_survey import DAY, _answers_post

pytestmark = pytest.mark.django_db


def _link(envelope) -> str:
    message = email.message_from_bytes(envelope.content, policy=email_policy.default)
    body = message.get_body(preferencelist=("plain",)).get_content()
    return re.search(r"https?://\S+/exits/s/(\S+)/", body).group(0)


def test_hr_sends_the_link_and_the_leaver_answers_without_a_login(client, world, hr, smtp,  # noqa: F811
                                                                    django_capture_on_commit_callbacks):
    departure = leave(world.lisi, DAY, actor=hr)  # the login is gone: the portal cannot be used
    client.force_login(hr)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/exits/departures/{departure.code}/survey/email/", {
            "email": "lisi.personal@example.test", "consent_note": "2026-06-28 离职面谈中同意，HR记录"})
    assert response.status_code == 302
    _wait_for(smtp, 1)
    assert [m.rcpt_tos for m in smtp.messages] == [["lisi.personal@example.test"]]
    link = _link(smtp.messages[0])
    token = link.rstrip("/").rsplit("/", 1)[1]
    survey = ExitSurvey.objects.get(departure=departure)
    assert survey.channel == SurveyChannel.EMAIL and survey.personal_email == "lisi.personal@example.test"
    assert token not in survey.token_hash and len(survey.token_hash) == 64
    sent = LedgerEntry.objects.get(event="exits.survey.sent")
    assert json.loads(sent.payload)["consent"] == "2026-06-28 离职面谈中同意，HR记录"
    assert token not in sent.payload

    client.logout()
    path = link.split("://", 1)[1].split("/", 1)[1]
    page = client.get(f"/{path}")
    assert page.status_code == 200 and "您对薪酬福利的满意程度" in page.content.decode()
    response = client.post(f"/{path}", _answers_post(consent=True, text="希望流程更透明"))
    assert response.status_code == 302
    survey.refresh_from_db()
    assert survey.status == SurveyStatus.ANSWERED and survey.consent_named and survey.token_hash == ""
    assert client.get(response["Location"]).status_code == 200
    # the link works once
    assert client.get(f"/{path}").status_code == 403
    assert client.post(f"/{path}", _answers_post(consent=False)).status_code == 403


def test_consent_to_the_personal_channel_is_required(world, hr):
    departure = leave(world.lisi, DAY, actor=hr)
    with pytest.raises(services.ExitError):
        services.send_survey_by_email(departure, acting_user=hr, email="a@example.test", consent_note=" ")
    with pytest.raises(services.ExitError):
        services.send_survey_by_email(departure, acting_user=hr, email="not-an-address", consent_note="同意")
    assert not ExitSurvey.objects.exists()


def test_an_unknown_or_expired_link_is_refused(client, world, hr):
    from datetime import timedelta

    from django.utils import timezone

    departure = leave(world.lisi, DAY, actor=hr)
    survey = services.send_survey_by_email(departure, acting_user=hr, email="a@example.test", consent_note="同意")
    assert client.get("/exits/s/not-a-token/").status_code == 403
    ExitSurvey.objects.filter(pk=survey.pk).update(link_expires_at=timezone.now() - timedelta(minutes=1))
    with pytest.raises(services.ExitError):
        services.answer_survey_by_link("whatever", answers={}, consent_named=False)


def test_only_hr_sends_by_email(client, world, hr):
    departure = leave(world.lisi, DAY, actor=hr)
    for persona in ("legal", "approver", "manager"):
        client.force_login(world.users[persona])
        response = client.post(f"/exits/departures/{departure.code}/survey/email/",
                               {"email": "a@example.test", "consent_note": "同意"})
        assert response.status_code == 403
    assert not ExitSurvey.objects.exists()


def test_a_mail_failure_is_logged_not_raised(world, hr, settings, django_capture_on_commit_callbacks, caplog):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 1, 1  # nothing listens
    departure = leave(world.lisi, DAY, actor=hr)
    with django_capture_on_commit_callbacks(execute=True):
        survey = services.send_survey_by_email(departure, acting_user=hr, email="a@example.test", consent_note="同意")
    assert ExitSurvey.objects.filter(pk=survey.pk).exists()
    assert "e-mail to a personal address failed" in caplog.text
