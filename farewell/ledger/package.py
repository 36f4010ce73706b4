"""Verifying an evidence package (a ZIP with manifest.json) without trusting whoever sent it.

The manifest lists every other file of the ZIP with its SHA-256 and size, and the ledger entries
that recorded them, with every field that entered their hashes. `verify_package` checks:
1. every listed file is present with that SHA-256 and size, and no file is unlisted;
2. each listed entry re-computes: SHA-256 of its payload = object_hash, and the DESIGN formula
   of its `version` (1 when absent: packages made before hash v2) gives its entry_hash;
3. a file's entry vouches for it: when the entry's payload names a `sha256` (or a `files` map
   of path → sha256) it equals the file's; a file marked `"content": "ledger_payload"` is the
   entry's canonical JSON itself, so its SHA-256 is the entry's object_hash;
4. with `lookup` (inside an installation: seq → the ledger's own entry fields), each entry is
   the one in the ledger, so a package whose manifest was re-written after tampering fails.
The first mismatch is reported; a corrupt or truncated ZIP is a failure named in words, never a
traceback. Pure Python: the ledger imports nothing of ours.
"""

from __future__ import annotations

import hashlib
import json
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from .canonical import entry_hash, sha256_hex

MANIFEST = "manifest.json"
FORMAT = "farewell-evidence-package/1"
# A document issued on its own (a PDF receipt), recorded with its SHA-256 as the entry's object id:
# `verify_document` finds it in the installation's ledger by the file's hash.
DOCUMENT_TYPE = "ledger.document"
ENTRY_FIELDS = ("seq", "prev_hash", "object_type", "object_id", "event", "payload", "object_hash", "actor_ref",
                "timestamp", "entry_hash", "version", "redacted_by")
# Packages made before hash v2 carry no "version", those made before purges no "redacted_by"
# (an entry whose payload a purge removed: only its hashes are left).
REQUIRED_ENTRY_FIELDS = tuple(f for f in ENTRY_FIELDS if f not in ("version", "redacted_by"))
# What reading a damaged archive raises (a truncated member, a bad CRC, garbage deflate data).
_DAMAGED = (OSError, EOFError, zipfile.BadZipFile, zlib.error, NotImplementedError, RuntimeError)


@dataclass(frozen=True)
class PackageVerification:
    ok: bool
    files_checked: int
    entries_checked: int
    problem: str = ""


def file_sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def _fail(files: int, entries: int, problem: str) -> PackageVerification:
    return PackageVerification(False, files, entries, problem)


def verify_package(path: str | Path, lookup: Callable[[int], dict | None] | None = None) -> PackageVerification:
    """Check the package at `path`; `lookup(seq)` returns the installation's entry fields or None."""
    try:
        archive = zipfile.ZipFile(path)
    except (*_DAMAGED, ValueError) as exc:
        return _fail(0, 0, f"not a readable ZIP file (corrupt or truncated): {exc}")
    with archive:
        try:
            return _verify_archive(archive, lookup)
        except _DAMAGED as exc:
            return _fail(0, 0, f"the ZIP file is damaged (corrupt or truncated): {exc}")
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            return _fail(0, 0, f"manifest.json is malformed: {type(exc).__name__} {exc}")


