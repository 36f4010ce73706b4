"""The emotion timeline on known sentences, and escalation by the phrase list (never sentiment)."""

from __future__ import annotations

from django.urls import reverse

from farewell.common.notifications import Notification
from farewell.ledger.models import LedgerEntry
from farewell.talks import analysis, services
from farewell.talks.models import EscalationPhrase
from tests.factories import give_consent

from .conftest import TRANSCRIPT


def test_known_sentences_score_as_expected():
    warm = analysis.analyse("谢谢公司这些年的培养，我很感激", [])
    angry = analysis.analyse("我非常愤怒，你们太过分了", [])
    assert warm.sentiment > 0.8 and angry.sentiment < 0.3
    assert (warm.label, warm.emotion) == ("positive", "gratitude")
    assert (angry.label, angry.emotion) == ("negative", "anger")


def test_arbitration_is_found_by_the_list_whatever_the_sentiment(world):
    phrases = services.active_phrases(world.company.pk)
    result = analysis.analyse("我要去劳动仲裁", phrases)
    assert result.label == "negative"  # snownlp called this positive; the classifier does not …
    assert "仲裁" in result.phrases  # … and the list is the safety net either way


def test_a_turn_is_a_fall_of_two_levels_from_where_the_talk_stood():
    assert analysis.turns(["positive", "neutral", "negative", "negative"]) == [2]  # neutral does not reset
    assert analysis.turns(["positive", "negative", "positive", "neutral", "negative"]) == [1, 4]
    assert analysis.turns(["neutral", "negative", "neutral", "positive"]) == []  # a fall of one, a rise
    assert analysis.turns(["positive", "", "negative"]) == [2]  # an empty utterance is skipped


def test_a_phrase_taken_off_the_list_is_no_longer_found(world):
    services.save_phrases(world.company, ["律师"], actor=world.users["hr_admin"])
    assert services.active_phrases(world.company.pk) == ["律师"]
    assert EscalationPhrase.objects.filter(company=world.company, phrase="仲裁", active=False).exists()
    assert analysis.analyse("我要去劳动仲裁", services.active_phrases(world.company.pk)).phrases == []


def test_the_timeline_turns_where_the_talk_turned(conversation, world):
    transcript = services.add_transcript(conversation, TRANSCRIPT, actor=world.users["hrbp_sales"])
    assert transcript.format == "speaker" and transcript.utterance_count == 8
    scores = list(transcript.utterances.order_by("seq").values_list("sentiment", flat=True))
    assert min(scores[:2]) > max(scores[5:])
    assert transcript.turning_point is not None and 3 <= transcript.turning_point <= 6
    assert transcript.turns[0] == transcript.turning_point
    angry = transcript.utterances.get(seq=5)
    assert (angry.sentiment_label, angry.emotion) == ("negative", "anger")
    assert set(transcript.escalation_phrases) >= {"仲裁", "律师"}
    assert transcript.utterances.get(seq=6).escalation_phrases


def test_an_escalation_prompts_legal_on_the_case(conversation, case, world, client):
    services.add_transcript(conversation, TRANSCRIPT, actor=world.users["hrbp_sales"])
    entry = LedgerEntry.objects.get(object_type="cases.separationcase", object_id=str(case.code),
                                    event="talks.escalation_detected")
    assert "仲裁" in entry.payload and "我要去" not in entry.payload  # the phrases, never the words
    assert Notification.objects.filter(user=world.users["legal"], subject__contains="争议风险词").exists()
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert "请法务介入" in page and "仲裁" in page


def test_transcripts_and_utterances_are_encrypted_at_rest(conversation, world):
    from django.db import connection

    transcript = services.add_transcript(conversation, TRANSCRIPT, actor=world.users["hrbp_sales"])
    with connection.cursor() as cursor:
        cursor.execute("SELECT text FROM talks_transcript WHERE id = %s", [transcript.pk])
        (raw,) = cursor.fetchone()
        cursor.execute("SELECT text FROM talks_utterance WHERE transcript_id = %s", [transcript.pk])
        utterances = [row[0] for row in cursor.fetchall()]
    assert "仲裁" not in raw and raw.startswith("gAAAA")
    assert all(u.startswith("gAAAA") for u in utterances)


def test_audio_goes_through_the_configured_engine(conversation, world, settings):
    from django.core.files.uploadedfile import SimpleUploadedFile

    hr = world.users["hrbp_sales"]
    give_consent(conversation.employee, "talk_recording")  # recordings need it (docs/privacy.md)
    audio = services.add_attachment(conversation, SimpleUploadedFile("talk.mp3", b"ID3\x04\x00\x00\x00\x00\x00\x00" + "HR：你好\n员工：我要请律师".encode()),
                                    actor=hr, kind="audio")
    settings.FAREWELL_SPEECH_ENGINE = ""
    try:
        services.transcribe_attachment(audio, actor=hr)
        raise AssertionError("no engine configured")
    except services.TalkError:
        pass
    settings.FAREWELL_SPEECH_ENGINE = "fake"
    transcript = services.transcribe_attachment(audio, actor=hr)
    assert (transcript.source, transcript.engine, transcript.format) == ("speech", "fake", "timestamped")
    assert transcript.utterance_count == 2 and transcript.escalation_phrases == ["律师"]


def test_the_seeded_list_catches_a_claim_of_unlawful_dismissal(world):
    from farewell.talks.models import EscalationPhrase

    phrases = set(EscalationPhrase.objects.filter(company=world.company).values_list("phrase", flat=True))
    assert {"违法辞退", "劳动仲裁", "劳动局"} <= phrases
