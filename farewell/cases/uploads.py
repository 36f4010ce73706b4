"""Evidence files HR uploads on a case (the union notification, LCL 43): a size limit, a type
check on the declared type AND the first bytes, and the SHA-256 that goes into the ledger."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

from django.utils.translation import gettext as _

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024  # a scanned letter with a stamp fits well inside 10 MB
# Declared content type → the leading bytes its content must start with.
DOCUMENT_TYPES: dict[str, tuple[bytes, ...]] = {
    "application/pdf": (b"%PDF-",),
    "image/jpeg": (b"\xff\xd8\xff",),
    "image/png": (b"\x89PNG\r\n\x1a\n",),
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": (b"PK\x03\x04",),
    "application/msword": (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1",),
}
ACCEPT = ".pdf,.jpg,.jpeg,.png,.docx,.doc"


class DocumentError(ValueError):
    """An upload that is refused; the message names the field."""


@dataclass(frozen=True)
class CheckedDocument:
    name: str
    size: int
    content_type: str
    sha256: str


def check_document(upload, *, field: str) -> CheckedDocument:
    """Size, type and content of `upload`; its SHA-256. `field` is the label the error names."""
    if upload is None:
        raise DocumentError(_("%(field)s：请上传文件") % {"field": field})
    if upload.size > MAX_DOCUMENT_BYTES:
        raise DocumentError(_("%(field)s：文件过大（%(size).1f MB），上限为 %(limit)d MB") % {
            "field": field, "size": upload.size / 1024 / 1024, "limit": MAX_DOCUMENT_BYTES // 1024 // 1024})
    if upload.size == 0:
        raise DocumentError(_("%(field)s：文件是空的") % {"field": field})
    content_type = (getattr(upload, "content_type", "") or "").split(";")[0].strip().lower()
    signatures = DOCUMENT_TYPES.get(content_type)
    if signatures is None:
        raise DocumentError(_("%(field)s：不支持的文件类型 %(type)s（仅限 PDF、Word、JPG、PNG）") % {
            "field": field, "type": content_type or "?"})
    digest = hashlib.sha256()
    head = b""
    upload.seek(0)
    for chunk in upload.chunks():
        if len(head) < 16:
            head += chunk[:16]
        digest.update(chunk)
    upload.seek(0)
    if not head.startswith(signatures):
        raise DocumentError(_("%(field)s：文件内容与声明的类型 %(type)s 不符") % {"field": field, "type": content_type})
    return CheckedDocument(upload.name, upload.size, content_type, digest.hexdigest())
