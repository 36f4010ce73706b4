"""Canonical JSON and hashes of the ledger, exactly as a third party re-computes them."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import uuid
from decimal import Decimal


def _default(value):
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.datetime):
        if value.tzinfo is None:
            raise ValueError("naive datetimes cannot be recorded in the ledger")
        return value.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID):
        return str(value)
    raise TypeError(f"cannot record {type(value).__name__} in the ledger")


def canonical_json(obj) -> str:
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False, default=_default)


def sha256_hex(text: str | bytes) -> str:
    data = text.encode("utf-8") if isinstance(text, str) else text
    return hashlib.sha256(data).hexdigest()


HASH_VERSION = 2  # every new entry; v1 entries (written before) keep verifying with the v1 formula


def entry_hash_v1(seq: int, prev_hash: str, object_hash: str, actor_id: str, timestamp: str) -> str:
    """v1 left the envelope out: a rewritten event or object_id still verified."""
    return sha256_hex(f"{seq}|{prev_hash}|{object_hash}|{actor_id}|{timestamp}")


def entry_hash_v2(seq: int, prev_hash: str, event: str, object_type: str, object_id: str, object_hash: str,
                  actor_id: str, timestamp: str) -> str:
    """v2 covers the whole envelope: what happened (event) to which object (type, id)."""
    return sha256_hex(f"v2|{seq}|{prev_hash}|{event}|{object_type}|{object_id}|{object_hash}|{actor_id}|{timestamp}")


def entry_hash(*, version: int, seq: int, prev_hash: str, event: str, object_type: str, object_id: str,
               object_hash: str, actor_ref: str, timestamp: str) -> str:
    """The entry's hash by the formula of its version (DESIGN: the ledger's format)."""
    if version == 1:
        return entry_hash_v1(seq, prev_hash, object_hash, actor_ref, timestamp)
    if version == 2:
        return entry_hash_v2(seq, prev_hash, event, object_type, object_id, object_hash, actor_ref, timestamp)
    raise ValueError(f"unknown ledger hash version {version!r}")


def utc_timestamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).strftime("%Y-%m-%dT%H:%M:%S.%fZ")
