"""A conversation's attachments: what may be uploaded, judged on the content (the leading bytes),
never on the file name or the type the browser declares; and how the file is kept: encrypted at
rest with FAREWELL_FIELD_KEY like transcripts (a recording is the talk itself), read back only
through `read_attachment` (downloads go through accounts.file_reads, which logs them)."""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.utils.translation import gettext as _

from farewell.common.fields import fernet

from .models import AttachmentKind

MB = 1024 * 1024
# A scanned letter with a stamp fits well inside 10 MB; two hours of speech at 64 kbit/s is ~60 MB
# and half an hour of 16 kHz WAV ~58 MB. The whole file is held in memory to encrypt it.
MAX_BYTES = {AttachmentKind.DOCUMENT: 10 * MB, AttachmentKind.AUDIO: 100 * MB}

# (format label, test on the leading bytes)
DOCUMENT_SIGNATURES = [
    ("PDF", lambda h: h.startswith(b"%PDF-")),
    ("JPEG", lambda h: h.startswith(b"\xff\xd8\xff")),
    ("PNG", lambda h: h.startswith(b"\x89PNG\r\n\x1a\n")),
    ("DOC", lambda h: h.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1")),
    ("DOCX", lambda h: h.startswith(b"PK\x03\x04")),  # confirmed below: a Word package, not any ZIP
]
AUDIO_SIGNATURES = [
    ("MP3", lambda h: h.startswith(b"ID3") or (len(h) > 1 and h[0] == 0xFF and h[1] & 0xE0 == 0xE0)),
    ("WAV", lambda h: h.startswith(b"RIFF") and h[8:12] == b"WAVE"),
    ("M4A", lambda h: h[4:8] == b"ftyp"),
    ("OGG", lambda h: h.startswith(b"OggS")),
    ("FLAC", lambda h: h.startswith(b"fLaC")),
    ("AMR", lambda h: h.startswith(b"#!AMR")),
    ("WEBM", lambda h: h.startswith(b"\x1a\x45\xdf\xa3")),
]
ALLOWED = {AttachmentKind.DOCUMENT: "PDF、Word、JPG、PNG", AttachmentKind.AUDIO: "MP3、WAV、M4A、OGG、FLAC、AMR、WebM"}


class AttachmentRefused(ValueError):
    """An upload that is refused; the message says why, in the UI's language."""


@dataclass(frozen=True)
class CheckedAttachment:
    data: bytes
    format: str
    sha256: str


def _is_word_package(data: bytes) -> bool:
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            return "word/document.xml" in archive.namelist()
    except (zipfile.BadZipFile, ValueError):
        return False


def check_attachment(upload, kind: str) -> CheckedAttachment:
    """Size and type of an upload of `kind`, from its content; the bytes and their SHA-256."""
    limit = MAX_BYTES.get(kind)
    if limit is None:
        raise AttachmentRefused(_("未知的附件类型"))
    size = getattr(upload, "size", None)
    if size is not None and size > limit:  # refused before reading it into memory
        raise AttachmentRefused(_("文件过大（%(size).1f MB），上限为 %(limit)d MB") % {
            "size": size / MB, "limit": limit // MB})
    data = upload.read(limit + 1)
    if len(data) > limit:
        raise AttachmentRefused(_("文件过大，上限为 %(limit)d MB") % {"limit": limit // MB})
    if not data:
        raise AttachmentRefused(_("文件是空的"))
    signatures = DOCUMENT_SIGNATURES if kind == AttachmentKind.DOCUMENT else AUDIO_SIGNATURES
    head = data[:16]
    found = next((label for label, test in signatures if test(head)), None)
    if found == "DOCX" and not _is_word_package(data):
        found = None
    if found is None:
        raise AttachmentRefused(_("文件内容不是允许的%(kind)s格式（%(allowed)s）：按文件内容判断，而非文件名") % {
            "kind": AttachmentKind(kind).label, "allowed": ALLOWED[kind]})
    return CheckedAttachment(data, found, hashlib.sha256(data).hexdigest())


def encrypt_bytes(data: bytes) -> bytes:
    return fernet().encrypt(data)


def read_attachment(attachment) -> bytes:
    """The attachment's plain bytes (decrypted). Callers check the policy and log the read first."""
    with attachment.file.open("rb") as handle:
        stored = handle.read()
    return fernet().decrypt(stored) if attachment.encrypted else stored
