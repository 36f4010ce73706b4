"""`farewell cases leave-years-check`: the open cases whose annual-leave days taken may be counted against the
wrong year (cases/leave_years.py), by company.

A case recorded in one year and ending in the next, whose days taken were entered in the earlier year before
the case form named the years (it read 今年已休年休假天数): the engine counts them against the year of
separation, and the earlier year's leave as all untaken. Each case's page shows the same warning, with a link to
the form; it goes once HR saves the form (which names each year). Exit status 0 either way: a report, not a check
that fails.
"""

from __future__ import annotations

from itertools import groupby

from django.core.management.base import BaseCommand

from farewell.cases.leave_years import cases_in_doubt
from farewell.cases.services import case_link


class Command(BaseCommand):
    help = ("Separation cases: `farewell cases leave-years-check` lists, by company, the open cases whose "
            "annual-leave days taken of the year of separation were entered in an earlier year (they may be "
            "that year's days): HR confirms the year on each case page.")

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        sub.add_parser("leave-years-check",
                       help="list the open cases whose annual-leave days taken may belong to an earlier year")

    def handle(self, *args, action: str, **options):
        if action == "leave-years-check":
            self._leave_years_check()

    def _leave_years_check(self) -> None:
        doubts = cases_in_doubt()
        if not doubts:
            self.stdout.write("No open case has annual-leave days taken entered in a year before its year of "
                              "separation.")
            return
        for company, rows in groupby(doubts, key=lambda d: d.case.company):
            rows = list(rows)
            self.stdout.write(f"{company.name}: {len(rows)}")
            for doubt in rows:
                case = doubt.case
                self.stdout.write(
                    f"  {case.code}  {case.employee.name}  {case.status}  separation {case.separation_date}  "
                    f"{doubt.days} days taken entered {doubt.entered_on} (counted against {doubt.separation_year}, "
                    f"may be {doubt.entered_year}'s)  {case_link(case)}")
        self.stdout.write(f"{len(doubts)} case(s): open each and confirm the year of the days taken "
                          "(the facts form names each year).")
