"""Links a page prints many times, worked out once per process (issue 14).

reverse() walks the URL resolver: tens of microseconds each, and the employee page printed a dozen of them,
always of the same few shapes. The URLconf does not change while a process runs, so a link's shape is kept per
script prefix (WSGI's SCRIPT_NAME, which reverse() puts in front) and filled in with the object's code. (Static
files' URLs are kept by the storage itself: common/static_storage.py.)
"""

from __future__ import annotations

import uuid

from django.urls import get_script_prefix, reverse

# A code no object has, reversed in the code's place; its text is then replaced by the real code.
_SENTINEL = uuid.UUID(int=0xFA5E)
_SHAPES: dict[tuple, tuple[str, str]] = {}


def code_url(viewname: str, code: uuid.UUID, *args: str) -> str:
    """`reverse(viewname, args=[code, *args])` for a UUID code; `args` are the view's fixed words (a field
    name), never per-object values: each distinct one is kept for the life of the process."""
    head, tail = code_url_shape(viewname, *args)
    return f"{head}{code}{tail}"


def code_url_shape(viewname: str, *args: str) -> tuple[str, str]:
    """What code_url(viewname, code, *args) writes before and after the code, for a list that puts each
    row's code between them."""
    key = (get_script_prefix(), viewname, args)
    shape = _SHAPES.get(key)
    if shape is None:
        head, found, tail = reverse(viewname, args=[_SENTINEL, *args]).partition(str(_SENTINEL))
        if not found:
            raise ValueError(f"{viewname} does not print its code as it is")
        shape = _SHAPES[key] = (head, tail)
    return shape
