"""A committed import is on the ledger and recomputes the company's flags once it commits."""

from __future__ import annotations

import hashlib
import io
import json

from django.core.management import call_command

from farewell.common.models import Job
from farewell.insights import services as insights_services
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import verify
from farewell.records.importers import IMPORT_LEDGER_TYPE, import_file


def _rows(world, score="80"):
    return [["工号", "周期", "分数"], [world.lisi.employee_number, "2025-03", score]]


def _spy_schedule(monkeypatch):
    calls = []
    monkeypatch.setattr(insights_services, "schedule_recompute",
                        lambda company, *, acting_user: calls.append((company, acting_user)))
    return calls


def test_it_writes_one_ledger_entry_and_schedules_a_recompute_on_commit(
    world, files, monkeypatch, django_capture_on_commit_callbacks
):
    calls = _spy_schedule(monkeypatch)
    user = world.users["hr_admin"]
    job = Job.objects.create(kind="records.import", created_by=user)
    path = files.csv(_rows(world), name="考核.csv")
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        report = import_file("reviews", path, company=world.company, user=user, job_id=job.pk,
                             filename="考核.csv")
    assert report.committed and len(callbacks) == 1
    assert calls == [(world.company, user)]
    entry = LedgerEntry.objects.get(object_type=IMPORT_LEDGER_TYPE)
    assert entry.object_id == str(job.code) and entry.event == "imported" and entry.actor == user
    assert json.loads(entry.payload) == {
        "kind": "reviews", "company": str(world.company.code), "file": "考核.csv",
        "sha256": hashlib.sha256(path.read_bytes()).hexdigest(),
        "created": 1, "updated": 0, "unchanged": 0, "actor": user.get_username(),
    }
    assert verify().ok


def test_the_recompute_waits_for_the_commit(world, files, monkeypatch, django_capture_on_commit_callbacks):
    calls = _spy_schedule(monkeypatch)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        import_file("reviews", files.csv(_rows(world)), company=world.company)
    assert calls == [] and len(callbacks) == 1  # queued for the commit, not run inside the transaction


def test_a_dry_run_or_a_failed_import_is_not_on_record(world, files, monkeypatch, django_capture_on_commit_callbacks):
    calls = _spy_schedule(monkeypatch)
    with django_capture_on_commit_callbacks(execute=True):
        import_file("reviews", files.csv(_rows(world)), company=world.company, dry_run=True)
        import_file("reviews", files.csv(_rows(world, "abc")), company=world.company)
    assert calls == []
    assert not LedgerEntry.objects.filter(object_type=IMPORT_LEDGER_TYPE).exists()


def test_every_import_is_on_record_even_when_nothing_changed(world, files, monkeypatch):
    _spy_schedule(monkeypatch)
    path = files.csv(_rows(world))
    import_file("reviews", path, company=world.company)
    import_file("reviews", path, company=world.company)
    payloads = [json.loads(e.payload) for e in LedgerEntry.objects.filter(object_type=IMPORT_LEDGER_TYPE)]
    assert [(p["created"], p["unchanged"]) for p in payloads] == [(1, 0), (0, 1)]


def test_a_command_line_import_gets_a_job_code_on_the_ledger(world, files, monkeypatch):
    _spy_schedule(monkeypatch)
    call_command("import", "reviews", str(files.csv(_rows(world))), "--no-progress", stdout=io.StringIO(),
                 stderr=io.StringIO())
    job = Job.objects.get(kind="records.import")
    assert job.status == Job.Status.DONE
    entry = LedgerEntry.objects.get(object_type=IMPORT_LEDGER_TYPE)
    assert entry.object_id == str(job.code) and entry.actor is None


def test_the_web_import_names_its_job_and_user(client, world, files, monkeypatch):
    _spy_schedule(monkeypatch)
    client.force_login(world.users["hr_admin"])
    with open(files.csv(_rows(world), name="q1.csv"), "rb") as fh:
        client.post("/records/import/", {"kind": "reviews", "file": fh})
    job = Job.objects.get()
    client.post(f"/records/import/{job.code}/confirm/", {"map-employee": "0", "map-period_start": "1",
                                                          "map-score": "2"})
    entry = LedgerEntry.objects.get(object_type=IMPORT_LEDGER_TYPE)
    assert entry.object_id == str(job.code) and entry.actor == world.users["hr_admin"]
    assert json.loads(entry.payload)["file"] == "q1.csv"
