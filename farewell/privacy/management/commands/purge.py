"""`farewell purge [--dry-run] [--today YYYY-MM-DD]`: delete the personal data whose retention ran out.

The same purge `farewell sweep` runs every time (privacy/receivers.py); this command shows the list
first (`--dry-run` changes nothing) and can be run by hand. Former employees with a case under a
legal hold are listed as held and keep everything.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from farewell.org.models import Employee
from farewell.privacy import retention


class Command(BaseCommand):
    help = "Purge personal data past its retention (holds respected); --dry-run lists what would go."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="list what would be purged, change nothing")
        parser.add_argument("--today", help="run as of this day (YYYY-MM-DD; default: today)")

    def handle(self, *args, dry_run: bool = False, **options):
        today = timezone.localdate()
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today: expected YYYY-MM-DD") from None
        if dry_run:
            current = retention.plan(today)
            for item in current.items:
                self.stdout.write(f"would purge\t{item.kind}\t{item.employee_number}\t{item.object_type}\t"
                                  f"{item.object_id}\t{item.label}")
            self._held(current.held)
            self.stdout.write(f"dry run: {len(current.items)} items would be purged "
                              f"({self._counts(current.counts())}); nothing was changed")
            return
        result = retention.purge(today)
        for item in result.items:
            self.stdout.write(f"purged\t{item.kind}\t{item.employee_number}\t{item.object_type}\t{item.object_id}\t"
                              f"{item.label}")
        self._held(result.held)
        if result.entry is None:
            self.stdout.write("nothing to purge")
            return
        counts: dict[str, int] = {}
        for item in result.items:
            counts[item.kind] = counts.get(item.kind, 0) + 1
        self.stdout.write(self.style.SUCCESS(
            f"purged {len(result.items)} items ({self._counts(counts)}); ledger entry #{result.entry.seq} "
            f"emptied {result.redacted} entries (their hashes stay: `farewell ledger verify` still passes)"))

    def _held(self, employee_ids: list[int]) -> None:
        for number in Employee.objects.filter(pk__in=employee_ids).values_list("employee_number", flat=True):
            self.stdout.write(f"held\t{number}\t(a case is under a legal hold: nothing purged)")

    @staticmethod
    def _counts(counts: dict[str, int]) -> str:
        return ", ".join(f"{kind} {n}" for kind, n in sorted(counts.items())) or "none"
