"""The retention purge: what is due goes (files, rows, numbers), its ledger entries lose their
payload but keep their hashes, `farewell ledger verify` still passes, a legal hold stops it, and
the contract texts' two-year floor (LCL 50) cannot be lowered."""

from __future__ import annotations

import json
import os
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import verify
from farewell.offboarding.models import GeneratedDocument
from farewell.org.models import Employee, StatusPeriod
from farewell.privacy import retention, services
from farewell.privacy.models import DataKind, RetentionRule
from farewell.talks.models import Attachment, Transcript

from .conftest import TODAY, make_former


def _entries(object_type, object_id):
    return list(LedgerEntry.objects.filter(object_type=object_type, object_id=str(object_id)))


def test_the_dry_run_lists_what_would_go_and_changes_nothing(former):
    before = LedgerEntry.objects.count()
    out = StringIO()
    call_command("purge", "--dry-run", f"--today={TODAY}", stdout=out)
    text = out.getvalue()
    assert f"talks.attachment\t{former['audio'].code}" in text
    assert f"talks.transcript\t{former['transcript'].code}" in text
    assert f"offboarding.document\t{former['agreement'].code}" in text
    assert "org.statusperiod" in text and "org.employee" in text
    assert "dry run: 5 items would be purged" in text
    assert LedgerEntry.objects.count() == before
    assert Attachment.objects.filter(pk=former["audio"].pk).exists()
    assert Transcript.objects.filter(pk=former["transcript"].pk).exists()


def test_the_purge_removes_what_is_due_and_the_ledger_still_verifies(former, django_capture_on_commit_callbacks):
    audio, agreement = former["audio"], former["agreement"]
    audio_path, pdf_path = audio.file.path, agreement.pdf.path
    assert os.path.exists(audio_path) and os.path.exists(pdf_path)
    audio_entries = _entries("talks.attachment", audio.code)
    assert audio_entries and all(e.payload for e in audio_entries)
    hashes = {e.seq: (e.object_hash, e.entry_hash) for e in LedgerEntry.objects.all()}

    with django_capture_on_commit_callbacks(execute=True):
        result = retention.purge(TODAY)

    # Every kind the fixture holds (exits data: tests/privacy/test_purge_exits.py).
    assert {item.kind for item in result.items} == set(DataKind.values) - {DataKind.EXIT_INTERVIEWS,
                                                                           DataKind.EXIT_SURVEYS}
    assert not Attachment.objects.filter(pk=audio.pk).exists()
    assert Attachment.objects.filter(pk=former["document"].pk).exists()  # an agenda is no recording
    assert not Transcript.objects.filter(pk=former["transcript"].pk).exists()
    assert not StatusPeriod.objects.filter(pk=former["period"].pk).exists()
    lisi = Employee.objects.get(pk=former["case"].employee_id)
    assert lisi.id_number == "" and lisi.bank_account == "" and lisi.id_number_index == ""
    agreement.refresh_from_db()
    assert agreement.pdf.name == "" and agreement.docx.name == "" and agreement.pdf_sha256 == "2" * 64
    assert not os.path.exists(audio_path) and not os.path.exists(pdf_path)

    # The removed objects' entries keep their hashes; only the payload went, and the purge says so.
    purge_entry = result.entry
    assert purge_entry.event == "privacy.purged"
    listed = set(json.loads(purge_entry.payload)["redacted_seqs"])
    for object_type, object_id in (("talks.attachment", audio.code), ("talks.transcript", former["transcript"].code),
                                   ("offboarding.document", agreement.code),
                                   ("org.statusperiod", former["period"].pk)):
        entries = _entries(object_type, object_id)
        assert entries, object_type
        for entry in entries:
            assert entry.payload == "" and entry.redacted_by == purge_entry.seq and entry.seq in listed
            assert (entry.object_hash, entry.entry_hash) == hashes[entry.seq]
    assert "腰椎" not in purge_entry.payload and "李四" not in purge_entry.payload
    assert json.loads(purge_entry.payload)["removed"] == {kind: 1 for kind in DataKind.values if kind not in (
        DataKind.EXIT_INTERVIEWS, DataKind.EXIT_SURVEYS)}
    assert verify().ok
    call_command("ledger", "verify", stdout=StringIO())  # the command exits 0

    # Nothing left to do: a second run removes nothing and writes nothing.
    before = LedgerEntry.objects.count()
    assert retention.purge(TODAY).entry is None
    assert LedgerEntry.objects.count() == before


def test_a_held_case_keeps_everything_until_the_hold_is_released(former):
    hr = former["hr"]
    hold = services.set_hold(former["case"], "员工已申请劳动仲裁（京劳仲字〔2030〕第1号）", actor=hr)
    result = retention.purge(TODAY)
    assert result.entry is None and result.items == []
    assert result.held == [former["case"].employee_id]
    assert Attachment.objects.filter(pk=former["audio"].pk).exists()
    assert StatusPeriod.objects.filter(pk=former["period"].pk).exists()
    out = StringIO()
    call_command("purge", "--dry-run", f"--today={TODAY}", stdout=out)
    assert "held\t" in out.getvalue() and "dry run: 0 items" in out.getvalue()

    services.release_hold(hold, "仲裁裁决已生效", actor=hr)
    result = retention.purge(TODAY)
    assert result.entry is not None and not Attachment.objects.filter(pk=former["audio"].pk).exists()
    events = list(LedgerEntry.objects.filter(object_type="privacy.hold").values_list("event", flat=True))
    assert events == ["privacy.hold.set", "privacy.hold.released"]
    assert verify().ok


