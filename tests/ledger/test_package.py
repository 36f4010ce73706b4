"""The evidence package round-trip: a case's ZIP verifies; any altered file, a re-written
manifest, or a forged ledger entry is found, and `farewell ledger verify-package` exits non-zero."""

from __future__ import annotations

import hashlib
import json
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command

from farewell.ledger.package import verify_package
from farewell.talks import services
from farewell.talks.evidence import build_package

# The fixtures of tests/talks (world, records, case, plan, conversation).
from tests.talks.conftest import TRANSCRIPT, case, conversation, plan, records  # noqa: F401


@pytest.fixture
def package(tmp_path, world, conversation):  # noqa: F811
    hr = world.users["hrbp_sales"]
    services.update_conversation(conversation, actor=hr, fields={"agreed": "同意协商解除"})
    services.add_attachment(conversation, SimpleUploadedFile("协议.pdf", b"%PDF-1.4 agreement"), actor=hr)
    services.add_attachment(conversation, SimpleUploadedFile("谈话.m4a", b"\x00audio"), actor=hr, kind="audio")
    services.add_transcript(conversation, TRANSCRIPT, actor=hr)
    services.sign_conversation(conversation, actor=hr)
    name, data = build_package(conversation.case, actor=hr)
    path = tmp_path / name
    path.write_bytes(data)
    return path


