"""`farewell backup` → `farewell restore`: the restored installation has the same rows, its
ledger verifies, the uploaded files are back; the keys never enter the backup."""

from __future__ import annotations

import datetime as dt
import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone

from farewell.cases.models import SeparationCase
from farewell.common.backup import key_fingerprint, table_counts
from farewell.ledger.services import record, verify
from farewell.org.models import Employee
from tests.factories import make_employee, record_notice

# Transactional (the backup reads what is committed); serialized_rollback through the mark, as
# tests/ledger does: the flush afterwards must not leave later tests without the seeded rows.
SERIALIZED = pytest.mark.django_db(transaction=True, serialized_rollback=True)


@pytest.fixture
def installation(world, settings, tmp_path):
    """A company with a resignation on file: ledger entries and an uploaded scan under MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    case = record_notice(world.lisi, actor=world.users["hrbp_sales"],
                         notice_date=timezone.localdate() - dt.timedelta(days=2))
    return case


def backup_to(path) -> dict:
    call_command("backup", str(path), stdout=StringIO())
    return json.loads((path / "manifest.json").read_text(encoding="utf-8"))


@SERIALIZED
def test_a_restored_backup_has_the_same_rows_a_verified_ledger_and_the_files(installation, world, settings, tmp_path):
    scan = settings.MEDIA_ROOT / installation.notice_evidence_file.name
    original = scan.read_bytes()
    manifest = backup_to(tmp_path / "backup")
    assert manifest["counts"] == table_counts()
    assert manifest["counts"]["cases.separationcase"] == 1
    assert manifest["ledger_head"]["seq"] >= 1
    assert manifest["media"]["files"] == 1
    assert set(manifest["files"]) == {manifest["database"]["file"], "media.tar"}

    # Life goes on after the backup: a new employee, a ledger entry, a lost file.
    make_employee(world.sales, "后来者")
    record("org.employee", "x", {"after": "backup"}, actor=None, event="test.after_backup")
    scan.unlink()

    out = StringIO()
    call_command("restore", str(tmp_path / "backup"), "--force", stdout=out)
    assert "ledger ok" in out.getvalue()
    assert table_counts() == manifest["counts"]
    assert verify().ok and verify().checked == manifest["ledger_head"]["seq"]
    assert not Employee.objects.filter(name="后来者").exists()
    assert SeparationCase.objects.get(pk=installation.pk).notice_evidence_file.name == installation.notice_evidence_file.name
    assert scan.read_bytes() == original


@SERIALIZED
def test_restore_refuses_what_it_cannot_restore_faithfully(installation, settings, tmp_path):
    """One installation, four refusals (each transactional test costs a flush)."""
    manifest = backup_to(tmp_path / "backup")
    # The keys never enter the backup, only their fingerprints.
    assert manifest["keys"]["FAREWELL_FIELD_KEY"] == [key_fingerprint(settings.FAREWELL_FIELD_KEY)]
    for file in (tmp_path / "backup").iterdir():
        content = file.read_bytes()
        assert settings.FAREWELL_FIELD_KEY.encode() not in content, file.name
        assert settings.SECRET_KEY.encode() not in content, file.name
    # A database that holds data is replaced only when asked to.
    with pytest.raises(CommandError, match="holds data already"):
        call_command("restore", str(tmp_path / "backup"), stdout=StringIO())
    # Without the field key the backup was made with, its personal data would be unreadable.
    right_key = settings.FAREWELL_FIELD_KEY
    settings.FAREWELL_FIELD_KEY = "bmV3LWtleS1vbmx5LWZvci10aGlzLXRlc3QtMzJieXRlcw=="
    with pytest.raises(CommandError, match="FAREWELL_FIELD_KEY holds none of the keys"):
        call_command("restore", str(tmp_path / "backup"), "--force", stdout=StringIO())
    settings.FAREWELL_FIELD_KEY = f"{settings.FAREWELL_FIELD_KEY},{right_key}"  # rotated: the old key still decrypts
    # An altered file is refused before anything is replaced.
    db_file = tmp_path / "backup" / manifest["database"]["file"]
    data = bytearray(db_file.read_bytes())
    data[len(data) // 2] ^= 0xFF
    db_file.write_bytes(bytes(data))
    with pytest.raises(CommandError, match="does not match the SHA-256"):
        call_command("restore", str(tmp_path / "backup"), "--force", stdout=StringIO())
    # A backup never writes into an existing directory.
    with pytest.raises(CommandError, match="exists already"):
        call_command("backup", str(tmp_path / "backup"), stdout=StringIO())
