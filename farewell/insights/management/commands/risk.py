"""`farewell risk train [--company ID] [--wait]`: train, evaluate (by time) and score the attrition-risk
model as a background job (progress in a common.Job row; `farewell db_worker` runs it), or now
with --wait. `farewell risk evaluate FILE ...` is answered before Django starts (riskcli)."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandError

from farewell.common.models import Job
from farewell.insights import risk
from farewell.org.models import Company


class Command(BaseCommand):
    help = "Attrition-risk model: `train` (background job with progress, or --wait)."

    def add_arguments(self, parser):
        sub = parser.add_subparsers(dest="action", required=True)
        train = sub.add_parser("train", help="train, evaluate by time split and score every active employee")
        train.add_argument("--company", type=int, help="the company's id (default: every company)")
        train.add_argument("--wait", action="store_true", help="run now in this process instead of queueing")
        sub.add_parser("evaluate", help="see `farewell risk evaluate --help` (runs without Django)")

    def handle(self, *args, action: str, **options):
        if action == "evaluate":
            raise CommandError("run `farewell risk evaluate FILE --target COLUMN` (it needs no database)")
        companies = Company.objects.order_by("pk")
        if options["company"]:
            companies = companies.filter(pk=options["company"])
            if not companies.exists():
                raise CommandError(f"no company with id {options['company']}")
        for company in companies:
            if options["wait"]:
                job = Job.objects.create(kind=risk.JOB_KIND, title=f"训练离职风险模型：{company.name}")
                try:
                    model = risk.train(company, job=job)
                except risk.RiskDataError as error:
                    Job.objects.filter(pk=job.pk).update(status=Job.Status.FAILED, errors=[error.words.as_json()])
                    self.stderr.write(f"{company.name}: {error}")
                    continue
                self.stdout.write(json.dumps({"company": company.pk, "model": model.pk, **model.evaluation},
                                             ensure_ascii=False))
            else:
                job = risk.schedule_training(company, acting_user=None)
                self.stdout.write(f"{company.name}: queued job {job.code}")
