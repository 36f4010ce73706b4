"""File names sent in Content-Disposition."""

from __future__ import annotations

import re

# Django's FileResponse keeps only what follows the last "/" (os.path.basename), so a name holding one (an
# employee's name typed "张/三", a label "解除/终止…") arrived cut; "\\" is a separator on Windows; control
# characters have no place in a header.
_UNSAFE = re.compile(r"[\x00-\x1f\x7f/\\]")


def download_name(name: str) -> str:
    """`name` with "/", "\\" and control characters as "_"; Chinese kept (Django sends a non-ASCII name
    as RFC 5987 filename*=utf-8''…)."""
    return _UNSAFE.sub("_", str(name)).strip() or "download"
