"""Talk attachments (issue 13): checked on their content (never the name), encrypted at rest, and
leaving only through talks.access.get_attachment_for_user and the access log. The policy, stated:
a recording is the talk itself, like its transcript — HR and legal only, never a manager, even one
who took part; a document shown at the talk — HR, legal and the manager who took part in it (a
manager who did not take part reads neither)."""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.accounts.models import AccessLog
from farewell.talks import services, uploads
from farewell.talks.models import Attachment
from tests.factories import give_consent

PDF = b"%PDF-1.4 the agreement draft"
MP3 = b"ID3\x04\x00\x00\x00\x00\x00\x00" + b"\x00" * 64


def _docx() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def _add(conversation, world, name, data, kind="document"):
    if kind == "audio" and not conversation.employee.consents.exists():
        give_consent(conversation.employee, "talk_recording")  # recordings need it (docs/privacy.md)
    return services.add_attachment(conversation, SimpleUploadedFile(name, data), actor=world.users["hrbp_sales"],
                                   kind=kind)


def _get(client, user, attachment):
    client.force_login(user)
    return client.get(f"/talks/attachments/{attachment.code}/")


def test_a_download_is_decrypted_and_logged(client, world, conversation):
    attachment = _add(conversation, world, "协议草稿.pdf", PDF)
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    assert PDF not in stored and stored.startswith(b"gAAAAA")  # Fernet ciphertext at rest
    assert not attachment.file.name.endswith(".pdf")  # nor does the stored name say what it is
    response = _get(client, world.users["hrbp_sales"], attachment)
    assert response.status_code == 200 and b"".join(response.streaming_content) == PDF
    row = AccessLog.objects.get(object_type="talks.attachment", object_id=str(attachment.code))
    assert row.actor == world.users["hrbp_sales"] and row.employee == conversation.employee and row.field == "file"


@pytest.mark.parametrize("persona,document,recording", [
    ("hrbp_sales", 200, 200),
    ("hr_admin", 200, 200),
    ("legal", 200, 200),
    ("manager", 200, 403),     # took part in the talk (the employee's manager is a participant)
    ("approver", 403, 403),
    ("employee", 403, 403),    # the employee's own copy is the portal's signed record, not the files
    ("auditor", 404, 404),
    ("outsider", 404, 404),
])
def test_who_downloads_what(client, world, conversation, persona, document, recording):
    assert conversation.participants.filter(employee=world.boss).exists()
    doc = _add(conversation, world, "协议草稿.pdf", PDF)
    audio = _add(conversation, world, "谈话录音.mp3", MP3, kind="audio")
    assert _get(client, world.users[persona], doc).status_code == document
    assert _get(client, world.users[persona], audio).status_code == recording
    readers = set(AccessLog.objects.filter(object_type="talks.attachment").values_list("actor__username", flat=True))
    allowed = document == 200 or recording == 200
    assert readers == ({world.users[persona].username} if allowed else set())


def test_a_manager_who_did_not_take_part_downloads_nothing(client, world, conversation):
    services.update_conversation(conversation, actor=world.users["hrbp_sales"], fields={}, participants=[
        {"name": "张HR", "role": "hr"}, {"name": "李四", "role": "employee", "employee": world.lisi}])
    doc = _add(conversation, world, "协议草稿.pdf", PDF)
    assert _get(client, world.users["manager"], doc).status_code == 403
    assert not AccessLog.objects.filter(object_type="talks.attachment").exists()


def test_a_missing_attachment_is_not_found(client, world, conversation):
    client.force_login(world.users["hrbp_sales"])
    assert client.get("/talks/attachments/00000000-0000-0000-0000-000000000000/").status_code == 404


@pytest.mark.parametrize("name,data,kind", [
    ("合同.pdf", b"MZ\x90\x00 an executable named .pdf", "document"),
    ("录音.mp3", PDF, "audio"),                       # a PDF is not a recording, whatever its name
    ("协议.docx", b"PK\x03\x04 not a word package", "document"),
    ("说明.txt", "纯文本".encode(), "document"),
])
def test_the_type_is_judged_on_the_content(world, conversation, name, data, kind):
    with pytest.raises(services.TalkError, match="按文件内容判断"):
        _add(conversation, world, name, data, kind)
    assert not Attachment.objects.exists()


def test_a_file_named_anything_is_accepted_on_its_content(world, conversation):
    assert _add(conversation, world, "scan.bin", PDF).size == len(PDF)
    assert _add(conversation, world, "协议.docx", _docx()).kind == "document"
    assert _add(conversation, world, "voice", MP3, kind="audio").kind == "audio"


def test_the_size_limits(world, conversation, monkeypatch):
    monkeypatch.setitem(uploads.MAX_BYTES, "document", 100)
    with pytest.raises(services.TalkError, match="文件过大"):
        _add(conversation, world, "big.pdf", PDF + b"x" * 100)
    with pytest.raises(services.TalkError, match="文件是空的"):
        _add(conversation, world, "empty.pdf", b"")
    assert not Attachment.objects.exists()
    assert uploads.MAX_BYTES["audio"] == 100 * 1024 * 1024


def test_the_evidence_package_decrypts_and_logs_the_files(world, conversation):
    from farewell.talks.evidence import build_package

    attachment = _add(conversation, world, "协议草稿.pdf", PDF)
    services.sign_conversation(conversation, actor=world.users["hrbp_sales"])
    _name, data = build_package(conversation.case, actor=world.users["legal"])
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        files = {n: archive.read(n) for n in archive.namelist() if n.startswith("attachments/")}
    assert list(files.values()) == [PDF]
    assert AccessLog.objects.filter(object_id=str(attachment.code), actor=world.users["legal"]).exists()