def _verify_archive(archive: zipfile.ZipFile, lookup) -> PackageVerification:
    names = [n for n in archive.namelist() if not n.endswith("/")]
    if MANIFEST not in names:
        return _fail(0, 0, "manifest.json is missing")
    try:
        manifest = json.loads(archive.read(MANIFEST).decode("utf-8"))
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        return _fail(0, 0, f"manifest.json is not valid JSON: {exc}")
    if manifest.get("format") != FORMAT:
        return _fail(0, 0, f"unknown package format {manifest.get('format')!r}")
    try:
        entries = {int(e["seq"]): e for e in manifest.get("ledger_entries", [])}
    except (KeyError, TypeError, ValueError, AttributeError):
        return _fail(0, 0, "manifest.json: a ledger entry has no valid seq")

    # 2 and 4: the entries first, so a file's check can rely on its entry.
    checked_entries = 0
    for seq in sorted(entries):
        entry = entries[seq]
        missing = [f for f in REQUIRED_ENTRY_FIELDS if f not in entry]
        if missing:
            return _fail(0, checked_entries, f"ledger entry {seq}: fields missing {missing}")
        redacted = entry.get("redacted_by") is not None
        if not redacted and sha256_hex(entry["payload"]) != entry["object_hash"]:
            return _fail(0, checked_entries, f"ledger entry {seq}: payload does not match its object_hash")
        version = entry.get("version", 1)
        if version not in (1, 2):
            return _fail(0, checked_entries, f"ledger entry {seq}: unknown hash version {version!r}")
        digest = entry_hash(version=version, seq=seq, prev_hash=entry["prev_hash"], event=entry["event"],
                            object_type=entry["object_type"], object_id=entry["object_id"],
                            object_hash=entry["object_hash"], actor_ref=entry["actor_ref"],
                            timestamp=entry["timestamp"])
        if digest != entry["entry_hash"]:
            return _fail(0, checked_entries, f"ledger entry {seq}: entry_hash does not match its fields")
        if lookup is not None:
            mine = lookup(seq)
            if mine is None:
                return _fail(0, checked_entries, f"ledger entry {seq} is not in this installation's ledger")
            # A package made before a purge keeps the content the ledger has since lost; that content
            # still matches the object_hash both share (checked above).
            purged_since = mine.get("redacted_by") is not None and not redacted
            for key in ENTRY_FIELDS:
                if purged_since and key in ("payload", "redacted_by"):
                    continue
                if str(mine.get(key)) != str(entry.get(key, 1 if key == "version" else None)):
                    return _fail(0, checked_entries,
                                 f"ledger entry {seq}: {key} differs from this installation's ledger")
        checked_entries += 1

    # 1 and 3: the files.
    listed = {f["path"]: f for f in manifest.get("files", [])}
    for name in names:
        if name != MANIFEST and name not in listed:
            return _fail(0, checked_entries, f"{name} is in the package but not in the manifest")
    checked_files = 0
    for name, item in listed.items():
        if name not in names:
            return _fail(checked_files, checked_entries, f"{name} is listed in the manifest but missing")
        data = archive.read(name)
        digest = file_sha256(data)
        if digest != item.get("sha256") or len(data) != item.get("size"):
            return _fail(checked_files, checked_entries, f"{name}: SHA-256 or size does not match the manifest")
        ledger = item.get("ledger")
        if ledger:
            entry = entries.get(int(ledger["seq"]))
            if entry is None or entry["entry_hash"] != ledger.get("entry_hash"):
                return _fail(checked_files, checked_entries, f"{name}: its ledger entry is not in the manifest")
            if entry.get("redacted_by") is not None:
                return _fail(checked_files, checked_entries,
                             f"{name}: its ledger entry {ledger['seq']} was emptied by a purge")
            payload = json.loads(entry["payload"])
            if item.get("content") == "ledger_payload":  # the file is the entry's recorded content itself
                vouched = entry["object_hash"]
            elif "sha256" in payload:
                vouched = payload["sha256"]
            else:
                vouched = (payload.get("files") or {}).get(name)
            if vouched is not None and vouched != digest:
                return _fail(checked_files, checked_entries,
                             f"{name}: SHA-256 differs from the one recorded in ledger entry {ledger['seq']}")
        checked_files += 1
    return PackageVerification(True, checked_files, checked_entries)


def _entry_recomputes(entry: dict) -> str:
    """"" when the entry's payload and fields give its hashes, else what does not (a purged entry's
    payload is gone: only its fields are re-hashed)."""
    if entry.get("redacted_by") is None and sha256_hex(entry["payload"]) != entry["object_hash"]:
        return "payload does not match its object_hash"
    digest = entry_hash(version=entry.get("version", 1), seq=entry["seq"], prev_hash=entry["prev_hash"],
                        event=entry["event"], object_type=entry["object_type"], object_id=entry["object_id"],
                        object_hash=entry["object_hash"], actor_ref=entry["actor_ref"], timestamp=entry["timestamp"])
    return "" if digest == entry["entry_hash"] else "entry_hash does not match its fields"


def verify_document(path: str | Path, find: Callable[[str], dict | None],
                    lookup: Callable[[int], dict | None]) -> PackageVerification:
    """Check a document issued on its own (a PDF receipt) against the installation's ledger: an entry
    of DOCUMENT_TYPE whose object id is the file's SHA-256 (`find(sha256)` returns its fields), which
    re-computes, names the file's hash in its payload, and whose referenced entries (`notice_entry`)
    are in the ledger with the hash it names. A changed byte gives another SHA-256: no entry."""
    try:
        data = Path(path).read_bytes()
    except OSError as exc:
        return _fail(0, 0, f"cannot read {path}: {exc}")
    digest = file_sha256(data)
    entry = find(digest)
    if entry is None:
        return _fail(0, 0, f"no document with SHA-256 {digest} was issued by this installation (altered, or "
                           "not one of its documents)")
    problem = _entry_recomputes(entry)
    if problem:
        return _fail(0, 0, f"ledger entry {entry['seq']}: {problem}")
    if entry.get("redacted_by") is not None:
        return _fail(0, 0, f"ledger entry {entry['seq']}, which issued this document, was emptied by a purge")
    payload = json.loads(entry["payload"])
    if digest not in (payload.get("files") or {}).values():
        return _fail(0, 0, f"ledger entry {entry['seq']} does not name this file's SHA-256")
    checked = 1
    for key, ref in sorted(payload.items()):
        if not (key.endswith("_entry") and isinstance(ref, dict) and "seq" in ref):
            continue
        mine = lookup(int(ref["seq"]))
        if mine is None or mine.get("entry_hash") != ref.get("entry_hash"):
            return _fail(1, checked, f"ledger entry {ref['seq']} ({key}) is not in this installation's ledger "
                                     "with the hash the document names")
        problem = _entry_recomputes(mine)
        if problem:
            return _fail(1, checked, f"ledger entry {ref['seq']} ({key}): {problem}")
        checked += 1
    return PackageVerification(True, 1, checked)
