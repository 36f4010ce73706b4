from django.core.management.base import BaseCommand, CommandError

from farewell.ledger.models import LedgerEntry
from farewell.ledger.package import ENTRY_FIELDS, verify_package
from farewell.ledger.services import verify


def _installation_entry(seq: int) -> dict | None:
    row = LedgerEntry.objects.filter(seq=seq).values(*[f for f in ENTRY_FIELDS]).first()
    return row


class Command(BaseCommand):
    help = (
        "The evidence ledger: `farewell ledger verify` re-computes the hash chain; "
        "`farewell ledger verify-package FILE` checks an evidence package."
    )

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="re-compute the chain and report the first broken entry")
        package = sub.add_parser(
            "verify-package",
            help="check an evidence package's files against its manifest and its ledger entries against this ledger",
        )
        package.add_argument("file")
        package.add_argument(
            "--without-ledger", action="store_true",
            help="check the package on its own (a third party without access to this installation's ledger)",
        )

    def handle(self, *args, action: str, **options):
        if action == "verify":
            result = verify()
            if not result.ok:
                raise CommandError(
                    f"ledger broken at entry {result.first_broken_seq}: {result.reason} "
                    f"({result.checked} entries verified before it)"
                )
            self.stdout.write(self.style.SUCCESS(f"ledger ok: {result.checked} entries verified"))
        elif action == "verify-package":
            lookup = None if options["without_ledger"] else _installation_entry
            result = verify_package(options["file"], lookup=lookup)
            if not result.ok:
                raise CommandError(f"package altered: {result.problem}")
            where = "the package alone" if lookup is None else "this installation's ledger"
            self.stdout.write(self.style.SUCCESS(
                f"package ok: {result.files_checked} files and {result.entries_checked} ledger entries "
                f"match (checked against {where})"
            ))
