"""The access log's purposes in the reader's language (the auditor's page, the employee's own log, the API).

A purpose is stored as its untranslated msgid (marked gettext_noop where it is written), or as a msgid, "："
and a detail: a document kind's msgid, the purpose someone typed for an export. It is worded when shown —
the msgid through the catalogue, the detail too when the catalogue knows it, as typed otherwise — as the
duties' citations are (offboarding.PostExitDuty.shown_citation). What the catalogue does not know (a legal
hold's reason, a row written in English before) is shown as stored. A purpose that carries values (how many
ledger entries an auditor read or exported) keeps them as common/wording's JSON in AccessLog.words.
"""

from __future__ import annotations

from django.utils.translation import gettext

from farewell.common.templatetags.punct import marks
from farewell.common.wording import word

SEPARATOR = "："


def with_detail(msgid: str, detail: str) -> str:
    """A purpose with its detail, as stored: both worded when shown (the detail when the catalogue knows it)."""
    return f"{msgid}{SEPARATOR}{detail}"


def shown_purpose(stored: str, words=None) -> str:
    """`stored` in the reader's language; a purpose kept with its words (a count of entries read) from them."""
    if words:
        return word(words)
    worded = gettext(stored)
    if worded != stored:
        return worded
    at = stored.rfind(SEPARATOR)
    while at > 0:  # the longest head the catalogue knows: a msgid may hold a "：" of its own
        head = stored[:at]
        known = gettext(head)
        if known != head:
            detail = gettext(stored[at + 1:])
            return f"{known}{marks()['colon']}{detail}"
        at = stored.rfind(SEPARATOR, 0, at)
    return stored
