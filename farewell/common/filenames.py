"""File names sent in Content-Disposition."""

from __future__ import annotations

import re

from django.utils.http import content_disposition_header

# Django's FileResponse keeps only what follows the last "/" (os.path.basename), so a name holding one (an
# employee's name typed "张/三", a label "解除/终止…") arrived cut; "\\" is a separator on Windows; control
# characters have no place in a header.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def download_name(name: str) -> str:
    """`name` with "/", "\\" and control characters as "_"; Chinese kept (Django sends a non-ASCII name
    as RFC 5987 filename*=utf-8''…)."""
    return _UNSAFE.sub("_", str(name)).strip() or "download"


def attachment_header(name: str) -> str:
    """The Content-Disposition of a download named `name`, cleaned as download_name: an ASCII name quoted (a '"'
    escaped), any other as RFC 5987 filename*=utf-8''… — never an f-string: a name with '"', CR/LF or Chinese
    (an employee's name in the evidence package's) broke the header or reached the browser mangled."""
    return content_disposition_header(True, download_name(name))
