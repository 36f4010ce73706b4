"""`farewell import KIND FILE [--dry-run] [--company CODE]`: import records from CSV or XLSX.

All or nothing: with any bad row nothing is written, the report names each bad row and field,
and the command exits non-zero. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import time
from pathlib import Path

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from farewell.common.models import Job
from farewell.org.models import Company
from farewell.records.importers import SPECS, import_file
from farewell.records.tasks import JOB_KIND, kept_errors, kept_report


def find_company(value: str | None) -> Company:
    """A company by its code (UUID) or credit code; without one, the only company there is."""
    if not value:
        companies = list(Company.objects.all()[:2])
        if len(companies) != 1:
            raise CommandError("请用 --company 指定公司（编码或统一社会信用代码）")
        return companies[0]
    company = Company.objects.filter(credit_code=value).first()
    if company is None:
        try:
            company = Company.objects.filter(code=value).first()
        except ValidationError:
            company = None
    if company is None:
        raise CommandError(f"找不到公司：{value}")
    return company


class ProgressBar:
    """A one-line progress bar on stderr, redrawn at most 10 times a second."""

    WIDTH = 30

    def __init__(self, stream):  # a management command's OutputWrapper
        self.stream = stream
        self.last = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < 0.1 and done != total:
            return
        self.last = now
        if total:
            filled = min(int(self.WIDTH * done / total), self.WIDTH)
            bar = "#" * filled + "-" * (self.WIDTH - filled)
            self.stream.write(f"\r[{bar}] {done}/{total} 行", ending="")
        else:
            self.stream.write(f"\r{done} 行", ending="")
        self.stream.flush()


class Command(BaseCommand):
    help = "从 CSV 或 XLSX 导入记录（全部成功才写入）。KIND: " + ", ".join(SPECS)

    def add_arguments(self, parser):
        parser.add_argument("kind", choices=sorted(SPECS))
        parser.add_argument("file")
        parser.add_argument("--dry-run", action="store_true", help="只校验，不写入")
        parser.add_argument("--company", help="公司编码（UUID）或统一社会信用代码")
        parser.add_argument("--no-progress", action="store_true")
        parser.add_argument("--allow-corrections", action="store_true",
                            help="允许修改已导入的奖惩记录（原内容先记入存证账本）")

    def handle(self, *args, **options):
        company = find_company(options["company"])
        progress = None if options["no_progress"] else ProgressBar(self.stderr)
        started = time.monotonic()
        # A Job row gives a command-line import the code the ledger entry names (as a web import has).
        job = None if options["dry_run"] else Job.objects.create(
            kind=JOB_KIND, title=f"{options['kind']} · {Path(options['file']).name}"[:200], status=Job.Status.RUNNING,
            result={"kind": options["kind"], "filename": Path(options["file"]).name, "company_id": company.pk,
                    "source": "command"},
        )
        report = import_file(options["kind"], options["file"], company=company, dry_run=options["dry_run"],
                             progress=progress, job_id=job and job.pk, allow_corrections=options["allow_corrections"])
        elapsed = time.monotonic() - started
        if job is not None:
            job.status = Job.Status.DONE if report.ok else Job.Status.FAILED
            job.errors, job.total, job.done, job.finished_at = kept_errors(report), report.total, report.total, timezone.now()
            job.result = {**job.result, "stage": "finished", "report": kept_report(report), "summary": report.summary()}
            job.save(update_fields=["status", "errors", "total", "done", "result", "finished_at"])
        if progress:
            self.stderr.write("")
        for message in report.errors:
            self.stderr.write(message)
        for message in report.warnings:
            self.stderr.write(f"注意：{message}")
        if report.bad_rows > len(report.errors):
            self.stderr.write(f"……（只列出前 {len(report.errors)} 条）")
        rate = report.total / elapsed if elapsed > 0 else 0
        line = f"{report.summary()}（{elapsed:.1f} 秒，{rate:,.0f} 行/秒）"
        if report.errors:
            raise CommandError(line, returncode=2)
        self.stdout.write(line)
