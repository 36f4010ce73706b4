"""The ledger's payloads hold people's words (reasons, notes, transcripts' phrases): the auditor
reads them whole — redacting would break the object hash a third party re-computes — so every
read of payloads through the API is written to the access log, like any sensitive read."""

from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext_noop

from farewell.common.wording import Words

from .models import AccessLog

PAYLOAD_FIELD = "payload"


def log_payload_read(actor, entries, *, query: str) -> AccessLog | None:
    """One access-log row for the entries one API page returned (seq range and count)."""
    seqs = [entry.seq for entry in entries]
    if not seqs:
        return None
    words = (Words(gettext_noop("审计：读取证据链 %(n)s 条记录的内容（%(query)s）"), n=len(seqs), query=query[:150])
             if query else Words(gettext_noop("审计：读取证据链 %(n)s 条记录的内容"), n=len(seqs)))
    with translation.override(settings.LANGUAGE_CODE):  # the stored text, as before: the site's language
        purpose = str(words)[:200]
    return AccessLog.objects.create(
        actor=actor, employee=None, object_type="ledger.ledgerentry", object_id=f"{min(seqs)}-{max(seqs)}"[:64],
        field=PAYLOAD_FIELD, purpose=purpose, words=words.as_json(),
    )