def test_a_hold_needs_a_reason_and_there_is_one_at_a_time(former):
    with pytest.raises(ValidationError):
        services.set_hold(former["case"], "  ", actor=former["hr"])
    hold = services.set_hold(former["case"], "诉讼", actor=former["hr"])
    with pytest.raises(ValidationError):
        services.set_hold(former["case"], "再次", actor=former["hr"])
    with pytest.raises(ValidationError):
        services.release_hold(hold, "", actor=former["hr"])


def test_someone_still_employed_is_never_purged(former):
    lisi = Employee.objects.get(pk=former["case"].employee_id)
    lisi.status, lisi.separation_date = "active", None
    lisi.save(update_fields=["status", "separation_date"])
    assert retention.plan(TODAY).items == []


def test_the_contract_texts_floor_cannot_be_lowered(world, former):
    company, hr = world.company, world.users["hr_admin"]
    with pytest.raises(ValidationError) as refused:
        services.set_retention(company, DataKind.CONTRACT_DOCUMENTS, 23, actor=hr)
    assert "24" in str(refused.value)
    services.set_retention(company, DataKind.CONTRACT_DOCUMENTS, 24, actor=hr)
    services.set_retention(company, DataKind.IDENTITY, 6, actor=hr)  # other kinds: as the company sets
    # Even a row written around the service obeys the floor.
    RetentionRule.objects.filter(company=company, kind=DataKind.CONTRACT_DOCUMENTS).update(months=6)
    assert retention.schedule(company)[DataKind.CONTRACT_DOCUMENTS] == 24

    make_former(world.lisi, months_ago=20)  # left 20 months ago: inside the two years
    kinds = {item.kind for item in retention.plan(TODAY).items}
    assert DataKind.IDENTITY in kinds and DataKind.CONTRACT_DOCUMENTS not in kinds
    retention.purge(TODAY)
    assert GeneratedDocument.objects.get(pk=former["agreement"].pk).pdf.name != ""

    make_former(world.lisi, months_ago=25)
    assert {item.kind for item in retention.plan(TODAY).items} == {DataKind.CONTRACT_DOCUMENTS}
    changes = LedgerEntry.objects.filter(event="privacy.retention.changed")
    assert changes.count() == 2


def test_verify_finds_a_payload_removed_without_a_purge(former):
    result = retention.purge(TODAY)
    # An entry emptied by hand and pointed at the purge entry, which does not list it.
    victim = LedgerEntry.objects.filter(redacted_by__isnull=True).exclude(pk=result.entry.pk).first()
    LedgerEntry.objects.filter(pk=victim.pk).update(payload="", redacted_by=result.entry.seq)
    outcome = verify()
    assert not outcome.ok and outcome.first_broken_seq == victim.seq
    with pytest.raises(CommandError):
        call_command("ledger", "verify", stdout=StringIO())


def test_verify_finds_a_redaction_mark_pointing_nowhere(former):
    victim = LedgerEntry.objects.order_by("seq").first()
    LedgerEntry.objects.filter(pk=victim.pk).update(payload="", redacted_by=10**6)
    assert not verify().ok


def test_verify_finds_a_rewritten_purge_list(former):
    result = retention.purge(TODAY)
    LedgerEntry.objects.filter(pk=result.entry.pk).update(payload=json.dumps({"redacted_seqs": []}))
    assert not verify().ok


def test_the_sweep_runs_the_purge(former):
    out = StringIO()
    call_command("sweep", f"--today={TODAY}", stdout=out)
    assert "个人信息到期删除：5 项" in out.getvalue()
    assert not Attachment.objects.filter(pk=former["audio"].pk).exists()
    assert verify().ok


def test_the_purge_command_reports_and_records(former):
    out = StringIO()
    call_command("purge", f"--today={TODAY}", stdout=out)
    assert "purged 5 items" in out.getvalue()
    assert LedgerEntry.objects.filter(event="privacy.purged").count() == 1
    out = StringIO()
    call_command("purge", f"--today={TODAY}", stdout=out)
    assert "nothing to purge" in out.getvalue()


def test_a_hold_set_after_the_plan_was_made_still_wins(former):
    """The purge re-reads the holds in the transaction that deletes (a dry run shown a minute ago)."""
    planned = retention.plan(TODAY).items
    services.set_hold(former["case"], "刚收到仲裁通知", actor=former["hr"])
    entry, redacted, removed = retention.remove(planned, day=TODAY, actor=None, reason="retention")
    assert entry is None and removed == [] and redacted == 0
    assert Attachment.objects.filter(pk=former["audio"].pk).exists()
