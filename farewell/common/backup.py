"""`farewell backup` and `farewell restore`: the database, the uploaded files, and a manifest.

A backup is a directory:

    db.dump        PostgreSQL: `pg_dump --format=custom` (restored with pg_restore)
    db.sqlite3     SQLite: a consistent copy made with SQLite's online backup
    media.tar      every file under MEDIA_ROOT (attachments, documents, scans)
    manifest.json  SHA-256 of each file above, the row count of every table, the ledger head,
                   the applied migrations, and FINGERPRINTS of the keys — never the keys

The keys are not in the backup on purpose: a backup that carried FAREWELL_FIELD_KEY would
hand the encrypted personal data to whoever holds the copy. Without the key the encrypted
fields of a restored backup cannot be read, so keep the key (offline, separately) as long
as any backup made with it. Restore refuses to run when the current FAREWELL_FIELD_KEY holds
none of the keys the backup was made with.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
from dataclasses import dataclass
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.core.files.storage import FileSystemStorage, default_storage
from django.db import connection
from django.db.migrations.recorder import MigrationRecorder

FORMAT = 1
MANIFEST = "manifest.json"
MEDIA_TAR = "media.tar"
CHUNK = 1024 * 1024


class BackupError(Exception):
    pass


def sha256_file(path: Path) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(CHUNK):
            digest.update(chunk)
    return digest.hexdigest()


def key_fingerprint(key: str) -> str:
    """Which key it was, without the key: 16 hex digits of a SHA-256 over a fixed label."""
    return hashlib.sha256(b"farewell-key-fingerprint:" + key.strip().encode()).hexdigest()[:16]


def field_key_fingerprints() -> list[str]:
    return [key_fingerprint(k) for k in settings.FAREWELL_FIELD_KEY.split(",") if k.strip()]


def key_fingerprints() -> dict:
    blind = settings.FAREWELL_BLIND_INDEX_KEY
    return {
        "FAREWELL_FIELD_KEY": field_key_fingerprints(),
        "FAREWELL_BLIND_INDEX_KEY": key_fingerprint(blind) if blind else "derived from FAREWELL_FIELD_KEY",
        "SECRET_KEY": key_fingerprint(settings.SECRET_KEY),
    }


def table_counts() -> dict[str, int]:
    """Rows of every concrete model's table (what a restore must give back); a model whose
    table a pending migration has not created yet is left out."""
    counts = {}
    tables = set(connection.introspection.table_names())
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed or meta.db_table not in tables:
            continue
        counts[meta.label_lower] = model._base_manager.using("default").count()
    return dict(sorted(counts.items()))


def ledger_head() -> dict | None:
    """The ledger's head (seq and hash), read by model name: the ledger is a table like the others here."""
    try:
        head = apps.get_model("ledger", "LedgerHead")
    except LookupError:
        return None
    row = head.objects.filter(id=1).values("seq", "entry_hash").first()
    return row


def applied_migrations() -> dict[str, str]:
    latest: dict[str, str] = {}
    for app, name in MigrationRecorder(connection).applied_migrations():
        if name > latest.get(app, ""):
            latest[app] = name
    return dict(sorted(latest.items()))


def _pg_env() -> dict:
    db = connection.settings_dict
    env = {**os.environ}
    for var, key in (("PGHOST", "HOST"), ("PGPORT", "PORT"), ("PGUSER", "USER"), ("PGPASSWORD", "PASSWORD")):
        if db.get(key):
            env[var] = str(db[key])
    return env


def _run(argv: list[str], env: dict) -> None:
    try:
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
    except FileNotFoundError as exc:
        raise BackupError(f"{argv[0]} is not installed (apt-get install postgresql-client)") from exc
    if done.returncode != 0:
        raise BackupError(f"{argv[0]} failed ({done.returncode}): {done.stderr.strip()[:2000]}")


def dump_database(target_dir: Path) -> Path:
    connection.ensure_connection()
    if connection.vendor == "postgresql":
        path = target_dir / "db.dump"
        _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", "--file", str(path),
              connection.settings_dict["NAME"]], _pg_env())
        return path
    if connection.vendor == "sqlite":
        path = target_dir / "db.sqlite3"
        target = sqlite3.connect(path)
        try:
            with target:
                connection.connection.backup(target)  # consistent while others write
        finally:
            target.close()
        return path
    raise BackupError(f"no backup method for the {connection.vendor} database")


def media_storage_root() -> Path | None:
    if isinstance(default_storage, FileSystemStorage):
        return Path(default_storage.location)
    return None


def archive_media(target_dir: Path) -> tuple[Path, int]:
    root = media_storage_root()
    if root is None:
        raise BackupError(
            "the files are not on this machine's disk (DEFAULT_FILE_STORAGE is an object store): "
            "back the bucket up with its own versioning and run backup with --no-media"
        )
    path = target_dir / MEDIA_TAR
    count = 0
    with tarfile.open(path, "w") as tar:
        if root.is_dir():
            for file in sorted(p for p in root.rglob("*") if p.is_file()):
                tar.add(file, arcname=str(file.relative_to(root)))
                count += 1
    return path, count


