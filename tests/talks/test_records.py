"""Conversation records: drafts change, signed records never do; corrections are new versions
pointing to the old one, and every version is in the ledger."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import verify
from farewell.talks import services
from farewell.talks.models import Conversation, ConversationStatus
from farewell.talks.uploads import read_attachment
from tests.factories import give_consent

MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00 recorded speech"


def _entries(conversation):
    return list(LedgerEntry.objects.filter(object_type="talks.conversation", object_id=str(conversation.code))
                .values_list("event", flat=True))


def test_a_draft_takes_agenda_participants_and_checklist_from_the_plan(conversation, plan, world):
    assert plan.title in conversation.agenda
    roles = {p.role: p for p in conversation.participants.all()}
    assert roles["employee"].employee == world.lisi and roles["manager"].employee == world.boss
    assert [c.text for c in conversation.checklist.all()] == plan.compliance_list


def test_it_signs_and_then_refuses_every_change(conversation, world):
    hr = world.users["hrbp_sales"]
    services.update_conversation(conversation, actor=hr, fields={"notes": "说明了补偿方案"},
                                 next_steps=[{"action": "发送协议文本", "owner": "HRBP", "due_date": None}])
    item = conversation.checklist.first()
    services.tick(item, True, actor=hr)
    services.add_attachment(conversation, SimpleUploadedFile("协议草稿.pdf", b"%PDF-1.4 draft"), actor=hr)
    services.sign_conversation(conversation, actor=hr)
    conversation.refresh_from_db()
    assert conversation.status == ConversationStatus.SIGNED
    with pytest.raises(services.TalkError):
        services.update_conversation(conversation, actor=hr, fields={"notes": "改过"})
    with pytest.raises(services.TalkError):
        services.tick(item, False, actor=hr)
    with pytest.raises(services.TalkError):
        services.add_attachment(conversation, SimpleUploadedFile("x.pdf", b"%PDF-1.4 x"), actor=hr)
    with pytest.raises(services.TalkError):
        services.sign_conversation(conversation, actor=hr)
    conversation.refresh_from_db()
    assert conversation.notes == "说明了补偿方案"
    signed = LedgerEntry.objects.get(object_type="talks.conversation", object_id=str(conversation.code),
                                     event="talks.conversation.signed")
    assert "说明了补偿方案" in signed.payload and "发送协议文本" in signed.payload
    assert '"done":true' in signed.payload


def test_a_correction_is_a_new_version_pointing_to_the_old(conversation, world):
    hr = world.users["hrbp_sales"]
    services.update_conversation(conversation, actor=hr, fields={"agreed": "同意协商解除"})
    give_consent(conversation.employee, "talk_recording")  # recordings need it (docs/privacy.md)
    services.add_attachment(conversation, SimpleUploadedFile("录音.mp3", MP3), actor=hr, kind="audio")
    services.sign_conversation(conversation, actor=hr)
    with pytest.raises(services.TalkError):
        services.correct_conversation(conversation, actor=hr, reason="")
    v2 = services.correct_conversation(conversation, actor=hr, reason="离职日期记错")
    assert (v2.version, v2.previous, v2.status) == (2, conversation, ConversationStatus.DRAFT)
    assert v2.agreed == "同意协商解除" and v2.attachments.get().sha256 == conversation.attachments.get().sha256
    with pytest.raises(services.TalkError):
        services.correct_conversation(conversation, actor=hr, reason="again")  # one correction per version
    services.update_conversation(v2, actor=hr, fields={"agreed": "同意协商解除，最后工作日为月底"})
    services.sign_conversation(v2, actor=hr)
    conversation.refresh_from_db()
    assert conversation.agreed == "同意协商解除"  # the old version is untouched
    assert services.latest_version(conversation) == v2
    assert "talks.conversation.signed" in _entries(conversation)
    assert _entries(v2)[0] == "talks.conversation.correction_opened"
    assert "talks.conversation.signed" in _entries(v2)
    signed_v2 = LedgerEntry.objects.get(object_id=str(v2.code), event="talks.conversation.signed")
    assert str(conversation.code) in signed_v2.payload and '"version":2' in signed_v2.payload
    assert verify().ok


def test_the_employee_acknowledges_their_own_signed_record_once(conversation, world):
    hr, lisi = world.users["hrbp_sales"], world.users["employee"]
    with pytest.raises(services.TalkError):
        services.acknowledge(conversation, actor=lisi)  # not signed yet
    services.sign_conversation(conversation, actor=hr)
    with pytest.raises(services.TalkError):
        services.acknowledge(conversation, actor=hr)  # not theirs
    services.acknowledge(conversation, actor=lisi, comment="无异议")
    with pytest.raises(services.TalkError):
        services.acknowledge(conversation, actor=lisi)
    assert "talks.conversation.acknowledged" in _entries(conversation)
    assert Conversation.objects.get(pk=conversation.pk).status == ConversationStatus.SIGNED


def test_an_attachment_keeps_its_sha256_in_the_ledger(conversation, world):
    import hashlib

    attachment = services.add_attachment(conversation, SimpleUploadedFile("a.pdf", b"%PDF-1.4 hello"),
                                         actor=world.users["hrbp_sales"])
    digest = hashlib.sha256(b"%PDF-1.4 hello").hexdigest()
    assert attachment.sha256 == digest
    entry = LedgerEntry.objects.get(object_type="talks.attachment", object_id=str(attachment.code))
    assert digest in entry.payload
    with attachment.file.open("rb") as handle:
        assert b"%PDF" not in handle.read()  # encrypted at rest
    assert read_attachment(attachment) == b"%PDF-1.4 hello"
