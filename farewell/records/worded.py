"""Import messages kept as their msgid and values, worded again when read.

An import job's row errors are stored on the job (common.Job.errors) and read later, maybe by a reader of
another language. The importer modules word their messages through this module's `_` (the same name and
calls xgettext reads): the text is worded in the active language as before, and remembers its msgid and
its values (`_("“%(v)s” 不是数字") % {"v": ...}`), so `stored()` keeps the parts as common/wording's JSON
and `shown()` words them in the reader's language. A stored plain text (a job from before, a message
worded elsewhere such as a file's TableError) is shown as stored.
"""

from __future__ import annotations

from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext, gettext_noop

from farewell.common.wording import Joined, Words, as_json, as_part, msgid_of, word

# A row's error as the report prints it (importers.RowError).
ROW_ERROR = gettext_noop("第 %(row)s 行 · %(field)s：%(message)s")


class Worded(str):
    """A message worded in the active language that keeps its msgid and values."""

    msgid: str
    params: dict | None

    def __new__(cls, msgid: str, params: dict | None = None) -> Worded:
        text = gettext(msgid)
        if params is not None:
            text = text % params
        worded = super().__new__(cls, text)
        worded.msgid, worded.params = msgid, params
        return worded

    @classmethod
    def of(cls, message) -> str:
        """A `gettext_lazy` message worded now, keeping its msgid (any other text as it is)."""
        return cls(msgid_of(message)) if isinstance(message, Promise) else str(message)

    def __mod__(self, params):
        if self.params is None and isinstance(params, dict):
            return Worded(self.msgid, params)
        return str(self) % params


def _(msgid: str) -> Worded:  # noqa: N802 - gettext's own name, so that xgettext extracts the calls
    return Worded(msgid)


def as_words(message: Any) -> Any:
    """A message as common/wording keeps it: a Worded one as its msgid and values (Words), a row error
    (importers.RowError) as its frame with the row, the column's header and its message, anything else
    (a message worded elsewhere) as its text."""
    if isinstance(message, Worded):
        if not message.params:
            return Words(message.msgid)
        return Words(message.msgid, **{k: as_words(v) for k, v in message.params.items()})
    if getattr(message, "row", None) is not None and hasattr(message, "header"):
        return Words(ROW_ERROR, row=message.row, field=header_words(message.header), message=as_words(message.message))
    return as_part(message)


def stored(message: Any) -> Any:
    """What an import job keeps of a message (common/wording's JSON); `shown` words it."""
    return as_json(as_words(message))


def shown(kept: Any) -> str:
    """A kept message in the active language (an old job's plain text as it was stored)."""
    return word(kept)


def header_words(header: str) -> Any:
    """A column's header (or a key of headers, 工号+周期) as words: the catalogue knows most headers; one it
    does not know is shown as the file's own header."""
    parts = str(header).split("+")
    return Joined([Words(part) for part in parts], "+") if len(parts) > 1 else Words(parts[0])


def header_shown(header: str) -> str:
    return str(header_words(header)) if header else ""