def _rewrite(source: Path, target: Path, change) -> Path:
    """Copy the ZIP, letting `change(name, data, manifest)` return new bytes for a file (or None)."""
    with zipfile.ZipFile(source) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    manifest = json.loads(files["manifest.json"])
    for name in list(files):
        if name != "manifest.json":
            new = change(name, files[name], manifest)
            if new is not None:
                files[name] = new
    files["manifest.json"] = json.dumps(manifest, ensure_ascii=False).encode()
    with zipfile.ZipFile(target, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
    return target


def _lookup(seq):
    from farewell.ledger.models import LedgerEntry
    from farewell.ledger.package import ENTRY_FIELDS

    return LedgerEntry.objects.filter(seq=seq).values(*ENTRY_FIELDS).first()


def test_the_package_holds_summary_attachments_records_transcripts_and_manifest(package):
    with zipfile.ZipFile(package) as archive:
        names = archive.namelist()
        manifest = json.loads(archive.read("manifest.json"))
        assert archive.read("summary.pdf").startswith(b"%PDF")
        for item in manifest["files"]:
            assert hashlib.sha256(archive.read(item["path"])).hexdigest() == item["sha256"]
            assert {"seq", "entry_hash"} <= set(item["ledger"])
    assert any(n.endswith("/协议.pdf") for n in names) and any(n.endswith("/谈话.m4a") for n in names)
    assert any(n.startswith("records/v1-") for n in names)
    assert any(n.startswith("transcripts/") for n in names)
    result = verify_package(package, lookup=_lookup)
    assert result.ok, result.problem
    assert result.files_checked == len(names) - 1


def test_a_transcript_read_for_the_package_is_logged(package, world):
    from farewell.accounts.models import AccessLog

    assert AccessLog.objects.filter(actor=world.users["hrbp_sales"], object_type="talks.transcript",
                                    purpose="证据包导出").count() == 1


def test_an_altered_attachment_is_found(package, tmp_path):
    bad = _rewrite(package, tmp_path / "bad.zip",
                   lambda name, data, m: b"%PDF-1.4 forged" if name.endswith("协议.pdf") else None)
    result = verify_package(bad)
    assert not result.ok and "协议.pdf" in result.problem


def test_a_rewritten_manifest_is_found_by_the_ledger_entry(package, tmp_path):
    def forge(name, data, manifest):
        if not name.endswith("协议.pdf"):
            return None
        new = b"%PDF-1.4 forged"
        for item in manifest["files"]:
            if item["path"] == name:
                item["sha256"], item["size"] = hashlib.sha256(new).hexdigest(), len(new)
        return new

    bad = _rewrite(package, tmp_path / "bad.zip", forge)
    result = verify_package(bad)
    assert not result.ok and "recorded in ledger entry" in result.problem


def test_a_forged_ledger_entry_is_found_against_the_installation(package, tmp_path):
    """Forge the file, its manifest line, the entry's payload and every hash: only the installation's
    own ledger can tell."""
    from farewell.ledger.canonical import entry_hash, sha256_hex

    def forge(name, data, manifest):
        if not name.endswith("协议.pdf"):
            return None
        new = b"%PDF-1.4 forged"
        digest = hashlib.sha256(new).hexdigest()
        item = next(i for i in manifest["files"] if i["path"] == name)
        item["sha256"], item["size"] = digest, len(new)
        entry = next(e for e in manifest["ledger_entries"] if e["seq"] == item["ledger"]["seq"])
        payload = json.loads(entry["payload"])
        payload["sha256"] = digest
        entry["payload"] = json.dumps(payload, sort_keys=True, separators=(",", ":"), ensure_ascii=False)
        entry["object_hash"] = sha256_hex(entry["payload"])
        entry["entry_hash"] = entry_hash(entry["seq"], entry["prev_hash"], entry["object_hash"], entry["actor_ref"],
                                         entry["timestamp"])
        item["ledger"]["entry_hash"] = entry["entry_hash"]
        return new

    bad = _rewrite(package, tmp_path / "bad.zip", forge)
    assert verify_package(bad).ok  # self-consistent on its own …
    result = verify_package(bad, lookup=_lookup)
    assert not result.ok and "differs from this installation's ledger" in result.problem


def test_an_extra_or_missing_file_is_found(package, tmp_path):
    with zipfile.ZipFile(package) as archive:
        files = {n: archive.read(n) for n in archive.namelist()}
    extra = tmp_path / "extra.zip"
    with zipfile.ZipFile(extra, "w") as archive:
        for name, data in files.items():
            archive.writestr(name, data)
        archive.writestr("attachments/planted.pdf", b"x")
    assert "not in the manifest" in verify_package(extra).problem
    missing = tmp_path / "missing.zip"
    with zipfile.ZipFile(missing, "w") as archive:
        for name, data in files.items():
            if name != "summary.pdf":
                archive.writestr(name, data)
    assert "summary.pdf is listed in the manifest but missing" in verify_package(missing).problem


def test_the_command_passes_a_good_package_and_fails_a_tampered_one(package, tmp_path, capsys):
    call_command("ledger", "verify-package", str(package))
    assert "package ok" in capsys.readouterr().out
    bad = _rewrite(package, tmp_path / "bad.zip",
                   lambda name, data, m: data + b"!" if name == "summary.pdf" else None)
    with pytest.raises(CommandError, match="summary.pdf"):
        call_command("ledger", "verify-package", str(bad))


def test_the_cli_exits_non_zero_on_tamper(package, tmp_path):
    """`farewell ledger verify-package --without-ledger FILE` as a third party runs it."""
    bad = _rewrite(package, tmp_path / "bad.zip",
                   lambda name, data, m: b"x" if name.startswith("transcripts/") else None)
    env = {"DJANGO_SETTINGS_MODULE": "farewell.settings_test", "PATH": "/usr/bin:/bin",
           "FAREWELL_VAR_DIR": str(tmp_path / "var")}
    ok = subprocess.run([sys.executable, "-m", "farewell", "ledger", "verify-package", "--without-ledger",
                         str(package)], capture_output=True, text=True, env=env, check=False)
    assert ok.returncode == 0, ok.stderr
    tampered = subprocess.run([sys.executable, "-m", "farewell", "ledger", "verify-package", "--without-ledger",
                               str(bad)], capture_output=True, text=True, env=env, check=False)
    assert tampered.returncode != 0
    assert "transcripts/" in tampered.stderr
