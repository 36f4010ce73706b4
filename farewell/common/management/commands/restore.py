"""`farewell restore DIR`: put a backup in place, then prove it: the same row counts as the
manifest and a ledger that verifies (farewell/common/backup.py)."""

from __future__ import annotations

from io import StringIO

from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from farewell.common.backup import BackupError, restore


class Command(BaseCommand):
    help = "Restore a backup made by `farewell backup` (replaces the database and adds back the media files)."

    def add_arguments(self, parser):
        parser.add_argument("directory")
        parser.add_argument("--force", action="store_true",
                            help="replace a database that already holds data")

    def handle(self, *args, directory, force=False, **options):
        try:
            report = restore(directory, force=force)
        except BackupError as exc:
            raise CommandError(str(exc)) from exc
        if report.differences:
            lines = ", ".join(f"{label} {want}→{got}" for label, (want, got) in report.differences.items())
            raise CommandError(f"restored, but the row counts differ from the manifest: {lines}")
        out = StringIO()
        call_command("ledger", "verify", stdout=out)  # raises CommandError when the chain is broken
        self.stdout.write(self.style.SUCCESS(
            f"restored {directory}: {sum(report.counts.values())} rows in {len(report.counts)} tables "
            f"as in the manifest, {report.media_files} media files; {out.getvalue().strip()}"
        ))
