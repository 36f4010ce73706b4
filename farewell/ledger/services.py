"""Appending to the ledger and verifying it."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone

from .canonical import canonical_json, entry_hash, sha256_hex, utc_timestamp
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
        digest = entry_hash(seq, head.entry_hash, object_hash, actor_ref, timestamp)
        entry = LedgerEntry(
            seq=seq,
            prev_hash=head.entry_hash,
            object_type=object_type,
            object_id=str(object_id),
            event=event,
            payload=text,
            object_hash=object_hash,
            actor=actor,
            actor_ref=actor_ref,
            timestamp=timestamp,
            entry_hash=digest,
        )
        entry.save(force_insert=True)
        LedgerHead.objects.filter(id=1).update(seq=seq, entry_hash=digest)
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
    fields = ("seq", "prev_hash", "payload", "object_hash", "actor_ref", "timestamp", "entry_hash")
    for seq, prev, payload, object_hash, actor_ref, timestamp, digest in (
        LedgerEntry.objects.order_by("seq").values_list(*fields).iterator(chunk_size=chunk_size)
    ):
        if seq != expected_seq:
            return Verification(False, checked, expected_seq, f"entry {expected_seq} is missing")
        if prev != prev_hash:
            return Verification(False, checked, seq, "previous hash does not match (reordered or removed)")
        if sha256_hex(payload) != object_hash:
            return Verification(False, checked, seq, "recorded content was altered")
        if entry_hash(seq, prev, object_hash, actor_ref, timestamp) != digest:
            return Verification(False, checked, seq, "entry hash does not match its fields")
        prev_hash = digest
        expected_seq += 1
        checked += 1
    head = LedgerHead.objects.filter(id=1).values_list("seq", "entry_hash").first()
    if head and (head[0] != checked or head[1] != prev_hash):
        return Verification(False, checked, checked + 1, "entries after the last one were removed")
    return Verification(True, checked)


def entries_for(object_type: str, object_id) -> list[LedgerEntry]:
    return list(LedgerEntry.objects.filter(object_type=object_type, object_id=str(object_id)).select_related("actor"))
