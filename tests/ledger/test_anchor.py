"""Anchors: the ledger head written outside the database catches what `verify` alone cannot —
a chain recomputed from a rewritten entry onwards, and a chain cut short and re-headed."""

from __future__ import annotations

import json
import uuid
from io import StringIO

import pytest
from django.core import mail
from django.core.management import CommandError, call_command

from farewell.ledger import services as ledger
from farewell.ledger.canonical import canonical_json, entry_hash, sha256_hex
from farewell.ledger.models import LedgerEntry, LedgerHead
from tests.factories import Role, make_user


def append(n: int) -> None:
    for i in range(n):
        ledger.record("cases.case", uuid.UUID(int=i + 1), {"step": i}, actor=None, event="test")


def anchor(tmp_path, *extra) -> str:
    out = StringIO()
    call_command("ledger", "anchor", "--dir", str(tmp_path), *extra, stdout=out)
    files = sorted(tmp_path.glob("ledger-anchor-*.json"))
    assert files, out.getvalue()
    return str(files[-1])


def verify_with(anchor_file: str) -> str:
    out = StringIO()
    call_command("ledger", "verify", "--anchor", anchor_file, stdout=out)
    return out.getvalue()


def recompute_from(seq: int, new_payload: dict) -> None:
    """What someone with database access does: rewrite one entry and re-hash the chain after it."""
    rows = list(LedgerEntry.objects.filter(seq__gte=seq).order_by("seq"))
    prev = LedgerEntry.objects.get(seq=seq - 1).entry_hash if seq > 1 else "0" * 64
    for row in rows:
        payload = canonical_json(new_payload) if row.seq == seq else row.payload
        object_hash = sha256_hex(payload)
        digest = entry_hash(version=row.version, seq=row.seq, prev_hash=prev, event=row.event,
                            object_type=row.object_type, object_id=row.object_id, object_hash=object_hash,
                            actor_ref=row.actor_ref, timestamp=row.timestamp)
        LedgerEntry.objects.filter(pk=row.pk).update(payload=payload, object_hash=object_hash, prev_hash=prev,
                                                     entry_hash=digest)
        prev = digest
    LedgerHead.objects.filter(id=1).update(entry_hash=prev)


def truncate_after(seq: int) -> None:
    LedgerEntry.objects.filter(seq__gt=seq)._raw_delete(LedgerEntry.objects.db)
    LedgerHead.objects.filter(id=1).update(seq=seq, entry_hash=LedgerEntry.objects.get(seq=seq).entry_hash)


def test_an_anchor_records_the_head_and_a_later_chain_still_matches_it(db, tmp_path):
    append(3)
    path = anchor(tmp_path)
    data = json.loads(open(path, encoding="utf-8").read())
    head = LedgerHead.objects.get(id=1)
    assert (data["seq"], data["entry_hash"]) == (head.seq, head.entry_hash)
    assert data["anchored_at"].endswith("Z")
    append(2)  # the chain grows past the anchor: still fine
    assert "1 anchor(s) match" in verify_with(path)


def test_verify_with_an_anchor_catches_a_recomputed_chain(db, tmp_path):
    append(5)
    head_seq = LedgerHead.objects.get(id=1).seq
    path = anchor(tmp_path)
    recompute_from(head_seq - 3, {"step": "rewritten"})
    call_command("ledger", "verify", stdout=StringIO())  # the chain alone is consistent again
    with pytest.raises(CommandError, match=f"entry {head_seq} has another hash .* recomputed"):
        verify_with(path)


def test_verify_with_an_anchor_catches_a_truncated_chain(db, tmp_path):
    append(5)
    head_seq = LedgerHead.objects.get(id=1).seq
    path = anchor(tmp_path)
    truncate_after(head_seq - 2)
    call_command("ledger", "verify", stdout=StringIO())  # the shorter chain verifies on its own
    with pytest.raises(CommandError, match=f"entry {head_seq} .* is gone: the ledger was truncated"):
        verify_with(path)


def test_the_anchor_is_mailed_to_the_auditors_and_the_configured_recipients(world, tmp_path, settings):
    settings.FAREWELL_ANCHOR_RECIPIENTS = ["notary@example.test"]
    auditor = world.users["auditor"]
    auditor.email = "auditor@example.test"
    auditor.save(update_fields=["email"])
    make_user("oldauditor", Role.AUDITOR, company=world.company).__class__.objects.filter(
        username="oldauditor").update(is_active=False, email="gone@example.test")
    append(1)
    path = anchor(tmp_path, "--mail")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert sorted(message.to) == ["auditor@example.test", "notary@example.test"]
    name, content, _mimetype = message.attachments[0]
    assert name in path and json.loads(content)["entry_hash"] == LedgerHead.objects.get(id=1).entry_hash
    assert "--anchor" in message.body


def test_no_anchor_is_written_for_a_broken_chain(db, tmp_path):
    append(3)
    LedgerEntry.objects.filter(seq=LedgerHead.objects.get(id=1).seq).update(payload='{"step":"x"}')
    with pytest.raises(CommandError, match="no anchor written"):
        call_command("ledger", "anchor", "--dir", str(tmp_path), stdout=StringIO())
    assert not list(tmp_path.glob("*.json"))


def test_a_file_that_is_not_an_anchor_is_refused(db, tmp_path):
    bogus = tmp_path / "x.json"
    bogus.write_text('{"seq": 1}')
    with pytest.raises(CommandError, match="not a Farewell ledger anchor"):
        verify_with(str(bogus))
