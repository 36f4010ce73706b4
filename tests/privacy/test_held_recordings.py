"""A recording a legal hold keeps after its consent was withdrawn is read only under the hold: by the roles
that read recordings (HR, legal, in scope), each read naming the hold and its reason in the access log and
recorded on the hold's line of the ledger; kept by nothing (the hold released), it is not there to read."""

from __future__ import annotations

import io
import json
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.accounts.models import AccessLog
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import verify
from farewell.privacy import services
from farewell.privacy.models import Purpose
from farewell.talks import services as talks
from tests.factories import M4A

REASON = "员工已申请劳动仲裁（沪劳仲2030-017）"


@pytest.fixture
def held(world, conversation):
    """李四 consented, was recorded, a hold was set on her case, then she withdrew her consent."""
    hr = world.users["hrbp_sales"]
    item = services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=world.users["employee"])
    audio = talks.add_attachment(conversation, SimpleUploadedFile("谈话录音.m4a", M4A), actor=hr, kind="audio")
    hold = services.set_hold(conversation.case, REASON, actor=hr)
    services.withdraw_consent(item, actor=world.users["employee"])
    return {"audio": audio, "hold": hold, "case": conversation.case}


def _download(client, user, audio):
    client.force_login(user)
    return client.get(f"/talks/attachments/{audio.code}/")


def test_a_held_recording_is_read_under_the_hold_and_each_read_is_recorded(client, world, held):
    audio, hold = held["audio"], held["hold"]
    for persona in ("hrbp_sales", "legal"):
        response = _download(client, world.users[persona], audio)
        assert response.status_code == 200, persona
        assert b"".join(response.streaming_content) == M4A
    logs = list(AccessLog.objects.filter(object_type="talks.attachment", object_id=str(audio.code)).order_by("pk"))
    assert [log.actor for log in logs] == [world.users["hrbp_sales"], world.users["legal"]]
    assert all(str(hold.code) in log.purpose and REASON in log.purpose for log in logs)
    reads = LedgerEntry.objects.filter(object_type="privacy.hold", object_id=str(hold.code), event="privacy.hold.read")
    assert [e.actor for e in reads.order_by("seq")] == [world.users["hrbp_sales"], world.users["legal"]]
    payload = json.loads(reads.first().payload)
    assert payload["read"] == {"object_type": "talks.attachment", "object_id": str(audio.code)}
    assert payload["reason"] == REASON and verify().ok


def test_roles_that_never_read_recordings_still_cannot(client, world, held):
    for persona in ("manager", "approver", "employee"):
        assert _download(client, world.users[persona], held["audio"]).status_code in (403, 404), persona
    assert not LedgerEntry.objects.filter(event="privacy.hold.read").exists()


def test_a_recording_with_its_consent_standing_is_read_as_before(client, world, conversation):
    services.give_consent(world.lisi, Purpose.TALK_RECORDING, actor=world.users["employee"])
    audio = talks.add_attachment(conversation, SimpleUploadedFile("谈话录音.m4a", M4A),
                                 actor=world.users["hrbp_sales"], kind="audio")
    services.set_hold(conversation.case, REASON, actor=world.users["hrbp_sales"])
    assert _download(client, world.users["hrbp_sales"], audio).status_code == 200
    assert AccessLog.objects.get(object_id=str(audio.code)).purpose == "下载谈话附件"
    assert not LedgerEntry.objects.filter(event="privacy.hold.read").exists()


def test_once_the_hold_is_released_the_kept_recording_is_not_there_to_read(client, world, held):
    services.release_hold(held["hold"], "仲裁已结案", actor=world.users["hrbp_sales"])
    assert _download(client, world.users["hrbp_sales"], held["audio"]).status_code == 404
    assert not AccessLog.objects.filter(object_id=str(held["audio"].code)).exists()


def test_the_evidence_package_reads_a_held_recording_under_the_hold(client, world, held):
    hr = world.users["hrbp_sales"]
    conversation = held["audio"].conversation
    talks.sign_conversation(conversation, actor=hr)
    client.force_login(hr)
    response = client.post(f"/talks/cases/{held['case'].code}/package/")
    assert response.status_code == 200, response.status_code
    with zipfile.ZipFile(io.BytesIO(response.content)) as archive:
        assert any(name.endswith("谈话录音.m4a") for name in archive.namelist())
    log = AccessLog.objects.get(object_type="talks.attachment", object_id=str(held["audio"].code))
    assert str(held["hold"].code) in log.purpose
    assert LedgerEntry.objects.filter(event="privacy.hold.read", object_id=str(held["hold"].code)).count() == 1
