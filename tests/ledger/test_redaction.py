"""Emptying entries' payloads (a privacy purge): the chain still verifies, the emptying is itself
recorded and checked, and evidence packages made before or after it still verify."""

from __future__ import annotations

import json
import zipfile

from farewell.ledger.models import LedgerEntry
from farewell.ledger.package import ENTRY_FIELDS, FORMAT, MANIFEST, verify_package
from farewell.ledger.services import record, record_redaction, verify


def _package(path, entries):
    manifest = {"format": FORMAT, "files": [],
                "ledger_entries": [{f: getattr(e, f) for f in ENTRY_FIELDS} for e in entries]}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False))
    return path


def _lookup(seq):
    return LedgerEntry.objects.filter(seq=seq).values(*ENTRY_FIELDS).first()


def test_redaction_keeps_the_hashes_and_the_chain(db, tmp_path):
    kept = record("x.thing", 1, {"name": "李四", "diagnosis": "腰椎"}, actor=None, event="thing.added")
    other = record("x.thing", 2, {"n": 2}, actor=None, event="thing.added")
    before = _package(tmp_path / "before.zip", [kept, other])
    entry = record_redaction([kept.seq], "x.purge", "d", {"reason": "test"}, actor=None, event="x.purged")
    emptied = LedgerEntry.objects.get(seq=kept.seq)
    assert emptied.payload == "" and emptied.redacted_by == entry.seq
    assert (emptied.object_hash, emptied.entry_hash) == (kept.object_hash, kept.entry_hash)
    assert json.loads(entry.payload)["redacted_seqs"] == [kept.seq]
    assert verify().ok
    # Twice: nothing left to empty, nothing recorded.
    assert record_redaction([kept.seq], "x.purge", "d", {}, actor=None, event="x.purged") is None
    # A package made before still verifies against the ledger (its payload matches the kept hash) …
    assert verify_package(before, lookup=_lookup).ok
    # … and one made after, carrying the emptied entry, too.
    after = _package(tmp_path / "after.zip", [LedgerEntry.objects.get(seq=kept.seq), other, entry])
    assert verify_package(after, lookup=_lookup).ok
    assert verify_package(after).ok


def test_a_package_with_a_forged_payload_for_an_emptied_entry_fails(db, tmp_path):
    kept = record("x.thing", 1, {"name": "李四"}, actor=None, event="thing.added")
    record_redaction([kept.seq], "x.purge", "d", {}, actor=None, event="x.purged")
    forged = LedgerEntry.objects.get(seq=kept.seq)
    forged.payload = json.dumps({"name": "王五"})
    forged.redacted_by = None
    assert not verify_package(_package(tmp_path / "p.zip", [forged]), lookup=_lookup).ok
