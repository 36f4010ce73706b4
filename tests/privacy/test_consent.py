"""Separate consent (PIPL Art. 29): without it a recording is refused and health details are not
stored; the protected fact the law engine needs is recorded without it; a withdrawal stops further
processing and deletes what was collected under it (unless a legal hold stands)."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.common import consent
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import verify
from farewell.org import services as org_services
from farewell.org.models import StatusPeriod
from farewell.privacy import services
from farewell.privacy.models import Consent, Method, Purpose
from farewell.talks import services as talks
from farewell.talks.models import Attachment
from tests.factories import M4A


def _audio(name="谈话录音.m4a"):
    return SimpleUploadedFile(name, M4A)


def test_a_recording_is_refused_without_the_employees_consent(world, conversation):
    hr = world.users["hrbp_sales"]
    with pytest.raises(talks.TalkError, match="录音"):
        talks.add_attachment(conversation, _audio(), actor=hr, kind="audio")
    assert not Attachment.objects.exists()
    # A document needs no consent.
    talks.add_attachment(conversation, SimpleUploadedFile("议程.pdf", b"%PDF-1.4"), actor=hr)


def test_a_recording_is_stored_with_consent_given_in_the_portal(world, conversation):
    lisi_user = world.users["employee"]
    item = services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=lisi_user)
    assert item.method == Method.PORTAL and item.purpose_text and item.given_at and item.withdrawn_at is None
    assert consent.given(world.lisi.pk, consent.TALK_RECORDING)
    assert not consent.given(world.zhaoliu.pk, consent.TALK_RECORDING)
    talks.add_attachment(conversation, _audio(), actor=world.users["hrbp_sales"], kind="audio")
    assert Attachment.objects.filter(kind="audio").count() == 1
    entry = LedgerEntry.objects.get(event="privacy.consent.given")
    assert str(world.lisi.code) in entry.payload and "talk_recording" in entry.payload


def test_withdrawal_stops_recording_and_transcription_and_deletes_the_recordings(world, conversation, settings,
                                                                                  django_capture_on_commit_callbacks):
    hr = world.users["hrbp_sales"]
    item = services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=world.users["employee"])
    audio = talks.add_attachment(conversation, _audio(), actor=hr, kind="audio")
    path = audio.file.path
    with django_capture_on_commit_callbacks(execute=True):
        services.withdraw_consent(item, actor=world.users["employee"])
    assert not consent.given(world.lisi.pk, consent.TALK_RECORDING)
    assert not Attachment.objects.filter(pk=audio.pk).exists()
    assert not os.path.exists(path)
    with pytest.raises(talks.TalkError):
        talks.add_attachment(conversation, _audio("second.m4a"), actor=hr, kind="audio")
    purge = LedgerEntry.objects.get(event="privacy.purged")
    assert '"consent_withdrawn"' in purge.payload
    assert LedgerEntry.objects.get(object_type="talks.attachment", object_id=str(audio.code)).redacted_by == purge.seq
    assert verify().ok
    with pytest.raises(ValidationError):
        services.withdraw_consent(item, actor=world.users["employee"])  # once only


def test_transcription_of_a_recording_stops_after_withdrawal(world, conversation, settings):
    hr = world.users["hrbp_sales"]
    item = services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=world.users["employee"])
    audio = talks.add_attachment(conversation, _audio(), actor=hr, kind="audio")
    services.set_hold(conversation.case, "仲裁", actor=hr)  # the recording is kept, but not processed
    services.withdraw_consent(item, actor=world.users["employee"])
    assert Attachment.objects.filter(pk=audio.pk).exists()
    settings.FAREWELL_SPEECH_ENGINE = "fake"
    with pytest.raises(talks.TalkError, match="同意"):
        talks.transcribe_attachment(audio, actor=hr)


def test_the_protected_fact_is_recorded_without_consent_but_the_details_are_not(world):
    hr = world.users["hr_admin"]
    with pytest.raises(ValidationError) as refused:
        org_services.start_status_period(world.lisi, acting_user=hr, kind="medical_period",
                                         start_date=dt.date(2025, 3, 1), notes="腰椎手术")
    assert "notes" in refused.value.message_dict
    assert not StatusPeriod.objects.exists()
    period = org_services.start_status_period(world.lisi, acting_user=hr, kind="medical_period",
                                              start_date=dt.date(2025, 3, 1))
    assert StatusPeriod.objects.get(pk=period.pk).kind == "medical_period"  # what LCL 42 needs


def test_withdrawing_health_consent_erases_the_details_and_refuses_new_ones(world):
    hr = world.users["hr_admin"]
    item = services.give_consent(world.lisi, Purpose.HEALTH_DETAILS, actor=world.users["employee"])
    period = org_services.start_status_period(world.lisi, acting_user=hr, kind="medical_period",
                                              start_date=dt.date(2025, 3, 1), notes="腰椎手术")
    assert StatusPeriod.objects.get(pk=period.pk).notes == "腰椎手术"
    services.withdraw_consent(item, actor=world.users["employee"])
    stored = StatusPeriod.objects.get(pk=period.pk)
    assert stored.notes == "" and stored.kind == "medical_period"  # the fact stays, the details go
    with pytest.raises(ValidationError):
        org_services.start_status_period(world.lisi, acting_user=hr, kind="medical_period",
                                         start_date=dt.date(2025, 9, 1), notes="复发")
    assert '"health_notes_erased":1' in LedgerEntry.objects.get(event="privacy.consent.withdrawn").payload


def test_only_the_person_clicks_consent_and_paper_needs_a_scan(world):
    hr = world.users["hr_admin"]
    with pytest.raises(ValidationError):
        services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=hr, method=Method.PORTAL)
    with pytest.raises(ValidationError):
        services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=hr, method=Method.PAPER)
    item = services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=hr, method=Method.PAPER,
                                 scan=SimpleUploadedFile("同意书.pdf", b"%PDF-1.4 signed"))
    assert item.scan_sha256 and item.recorded_by == hr
    with pytest.raises(ValidationError):  # one standing consent per purpose
        services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=world.users["employee"])
    services.withdraw_consent(item, actor=hr)
    again = services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=world.users["employee"])
    assert Consent.objects.filter(employee=world.lisi).count() == 2 and again.standing
