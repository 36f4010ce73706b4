"""`farewell import KIND FILE [--dry-run] [--company CODE]`: import records from CSV or XLSX.

All or nothing: with any bad row nothing is written, the report names each bad row and field,
and the command exits non-zero. Re-importing the same file changes nothing.
"""

from __future__ import annotations

import time

from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError

from farewell.org.models import Company
from farewell.records.importers import SPECS, import_file


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

    def handle(self, *args, **options):
        company = find_company(options["company"])
        progress = None if options["no_progress"] else ProgressBar(self.stderr)
        started = time.monotonic()
        report = import_file(options["kind"], options["file"], company=company, dry_run=options["dry_run"],
                             progress=progress)
        elapsed = time.monotonic() - started
        if progress:
            self.stderr.write("")
        for message in report.errors:
            self.stderr.write(message)
        if report.bad_rows > len(report.errors):
            self.stderr.write(f"……（只列出前 {len(report.errors)} 条）")
        rate = report.total / elapsed if elapsed > 0 else 0
        line = f"{report.summary()}（{elapsed:.1f} 秒，{rate:,.0f} 行/秒）"
        if report.errors:
            raise CommandError(line, returncode=2)
        self.stdout.write(line)
