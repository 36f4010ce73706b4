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
from tests.factories import M4A, give_consent
from tests.talks.conftest import TRANSCRIPT, case, conversation, plan, records  # noqa: F401


@pytest.fixture
def package(tmp_path, world, conversation):  # noqa: F811
    hr = world.users["hrbp_sales"]
    services.update_conversation(conversation, actor=hr, fields={"agreed": "同意协商解除"})
    services.add_attachment(conversation, SimpleUploadedFile("协议.pdf", b"%PDF-1.4 agreement"), actor=hr)
    give_consent(conversation.employee, "talk_recording")  # recordings need it (docs/privacy.md)
    services.add_attachment(conversation, SimpleUploadedFile("谈话.m4a", M4A), actor=hr, kind="audio")
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
        entry["entry_hash"] = entry_hash(**{f: entry[f] for f in ("version", "seq", "prev_hash", "event",
                                                                   "object_type", "object_id", "object_hash",
                                                                   "actor_ref", "timestamp")})
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


def test_a_rewritten_event_of_an_entry_is_found_without_the_ledger(package, tmp_path):
    """Hash v2 covers the envelope: a package's entry re-labelled (event, object_id) fails on its own."""
    for field, value in (("event", "cases.case.approved"), ("object_id", "00000000-0000-0000-0000-000000000063")):
        def relabel(name, data, manifest, field=field, value=value):
            if name == "summary.pdf":
                manifest["ledger_entries"][-1][field] = value
            return None

        bad = _rewrite(package, tmp_path / f"{field}.zip", relabel)
        result = verify_package(bad)
        assert not result.ok and "entry_hash does not match its fields" in result.problem, field


def test_a_package_of_v1_entries_still_verifies(package, tmp_path):
    """Packages made before hash v2 carry v1 entries and no `version`."""
    import hashlib as h

    def to_v1(name, data, manifest):
        if name != "summary.pdf":
            return None
        by_seq = {}
        for entry in manifest["ledger_entries"]:
            del entry["version"]
            entry["entry_hash"] = h.sha256(f"{entry['seq']}|{entry['prev_hash']}|{entry['object_hash']}|"
                                           f"{entry['actor_ref']}|{entry['timestamp']}".encode()).hexdigest()
            by_seq[entry["seq"]] = entry["entry_hash"]
        for item in manifest["files"]:
            item["ledger"]["entry_hash"] = by_seq[item["ledger"]["seq"]]
        return None

    old = _rewrite(package, tmp_path / "v1.zip", to_v1)
    result = verify_package(old)
    assert result.ok, result.problem


def _damaged(package: Path, tmp_path: Path) -> dict[str, Path]:
    data = package.read_bytes()
    garbage = tmp_path / "garbage.zip"
    garbage.write_bytes(b"this is not a zip file at all")
    truncated = tmp_path / "truncated.zip"
    truncated.write_bytes(data[: len(data) // 2])
    # The central directory intact, a member's compressed bytes flipped: CRC or deflate error on read.
    corrupt = tmp_path / "corrupt.zip"
    with zipfile.ZipFile(package) as archive:
        info = archive.getinfo("summary.pdf")
    start = info.header_offset + 30 + len(info.filename.encode()) + len(info.extra) + 10
    middle = bytearray(data)
    for i in range(start, min(start + 64, start + info.compress_size - 12)):
        middle[i] ^= 0xFF
    corrupt.write_bytes(bytes(middle))
    return {"garbage": garbage, "truncated": truncated, "corrupt": corrupt, "absent": tmp_path / "absent.zip"}


def test_a_corrupt_or_truncated_zip_is_named_not_a_traceback(package, tmp_path):
    for kind, path in _damaged(package, tmp_path).items():
        result = verify_package(path, lookup=_lookup)
        assert not result.ok, kind
        assert "corrupt or truncated" in result.problem or "damaged" in result.problem, (kind, result.problem)
        with pytest.raises(CommandError, match="package altered: .*(corrupt or truncated|damaged)"):
            call_command("ledger", "verify-package", str(path))


def test_the_cli_names_a_damaged_zip_without_a_traceback(package, tmp_path):
    env = {"DJANGO_SETTINGS_MODULE": "farewell.settings_test", "PATH": "/usr/bin:/bin",
           "FAREWELL_VAR_DIR": str(tmp_path / "var")}
    for kind, path in _damaged(package, tmp_path).items():
        run = subprocess.run([sys.executable, "-m", "farewell", "ledger", "verify-package", "--without-ledger",
                              str(path)], capture_output=True, text=True, env=env, check=False)
        assert run.returncode != 0, kind
        assert "Traceback" not in run.stderr, (kind, run.stderr)
        assert "corrupt or truncated" in run.stderr or "damaged" in run.stderr, (kind, run.stderr)


def test_every_file_is_checked_against_its_manifest_hash(package, tmp_path):
    """Each file altered with the manifest left alone fails on the manifest's own SHA-256 (not only on
    what a ledger entry vouches for), so skipping the manifest check turns this red."""
    with zipfile.ZipFile(package) as archive:
        names = [n for n in archive.namelist() if n != "manifest.json"]
    for i, target in enumerate(names):
        bad = _rewrite(package, tmp_path / f"bad{i}.zip", lambda name, data, m, t=target: data + b"!" if name == t else None)
        result = verify_package(bad)
        assert not result.ok
        assert result.problem == f"{target}: SHA-256 or size does not match the manifest", result.problem


def test_a_file_no_entry_vouches_for_is_still_checked(tmp_path):
    """A hand-made package: one file, no ledger entries; only the manifest hash can catch the change."""
    from farewell.ledger.package import FORMAT

    path = tmp_path / "small.zip"
    manifest = {"format": FORMAT, "ledger_entries": [],
                "files": [{"path": "a.txt", "sha256": hashlib.sha256(b"original").hexdigest(), "size": 8}]}
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("a.txt", b"forged!!")
        archive.writestr("manifest.json", json.dumps(manifest))
    result = verify_package(path)
    assert not result.ok and "a.txt: SHA-256 or size" in result.problem
