"""`farewell demo-data --employees N --seed S`: build the demo company and print its logins."""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError

from farewell.common.console import table_lines
from farewell.demo import services


class Command(BaseCommand):
    help = "Build a believable demo company (and a small government bureau) with one login per role."

    def add_arguments(self, parser):
        parser.add_argument("--employees", type=int, default=400, help="people in the company (default 400)")
        parser.add_argument("--seed", type=int, default=2026, help="random seed; same seed, same company")
        parser.add_argument("--months", type=int, default=24,
                            help="months of wages up to the last full month (default 24)")
        parser.add_argument("--civil-servants", type=int, default=None,
                            help="staff of the demo bureau (default: employees/50, 10 to 300; 0 = none)")
        parser.add_argument("--as-of", type=dt.date.fromisoformat, default=None,
                            help="pretend today is this date (YYYY-MM-DD)")
        parser.add_argument("--reset", action="store_true", help="remove existing demo data first")
        parser.add_argument("--no-talks", action="store_true",
                            help="no demo case, talk plans or conversation records (nothing in the ledger)")
        parser.add_argument("--if-empty", action="store_true",
                            help="do nothing when the database already holds a company")

    def handle(self, *args, **options):
        verbosity = options["verbosity"]

        def progress(message: str) -> None:
            if verbosity >= 1:
                self.stdout.write(message)

        if options["if_empty"] and not options["reset"]:
            from farewell.org.models import Company

            if Company.objects.exists():
                self.stdout.write("The database already holds a company; no demo data built.")
                if services.demo_exists():
                    self._print_logins(None)
                return
        try:
            if options["reset"]:
                services.reset_demo(progress=progress)
            result = services.build_demo_company(
                employees=options["employees"], seed=options["seed"], months=options["months"],
                civil_servants=options["civil_servants"], today=options["as_of"], progress=progress,
                talks=not options["no_talks"],
            )
        except services.DemoDataError as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(self.style.SUCCESS(
            f"{result.company.name}: {result.employees} people, {result.contracts} contracts, "
            f"{result.wage_months} wage months, {result.status_periods} protected periods "
            f"in {result.seconds:.1f}s"
        ))
        if result.bureau:
            self.stdout.write(f"{result.bureau.name} (CN-civil-service)")
        self._print_logins(result.logins)

    def _print_logins(self, logins) -> None:
        self.stdout.write(f"Demo logins (password for all: {services.DEMO_PASSWORD}):")
        rows = logins or [(login, "") for login in services.DEMO_LOGINS]
        # Aligned by terminal columns, not characters: the descriptions and names are Chinese (two columns each).
        for line in table_lines([(login.username, login.role, login.description, f"— {who}" if who else "")
                                 for login, who in rows]):
            self.stdout.write(line)
        # The bureau's first HR admin exists (set up as a customer's first admin is) but has no
        # password, as `farewell setup` gives none: say so rather than leave a silent account.
        self.stdout.write(f"  ({services.BUREAU_ADMIN}: 机关的首位HR管理员，未设密码；演示中由 hradmin 管理机关)")
