"""Talk attachments leave only through the policy and the access log: HR's download is logged;
a recording is for the roles that may read transcripts (a manager may not download it)."""

from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.accounts.models import AccessLog
from farewell.talks import services
from tests.factories import give_consent


def test_a_download_is_logged(client, world, conversation):
    hr = world.users["hrbp_sales"]
    attachment = services.add_attachment(conversation, SimpleUploadedFile("协议草稿.pdf", b"%PDF-1.4 draft"), actor=hr)
    client.force_login(hr)
    response = client.get(f"/talks/attachments/{attachment.code}/")
    assert response.status_code == 200 and b"".join(response.streaming_content) == b"%PDF-1.4 draft"
    row = AccessLog.objects.get(object_type="talks.attachment", object_id=str(attachment.code))
    assert row.actor == hr and row.employee == conversation.employee and row.field == "file"


def test_a_recording_is_not_for_the_manager(client, world, conversation):
    hr = world.users["hrbp_sales"]
    give_consent(conversation.employee, "talk_recording")  # recordings need it (docs/privacy.md)
    audio = services.add_attachment(conversation, SimpleUploadedFile("谈话录音.m4a", b"audio"), actor=hr, kind="audio")
    client.force_login(world.users["manager"])
    assert client.get(f"/talks/attachments/{audio.code}/").status_code in (403, 404)
    client.force_login(world.users["legal"])
    assert client.get(f"/talks/attachments/{audio.code}/").status_code == 200
    assert list(AccessLog.objects.filter(object_id=str(audio.code)).values_list("actor__username", flat=True)) == ["legal"]
