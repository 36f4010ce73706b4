"""`farewell sweep`: periodic work cron or a systemd timer runs.

- steps no one could decide are routed again (a grant may exist now);
- overdue steps are reminded, one reminder per step per day however often it runs;
- cases closed before their last day end the employment the day after it (status 已离职, the login
  deactivated);
- e-mail retries that fell due are queued for the worker again;
- layoff batches: the explanation to the union or staff not yet recorded (from a week before it is
  due), overdue batch steps, the LCL 41 ¶3 rehiring priority once a month while it runs (layoffs.py);
- employees' requests for an explanation (PIPL Art. 24) due within 3 days or overdue, once a day.

It prints the notifications it really created (not the steps it looked at) and the steps still
without anyone who can decide them.
"""

from __future__ import annotations

import datetime as dt

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from farewell.cases.layoffs import sweep_layoffs
from farewell.cases.services import sweep
from farewell.cases.signals import sweep_downstream
from farewell.common.notifications import queue_due_retries
from farewell.insights.explanations import remind_due as remind_explanations


class Command(BaseCommand):
    help = "Re-route undecidable steps, remind overdue ones, end employments on schedule."

    def add_arguments(self, parser):
        parser.add_argument("--today", help="run as of this day (YYYY-MM-DD; default: today)")

    def handle(self, *args, **options):
        today = None
        if options.get("today"):
            try:
                today = dt.date.fromisoformat(options["today"])
            except ValueError:
                raise CommandError("--today: expected YYYY-MM-DD") from None
        result = sweep(today=today)
        layoff_notes = sweep_layoffs(today=today)
        self.stdout.write(f"notifications created: {result.notifications}")
        self.stdout.write(f"steps re-routed: {result.rerouted}")
        self.stdout.write(f"无人可审批的步骤：{result.unrouted}")
        self.stdout.write(f"employments ended: {result.separated}")
        self.stdout.write(f"logins deactivated: {result.deactivated}")
        self.stdout.write(f"layoff reminders: {layoff_notes}")
        # PIPL Art. 24: employees' requests for an explanation near or past their deadline.
        self.stdout.write(f"explanation reminders: {remind_explanations(today=today)}")
        # Apps further down the flow (offboarding: handover items, post-exit duties).
        for line in sweep_downstream(today or timezone.localdate()):
            self.stdout.write(line)
        # E-mails whose retry fell due while no deferred task was waiting (a restarted worker).
        self.stdout.write(f"e-mail retries queued: {queue_due_retries()}")
