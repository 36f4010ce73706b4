"""The ledger's payloads hold people's words (reasons, notes, transcripts' phrases): the auditor
reads them whole — redacting would break the object hash a third party re-computes — so every
read of payloads through the API is written to the access log, like any sensitive read."""

from __future__ import annotations

from .models import AccessLog

PAYLOAD_FIELD = "payload"


def log_payload_read(actor, entries, *, query: str) -> AccessLog | None:
    """One access-log row for the entries one API page returned (seq range and count)."""
    seqs = [entry.seq for entry in entries]
    if not seqs:
        return None
    return AccessLog.objects.create(
        actor=actor, employee=None, object_type="ledger.ledgerentry", object_id=f"{min(seqs)}-{max(seqs)}"[:64],
        field=PAYLOAD_FIELD,
        purpose=f"审计：读取证据链 {len(seqs)} 条记录的内容{('（' + query + '）') if query else ''}"[:200],
    )
