"""Helpers for list pages that render 50 rows (issue 14): the rows' strings worked out in Python once,
so the template only prints them.

In a Django template each `{% url %}`, `get_FOO_display` and `|date` costs a function call chain per
row (a `get_FOO_display` rebuilds its choices dictionary every time); on a 2-core server every
millisecond of CPU a request takes is 170 requests/s it cannot serve.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from html import escape

from django.urls import reverse
from django.utils.safestring import SafeString

from .widgets import text

# A UUID that reverse() accepts for a `<uuid:code>` pattern, replaced by each row's code.
_SENTINEL = "00000000-0000-0000-0000-000000000000"


def url_for_code(viewname: str) -> Callable[[object], str]:
    """`viewname`'s URL for a UUID code, with one reverse() for all rows (a UUID needs no quoting)."""
    head, _, tail = reverse(viewname, args=[_SENTINEL]).partition(_SENTINEL)
    return lambda code: f"{head}{code}{tail}"


def labels(choices) -> dict[str, str]:
    """value → label of a TextChoices, translated into the request's language once per page."""
    return {value: str(label) for value, label in choices}


def html_rows(row: str, rows: Iterable[dict]) -> SafeString:
    """The table body of a list: each row's cells put into `row`, a `str.format` pattern of its `<tr>`,
    every cell escaped as a template's autoescaping escapes it (a SafeString cell, HTML the caller built
    with format_html, is kept as it is). A template's `{% for %}` over 50 rows of 10 cells was the
    largest part of a list page's CPU (issue 14); this is one format call per row."""
    return SafeString("".join(row.format_map({name: text(value) for name, value in cells.items()}) for cells in rows))


def escape_all(values: list[str]) -> list[str]:
    """`[html.escape(v) for v in values]` in one pass over the values joined: a page's ~300 short values cost
    ~1.7 µs each through escape()'s five replace() calls, the joined text a few scans (issue 14). A value
    holding the separator is escaped alone, as everything is when any does."""
    joined = "\0".join(values)
    if joined.count("\0") != len(values) - 1:
        return [escape(value) for value in values]
    if "&" in joined or "<" in joined or ">" in joined or '"' in joined or "'" in joined:
        joined = escape(joined)
    return joined.split("\0")
