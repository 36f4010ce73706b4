"""Appending to the ledger and verifying it."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .canonical import HASH_VERSION, canonical_json, entry_hash, sha256_hex, utc_timestamp
from .models import GENESIS_HASH, LedgerEntry, LedgerHead


def record(object_type: str, object_id, payload: dict, *, actor, event: str) -> LedgerEntry:
    """Append one entry; call it inside the transaction that makes the change it records."""
    text = canonical_json(payload)
    object_hash = sha256_hex(text)
    actor_ref = "" if actor is None else str(actor.pk)
    with transaction.atomic():
        # Locks the chain head (select_for_update on PostgreSQL; SQLite's IMMEDIATE
        # transactions already hold the write lock).
        head = LedgerHead.objects.select_for_update().get(id=1)
        seq = head.seq + 1
        timestamp = utc_timestamp(timezone.now())
        object_id = str(object_id)
        digest = entry_hash(version=HASH_VERSION, seq=seq, prev_hash=head.entry_hash, event=event,
                            object_type=object_type, object_id=object_id, object_hash=object_hash,
                            actor_ref=actor_ref, timestamp=timestamp)
        entry = LedgerEntry(
            seq=seq,
            prev_hash=head.entry_hash,
            object_type=object_type,
            object_id=object_id,
            event=event,
            payload=text,
            object_hash=object_hash,
            actor=actor,
            actor_ref=actor_ref,
            timestamp=timestamp,
            entry_hash=digest,
            version=HASH_VERSION,
        )
        entry.save(force_insert=True)
        LedgerHead.objects.filter(id=1).update(seq=seq, entry_hash=digest)
    return entry


_CHUNK = 2000  # seqs per IN (...) list (SQLite binds at most 32,766 variables a statement)
REDACTED_SEQS = "redacted_seqs"  # the key under which a redacting entry lists the entries it emptied


def record_redaction(seqs: Iterable[int], object_type: str, object_id, payload: dict, *, actor,
                     event: str) -> LedgerEntry | None:
    """Remove the payload of the entries `seqs` and append the entry that says so.

    The new entry's payload is `payload` plus {"redacted_seqs": [...]} (keep it free of personal
    data: it is never redacted itself); each emptied entry keeps its object_hash and entry_hash
    and points at the new entry (`redacted_by`), so `verify` still re-computes the chain and
    checks that every emptied entry is named by a later, intact one. Entries already emptied and
    redacting entries are left alone. None when there is nothing to redact.
    """
    asked = sorted(set(seqs))
    with transaction.atomic():
        wanted: list[int] = []
        for start in range(0, len(asked), _CHUNK):
            wanted += LedgerEntry.objects.filter(seq__in=asked[start:start + _CHUNK],
                                                 redacted_by__isnull=True).values_list("seq", flat=True)
        if not wanted:
            return None
        wanted.sort()
        entry = record(object_type, object_id, {**payload, REDACTED_SEQS: wanted}, actor=actor, event=event)
        # A conditional update (the model refuses save() on an entry): only the payload goes.
        for start in range(0, len(wanted), _CHUNK):
            LedgerEntry.objects.filter(seq__in=wanted[start:start + _CHUNK], redacted_by__isnull=True).update(
                payload="", redacted_by=entry.seq)
    return entry


@dataclass(frozen=True)
class Verification:
    ok: bool
    checked: int
    first_broken_seq: int | None = None
    reason: str = ""


def verify(chunk_size: int = 5000) -> Verification:
    """Re-compute the whole chain; report the first entry that does not match."""
    prev_hash = GENESIS_HASH
    expected_seq = 1
    checked = 0
    last_version = 1
    # A redacted entry's payload is gone: its object_hash can no longer be re-computed, so instead the
    # entry it names (redacted_by, always later) must be intact and list it. pending: that entry's
    # seq → the seqs it must list, checked when the walk reaches it.
    pending: dict[int, set[int]] = {}
    fields = ("seq", "prev_hash", "event", "object_type", "object_id", "payload", "object_hash", "actor_ref",
              "timestamp", "entry_hash", "version", "redacted_by")
    for (seq, prev, event, object_type, object_id, payload, object_hash, actor_ref, timestamp, digest, version,
         redacted_by) in LedgerEntry.objects.order_by("seq").values_list(*fields).iterator(chunk_size=chunk_size):
        if seq != expected_seq:
            return Verification(False, checked, expected_seq, f"entry {expected_seq} is missing")
        if prev != prev_hash:
            return Verification(False, checked, seq, "previous hash does not match (reordered or removed)")
        if redacted_by is not None:
            if redacted_by <= seq or payload != "":
                return Verification(False, checked, seq, "a redaction mark that no purge can have made")
            pending.setdefault(redacted_by, set()).add(seq)
        elif sha256_hex(payload) != object_hash:
            return Verification(False, checked, seq, "recorded content was altered")
        if seq in pending:
            wanted = pending.pop(seq)
            if redacted_by is not None or not wanted <= _redacted_seqs(payload):
                return Verification(False, checked, min(wanted),
                                    f"payload removed without entry {seq} recording its removal")
        if version not in (1, 2):
            return Verification(False, checked, seq, f"unknown hash version {version}")
        if version < last_version:  # v1 entries were all written before the first v2 one
            return Verification(False, checked, seq, "a v1 entry after a v2 entry (version rewritten)")
        last_version = version
        if entry_hash(version=version, seq=seq, prev_hash=prev, event=event, object_type=object_type,
                      object_id=object_id, object_hash=object_hash, actor_ref=actor_ref,
                      timestamp=timestamp) != digest:
            return Verification(False, checked, seq, "entry hash does not match its fields")
        prev_hash = digest
        expected_seq += 1
        checked += 1
    if pending:
        missing = min(pending)
        return Verification(False, checked, min(pending[missing]),
                            f"payload removed by entry {missing}, which does not exist")
    head = LedgerHead.objects.filter(id=1).values_list("seq", "entry_hash").first()
    if head and (head[0] != checked or head[1] != prev_hash):
        return Verification(False, checked, checked + 1, "entries after the last one were removed")
    return Verification(True, checked)


def _redacted_seqs(payload: str) -> set[int]:
    try:
        listed = json.loads(payload).get(REDACTED_SEQS) or []
        return {int(n) for n in listed}
    except (ValueError, TypeError, AttributeError):
        return set()


def entries_for(object_type: str, object_id) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(object_type=object_type, object_id=str(object_id)).select_related("actor"))
