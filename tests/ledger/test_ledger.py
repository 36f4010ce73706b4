"""The evidence ledger: the chain, its canonical JSON, tamper detection, append-only rows,
concurrent appends. Hashes are re-computed here from DESIGN's formula, independently of
farewell.ledger.canonical."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import threading
import uuid
from decimal import Decimal

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection, connections

from farewell.ledger import services as ledger
from farewell.ledger.canonical import canonical_json
from farewell.ledger.models import AppendOnlyError, LedgerEntry, LedgerHead

GENESIS = "0" * 64


def sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def append(n: int, actor=None) -> list[LedgerEntry]:
    return [
        ledger.record("cases.case", uuid.UUID(int=i), {"step": i}, actor=actor, event="test")
        for i in range(1, n + 1)
    ]


def raw(sql: str, params=()) -> None:
    with connection.cursor() as cursor:
        cursor.execute(sql, params)


def assert_broken_at(seq: int) -> None:
    result = ledger.verify()
    assert not result.ok
    assert result.first_broken_seq == seq, result
    with pytest.raises(CommandError, match=rf"ledger broken at entry {seq}\b"):
        call_command("ledger", "verify")


# --- the chain ----------------------------------------------------------------------------


def test_it_chains_entries_from_the_genesis_hash(db):
    entries = append(4)
    assert [e.seq for e in entries] == [1, 2, 3, 4]
    assert entries[0].prev_hash == GENESIS
    for previous, entry in zip(entries, entries[1:], strict=False):
        assert entry.prev_hash == previous.entry_hash


def test_an_entry_hash_follows_the_design_formula(world):
    actor = world.users["hr_admin"]
    entry = ledger.record("org.employee", world.lisi.code, {"name": "李四"}, actor=actor, event="viewed")
    stored = LedgerEntry.objects.get(seq=entry.seq)
    object_hash = sha256('{"name":"李四"}')
    assert stored.object_hash == object_hash
    assert stored.actor_ref == str(actor.pk)
    assert stored.timestamp.endswith("Z")
    assert stored.version == 2
    expected = sha256(
        f"v2|1|{GENESIS}|viewed|org.employee|{world.lisi.code}|{object_hash}|{actor.pk}|{stored.timestamp}"
    )
    assert stored.entry_hash == expected


def test_an_entry_without_actor_hashes_an_empty_actor(db):
    (entry,) = append(1)
    expected = sha256(f"v2|1|{GENESIS}|test|cases.case|{uuid.UUID(int=1)}|{entry.object_hash}||{entry.timestamp}")
    assert entry.entry_hash == expected


def test_verify_accepts_an_intact_chain(db):
    append(5)
    result = ledger.verify(chunk_size=2)
    assert result.ok and result.checked == 5
    call_command("ledger", "verify")  # no CommandError


def test_verify_accepts_an_empty_chain(db):
    assert ledger.verify().ok


# --- canonical JSON -----------------------------------------------------------------------


def test_canonical_json_is_exactly_as_designed():
    shanghai = dt.timezone(dt.timedelta(hours=8))
    payload = {
        "z_amount": Decimal("123.45"),
        "a_date": dt.date(2024, 2, 29),
        "m_moment": dt.datetime(2024, 3, 1, 8, 30, 0, tzinfo=shanghai),
        "code": uuid.UUID("12345678-1234-5678-1234-567812345678"),
        "name": "李四",
        "nested": {"b": 1, "a": [Decimal("0.10"), None, True]},
    }
    text = canonical_json(payload)
    assert text == (
        '{"a_date":"2024-02-29","code":"12345678-1234-5678-1234-567812345678",'
        '"m_moment":"2024-03-01T00:30:00.000000Z","name":"李四",'
        '"nested":{"a":["0.10",null,true],"b":1},"z_amount":"123.45"}'
    )
    # The same document through plain json.dumps with DESIGN's arguments.
    plain = {
        **payload,
        "z_amount": "123.45",
        "a_date": "2024-02-29",
        "m_moment": "2024-03-01T00:30:00.000000Z",
        "code": str(payload["code"]),
        "nested": {"b": 1, "a": ["0.10", None, True]},
    }
    assert text == json.dumps(plain, sort_keys=True, separators=(",", ":"), ensure_ascii=False)


def test_canonical_json_refuses_naive_datetimes_and_unknown_types():
    with pytest.raises(ValueError):
        canonical_json({"at": dt.datetime(2024, 1, 1, 12, 0)})
    with pytest.raises(TypeError):
        canonical_json({"x": object()})


def test_the_payload_is_stored_as_hashed_utf8(db):
    entry = ledger.record("x", "1", {"金额": Decimal("67875.00")}, actor=None, event="e")
    assert entry.payload == '{"金额":"67875.00"}'
    assert entry.object_hash == hashlib.sha256('{"金额":"67875.00"}'.encode()).hexdigest()


# --- tampering ----------------------------------------------------------------------------


def test_it_detects_an_edited_payload(db):
    append(4)
    raw("UPDATE ledger_ledgerentry SET payload = %s WHERE seq = 2", ['{"step":20}'])
    assert_broken_at(2)


def test_it_detects_an_edited_payload_with_a_recomputed_object_hash(db):
    append(4)
    forged = '{"step":20}'
    raw(
        "UPDATE ledger_ledgerentry SET payload = %s, object_hash = %s WHERE seq = 3", [forged, sha256(forged)]
    )
    assert_broken_at(3)


def test_it_detects_an_edited_object_hash(db):
    append(4)
    raw("UPDATE ledger_ledgerentry SET object_hash = %s WHERE seq = 2", ["f" * 64])
    assert_broken_at(2)


def test_it_detects_a_deleted_middle_entry(db):
    append(5)
    raw("DELETE FROM ledger_ledgerentry WHERE seq = 3")
    assert_broken_at(3)


def test_it_detects_a_deleted_last_entry(db):
    append(5)
    raw("DELETE FROM ledger_ledgerentry WHERE seq = 5")
    assert_broken_at(5)


def test_it_detects_a_deleted_first_entry(db):
    append(3)
    raw("DELETE FROM ledger_ledgerentry WHERE seq = 1")
    assert_broken_at(1)


def test_it_detects_two_entries_swapped(db):
    append(5)
    # Swap the seq of entries 2 and 4 (through a free value: seq is unique).
    raw("UPDATE ledger_ledgerentry SET seq = 1000 WHERE seq = 2")
    raw("UPDATE ledger_ledgerentry SET seq = 2 WHERE seq = 4")
    raw("UPDATE ledger_ledgerentry SET seq = 4 WHERE seq = 1000")
    assert_broken_at(2)


def test_it_detects_a_rewritten_timestamp(db):
    append(3)
    raw("UPDATE ledger_ledgerentry SET timestamp = %s WHERE seq = 1", ["2020-01-01T00:00:00.000000Z"])
    assert_broken_at(1)


def test_it_detects_a_rewritten_event_of_a_v2_entry(db):
    append(3)
    raw("UPDATE ledger_ledgerentry SET event = %s WHERE seq = 2", ["cases.case.approved"])
    assert_broken_at(2)


def test_it_detects_a_rewritten_object_id_of_a_v2_entry(db):
    append(3)
    raw("UPDATE ledger_ledgerentry SET object_id = %s WHERE seq = 2", [str(uuid.UUID(int=99))])
    assert_broken_at(2)


def test_it_detects_a_rewritten_object_type_of_a_v2_entry(db):
    append(3)
    raw("UPDATE ledger_ledgerentry SET object_type = %s WHERE seq = 3", ["talks.conversation"])
    assert_broken_at(3)


def test_it_detects_a_broken_link_between_self_consistent_entries(db):
    """Entry 3 is re-hashed over a prev_hash that is not entry 2's hash, and 4-5 and the head are
    re-chained after it: every entry matches its own fields; only the link 2 -> 3 is wrong."""
    append(5)
    rows = list(LedgerEntry.objects.order_by("seq"))
    prev = sha256("a history that never was")
    for row in rows[2:]:
        digest = sha256(f"v2|{row.seq}|{prev}|{row.event}|{row.object_type}|{row.object_id}|{row.object_hash}|"
                        f"{row.actor_ref}|{row.timestamp}")
        raw("UPDATE ledger_ledgerentry SET prev_hash = %s, entry_hash = %s WHERE seq = %s", [prev, digest, row.seq])
        prev = digest
    raw("UPDATE ledger_ledgerhead SET entry_hash = %s WHERE id = 1", [prev])
    result = ledger.verify()
    assert not result.ok and result.first_broken_seq == 3 and "previous hash" in result.reason
    assert_broken_at(3)


# --- hash versions: v1 entries written before hash v2 keep verifying ------------------------


def append_v1(n: int) -> None:
    """Entries as written before hash v2: the v1 formula, version 1 (rows inserted directly)."""
    head = LedgerHead.objects.get(id=1)
    prev, seq = head.entry_hash, head.seq
    for i in range(1, n + 1):
        seq += 1
        payload = canonical_json({"old": i})
        object_hash = sha256(payload)
        timestamp = f"2025-01-{i:02d}T08:00:00.000000Z"
        digest = sha256(f"{seq}|{prev}|{object_hash}||{timestamp}")
        LedgerEntry(seq=seq, prev_hash=prev, object_type="cases.case", object_id=str(uuid.UUID(int=100 + i)),
                    event="cases.case.opened", payload=payload, object_hash=object_hash, actor_ref="",
                    timestamp=timestamp, entry_hash=digest, version=1).save(force_insert=True)
        prev = digest
    LedgerHead.objects.filter(id=1).update(seq=seq, entry_hash=prev)


def test_a_v1_entry_still_verifies(db):
    append_v1(1)
    result = ledger.verify()
    assert result.ok and result.checked == 1


def test_a_chain_of_v1_then_v2_entries_verifies(db):
    append_v1(3)
    entries = append(2)
    assert [e.version for e in entries] == [2, 2]
    assert entries[0].prev_hash == LedgerEntry.objects.get(seq=3).entry_hash
    result = ledger.verify()
    assert result.ok and result.checked == 5
    call_command("ledger", "verify")


def test_a_v1_entry_still_fails_when_its_payload_changes(db):
    append_v1(3)
    append(1)
    forged = '{"old":20}'
    raw("UPDATE ledger_ledgerentry SET payload = %s, object_hash = %s WHERE seq = 2", [forged, sha256(forged)])
    assert_broken_at(2)


def test_a_v2_entry_downgraded_to_v1_fails(db):
    """Rewriting `version` to 1 to escape the envelope check does not verify."""
    append_v1(1)
    append(2)
    raw("UPDATE ledger_ledgerentry SET version = 1, event = %s WHERE seq = 3", ["forged"])
    assert_broken_at(3)


def test_a_v1_entry_after_a_v2_entry_fails(db):
    append(1)
    append_v1(1)  # hash-consistent v1 entry written after v2 existed: a rewritten history
    assert_broken_at(2)


# --- append-only --------------------------------------------------------------------------


def test_the_model_refuses_an_update(db):
    (entry,) = append(1)
    entry.payload = '{"step":2}'
    with pytest.raises(AppendOnlyError):
        entry.save()
    with pytest.raises(AppendOnlyError):
        LedgerEntry.objects.get(seq=1).save(update_fields=["payload"])
    assert LedgerEntry.objects.get(seq=1).payload == '{"step":1}'


def test_the_model_refuses_a_delete(db):
    (entry,) = append(1)
    with pytest.raises(AppendOnlyError):
        entry.delete()
    assert LedgerEntry.objects.count() == 1


# --- concurrency --------------------------------------------------------------------------


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="concurrent writers need PostgreSQL (select_for_update on the chain head)",
)
# serialized_rollback: the flush after a transactional test would also drop the chain head
# row that a data migration created; restore it for the tests that follow.
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_concurrent_appends_make_one_consistent_chain():
    threads, per_thread, errors = 8, 10, []
    barrier = threading.Barrier(threads)

    def writer(n: int) -> None:
        try:
            barrier.wait()
            for i in range(per_thread):
                ledger.record("cases.case", f"{n}-{i}", {"writer": n, "i": i}, actor=None, event="test")
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    workers = [threading.Thread(target=writer, args=(n,)) for n in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    assert errors == []
    total = threads * per_thread
    assert list(LedgerEntry.objects.values_list("seq", flat=True)) == list(range(1, total + 1))
    result = ledger.verify()
    assert result.ok and result.checked == total
