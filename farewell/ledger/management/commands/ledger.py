from django.core.management.base import BaseCommand, CommandError

from farewell.ledger.services import verify


class Command(BaseCommand):
    help = "The evidence ledger: `farewell ledger verify` re-computes the hash chain."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("verify", help="re-compute the chain and report the first broken entry")

    def handle(self, *args, action: str, **options):
        if action == "verify":
            result = verify()
            if not result.ok:
                raise CommandError(
                    f"ledger broken at entry {result.first_broken_seq}: {result.reason} "
                    f"({result.checked} entries verified before it)"
                )
            self.stdout.write(self.style.SUCCESS(f"ledger ok: {result.checked} entries verified"))
