"""New-user check: the exit-survey questions were Chinese on English pages. The questionnaire is each company's
data, seeded in Chinese: a seeded question HR has not changed is shown in the page's language (its stored
text is the key, as the seeded exit reasons are); a question HR wrote or reworded is shown as written, and
saving the English page unchanged keeps the seeded question."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import translation

from farewell.exits import services
from farewell.exits.defaults import QUESTIONS
from farewell.exits.models import ExitReason, SurveyQuestion
from farewell.exits.question_labels import SEEDED_QUESTIONS
from tests.exits.conftest import leave

pytestmark = pytest.mark.django_db
DAY = dt.date(2026, 6, 30)
PAY = "您对薪酬福利的满意程度"
PAY_EN = "How satisfied are you with your pay and benefits?"




def test_the_seeded_questions_are_the_ones_the_migration_seeds():
    assert SEEDED_QUESTIONS == {text for text, _kind in QUESTIONS}


def test_the_leaver_reads_the_seeded_questions_in_the_pages_language_and_hrs_as_written(client, world, hr):
    SurveyQuestion.objects.filter(text="您对直接上级的满意程度").update(text="您对经理的满意程度（本公司）")
    departure = leave(world.lisi, DAY, actor=hr, separated=False)
    services.send_survey(departure, acting_user=hr)
    client.force_login(world.users["employee"])
    client.cookies["django_language"] = "en"
    page = client.get("/exits/mine/").content.decode()
    assert PAY_EN in page and PAY not in page and "您离开公司的最主要原因是什么？" not in page
    assert "您对经理的满意程度（本公司）" in page
    client.cookies["django_language"] = "zh-hans"
    assert PAY in client.get("/exits/mine/").content.decode()

    client.cookies["django_language"] = "en"
    answers = {q.pk: 4 if q.kind == "scale" else (ExitReason.objects.get(code="pay") if q.kind == "reason" else "")
               for q in SurveyQuestion.objects.filter(active=True)}
    services.answer_survey(departure.survey, acting_user=world.users["employee"], answers=answers, consent_named=True)
    client.force_login(hr)
    page = client.get(f"/exits/departures/{departure.code}/").content.decode()
    assert PAY_EN in page and PAY not in page


def test_the_settings_page_shows_the_seeded_questions_in_english_and_an_unchanged_save_keeps_them(client, world):
    client.force_login(world.users["hr_admin"])
    client.cookies["django_language"] = "en"
    page = client.get("/exits/settings/questions/").content.decode()
    assert f'value="{PAY_EN}"' in page and PAY not in page
    current = list(SurveyQuestion.objects.filter(active=True))
    data = {"q-TOTAL_FORMS": str(len(current)), "q-INITIAL_FORMS": "0", "q-MIN_NUM_FORMS": "0", "q-MAX_NUM_FORMS": "40"}
    for i, q in enumerate(current):
        with translation.override("en"):
            text = q.label if q.text != "您希望公司改进什么？" else "What should we do better?"  # HR rewords one
        data.update({f"q-{i}-id": q.pk, f"q-{i}-text": text, f"q-{i}-kind": q.kind, f"q-{i}-order": q.order})
    assert client.post("/exits/settings/questions/", data).status_code == 302
    texts = set(SurveyQuestion.objects.filter(active=True).values_list("text", flat=True))
    assert PAY in texts and PAY_EN not in texts  # saved as shown: still the seeded question
    assert "What should we do better?" in texts and "您希望公司改进什么？" not in texts
    client.cookies["django_language"] = "zh-hans"
    page = client.get("/exits/settings/questions/").content.decode()
    assert f'value="{PAY}"' in page and 'value="What should we do better?"' in page
