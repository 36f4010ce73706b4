"""`farewell sweep`: periodic work cron or a systemd timer runs — reminders for overdue steps.

Idempotent: one reminder per step per day however often it runs.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from farewell.cases.services import sweep_reminders


class Command(BaseCommand):
    help = "Send reminders for overdue workflow steps (one per step per day)."

    def handle(self, *args, **options):
        sent = sweep_reminders()
        self.stdout.write(f"reminders sent: {sent}")