def backup(output: Path, *, media: bool = True) -> dict:
    """Write a backup directory at `output` (which must not exist yet); returns its manifest."""
    output = Path(output)
    if output.exists():
        raise BackupError(f"{output} exists already: give a new directory")
    output.mkdir(parents=True)
    os.chmod(output, 0o700)  # personal data: readable by the owner only
    try:
        started = dt.datetime.now(dt.UTC)
        db_file = dump_database(output)
        files = {db_file.name: sha256_file(db_file)}
        media_files = None
        if media:
            media_path, media_files = archive_media(output)
            files[media_path.name] = sha256_file(media_path)
        manifest = {
            "format": FORMAT,
            "created_at": started.strftime("%Y-%m-%dT%H:%M:%SZ"),
            "database": {"vendor": connection.vendor, "file": db_file.name},
            "media": {"file": MEDIA_TAR, "files": media_files} if media else None,
            "files": files,
            "counts": table_counts(),
            "ledger_head": ledger_head(),
            "migrations": applied_migrations(),
            "keys": key_fingerprints(),
        }
        (output / MANIFEST).write_text(json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    except BaseException:
        shutil.rmtree(output, ignore_errors=True)
        raise
    return manifest


@dataclass
class RestoreReport:
    manifest: dict
    counts: dict[str, int]
    media_files: int

    @property
    def differences(self) -> dict[str, tuple[int | None, int | None]]:
        expected = self.manifest["counts"]
        return {
            label: (expected.get(label), self.counts.get(label))
            for label in sorted(set(expected) | set(self.counts))
            if expected.get(label) != self.counts.get(label) and label in expected
        }


def read_manifest(source: Path) -> dict:
    try:
        manifest = json.loads((Path(source) / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise BackupError(f"{source}: no readable {MANIFEST} ({exc})") from exc
    if manifest.get("format") != FORMAT:
        raise BackupError(f"{source}: backup format {manifest.get('format')!r}, this Farewell reads {FORMAT}")
    return manifest


def check_files(source: Path, manifest: dict) -> None:
    for name, digest in manifest["files"].items():
        path = Path(source) / name
        if not path.is_file():
            raise BackupError(f"{name} is missing from the backup")
        if sha256_file(path) != digest:
            raise BackupError(f"{name} does not match the SHA-256 in the manifest (altered or damaged)")


def check_keys(manifest: dict) -> None:
    wanted = set(manifest["keys"]["FAREWELL_FIELD_KEY"])
    if not wanted & set(field_key_fingerprints()):
        raise BackupError(
            "FAREWELL_FIELD_KEY holds none of the keys this backup was made with "
            f"(fingerprints {', '.join(sorted(wanted))}): the encrypted personal data would be unreadable. "
            "Set the key the backup was made with (comma-separated with the new one) and run restore again."
        )


def database_is_empty() -> bool:
    """No row in any of our tables (a fresh `migrate` seeds a few rows: those are ignored)."""
    tables = set(connection.introspection.table_names())
    user_model = apps.get_model(settings.AUTH_USER_MODEL)
    return user_model._meta.db_table not in tables or not user_model._base_manager.exists()


def restore_database(source: Path, manifest: dict) -> None:
    vendor = manifest["database"]["vendor"]
    if vendor != connection.vendor:
        raise BackupError(f"the backup is of a {vendor} database; this installation uses {connection.vendor}")
    path = Path(source) / manifest["database"]["file"]
    connection.ensure_connection()
    if vendor == "postgresql":
        connection.close()  # pg_restore drops and re-creates every table
        _run(["pg_restore", "--clean", "--if-exists", "--no-owner", "--no-privileges", "--single-transaction",
              "--exit-on-error", "--dbname", connection.settings_dict["NAME"], str(path)], _pg_env())
        return
    source_db = sqlite3.connect(path)
    try:
        source_db.backup(connection.connection)  # replaces every page of the current database
    finally:
        source_db.close()


def restore_media(source: Path, manifest: dict) -> int:
    if not manifest.get("media"):
        return 0
    root = media_storage_root()
    if root is None:
        raise BackupError("the files are not on this machine's disk: restore the bucket with its own tools")
    root.mkdir(parents=True, exist_ok=True)
    count = 0
    with tarfile.open(Path(source) / manifest["media"]["file"]) as tar:
        for member in tar.getmembers():
            if not member.isfile():
                continue
            tar.extract(member, root, filter="data")  # no absolute paths, no "..", no devices
            count += 1
    return count


def restore(source: Path, *, force: bool = False) -> RestoreReport:
    """Check the backup, then put its database and files in place of the current ones."""
    source = Path(source)
    manifest = read_manifest(source)
    check_files(source, manifest)
    check_keys(manifest)
    if not force and not database_is_empty():
        raise BackupError("this database holds data already: restore replaces all of it (use --force)")
    restore_database(source, manifest)
    media_files = restore_media(source, manifest)
    connection.close()
    return RestoreReport(manifest=manifest, counts=table_counts(), media_files=media_files)
