"""`farewell backup DIR`: the database, the uploaded files and a manifest (farewell/common/backup.py)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from farewell.common.backup import BackupError, backup


class Command(BaseCommand):
    help = "Write a backup (database dump, media, manifest with hashes and key fingerprints) to a new directory."

    def add_arguments(self, parser):
        parser.add_argument("directory", nargs="?",
                            help="the new backup directory (default: ./farewell-backup-<UTC time>)")
        parser.add_argument("--no-media", action="store_true",
                            help="leave the uploaded files out (they live in an object store backed up on its own)")

    def handle(self, *args, directory=None, no_media=False, **options):
        target = Path(directory or f"farewell-backup-{dt.datetime.now(dt.UTC):%Y%m%dT%H%M%SZ}")
        try:
            manifest = backup(target, media=not no_media)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        head = manifest["ledger_head"] or {}
        rows = sum(manifest["counts"].values())
        media = manifest["media"]["files"] if manifest["media"] else "not included"
        self.stdout.write(self.style.SUCCESS(
            f"backup written to {target}: {manifest['database']['vendor']} database ({rows} rows), "
            f"media files: {media}, ledger head #{head.get('seq', 0)} {head.get('entry_hash', '')[:16]}"
        ))
        self.stdout.write(
            "The keys are NOT in the backup (only their fingerprints): keep FAREWELL_FIELD_KEY safe and apart "
            "from it, or the encrypted personal data in it cannot be read."
        )
