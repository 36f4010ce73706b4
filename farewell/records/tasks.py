"""Background imports (django-tasks; `farewell db_worker` runs them) and their progress rows."""

from __future__ import annotations

import json
import logging
import threading
import time
from pathlib import Path

from django.conf import settings
from django.db import close_old_connections, connection
from django.utils import timezone
from django.utils.translation import gettext_noop
from django_tasks import task

from farewell.common.models import Job
from farewell.common.wording import Words
from farewell.org.models import Company

from .importers import MAX_REPORTED_ERRORS, import_file
from .worded import stored

JOB_KIND = "records.import"
# What the user reads when an import crashes (a bug, the database gone): worded when shown, in the reader's
# language; the exception, in English, goes to the log (as the document batch's and the flag jobs' do).
IMPORT_CRASHED = gettext_noop("导入失败：处理文件时系统内部出错（详情已记入系统日志），请稍后重试；再次失败请联系系统管理员")

logger = logging.getLogger(__name__)
PROGRESS_EVERY_SECONDS = 1.0


def progress_file(job: Job) -> Path:
    return Path(settings.VAR_DIR) / "jobs" / f"{job.code}.json"


class JobProgress:
    """Writes an import's progress where the progress page can see it while the import's own
    transaction is still open (uncommitted changes to the Job row would be invisible):
    PostgreSQL — the Job row, through a second connection (a short thread has its own);
    SQLite — a small file, because the open write transaction locks the whole database."""

    def __init__(self, job: Job):
        self.job = job
        self.last = 0.0

    def __call__(self, done: int, total: int | None) -> None:
        now = time.monotonic()
        if now - self.last < PROGRESS_EVERY_SECONDS:
            return
        self.last = now
        total = max(total or 0, done)
        if not connection.in_atomic_block:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total)
        elif connection.vendor == "postgresql":
            thread = threading.Thread(target=self._update_elsewhere, args=(done, total))
            thread.start()
            thread.join()
        else:
            path = progress_file(self.job)
            path.parent.mkdir(parents=True, exist_ok=True)
            tmp = path.with_suffix(".tmp")
            tmp.write_text(json.dumps({"done": done, "total": total}))
            tmp.replace(path)

    def _update_elsewhere(self, done: int, total: int) -> None:
        try:
            Job.objects.filter(pk=self.job.pk).update(done=done, total=total)
        finally:
            close_old_connections()
            connection.close()  # this thread's own connection


def read_progress(job: Job) -> tuple[int, int]:
    """(done, total) of a running job: the progress file when there is one, else the row."""
    try:
        data = json.loads(progress_file(job).read_text())
        return int(data["done"]), int(data["total"])
    except (OSError, ValueError, KeyError):
        return job.done, job.total


def kept_errors(report) -> list:
    """A finished import's errors as its job keeps them: msgids and values (worded.stored), worded when
    shown in the reader's language (import_jobs.job_errors)."""
    return [stored(error) for error in report.errors]


def kept_report(report) -> dict:
    """A finished import's counts, its warnings kept as its errors are."""
    return {**report.as_dict(), "warnings": [stored(w) for w in report.warnings[:MAX_REPORTED_ERRORS]]}


def run_job(job: Job) -> Job:
    """Run a queued import job to the end (claimed by a conditional update: one runner only)."""
    if not Job.objects.filter(pk=job.pk, status=Job.Status.QUEUED).update(status=Job.Status.RUNNING):
        job.refresh_from_db()
        return job
    spec = job.result
    path = Path(settings.MEDIA_ROOT) / spec["file"]
    user = job.created_by
    try:
        report = import_file(
            spec["kind"], path, filename=spec["filename"], company=Company.objects.get(pk=spec["company_id"]),
            user=user, mapping={k: v for k, v in spec.get("mapping", {}).items()} or None,
            dry_run=spec.get("dry_run", False), job_id=job.pk, progress=JobProgress(job),
            allow_corrections=spec.get("allow_corrections", False),
        )
    except Exception:  # a crash is a failed job the user can see; its technical detail goes to the log
        logger.exception("import job %s (%s) crashed", job.pk, spec.get("kind"))
        job.status, job.errors = Job.Status.FAILED, [Words(IMPORT_CRASHED).as_json()]
    else:
        job.status = Job.Status.DONE if report.ok else Job.Status.FAILED
        job.errors = kept_errors(report)
        job.total = job.done = report.total
        job.result = {**spec, "stage": "finished", "report": kept_report(report), "summary": report.summary()}
    job.finished_at = timezone.now()
    job.save(update_fields=["status", "errors", "total", "done", "result", "finished_at"])
    path.unlink(missing_ok=True)  # the upload holds personal data: keep it no longer than needed
    progress_file(job).unlink(missing_ok=True)
    return job


@task()
def run_import_job(job_id: int) -> None:
    run_job(Job.objects.select_related("created_by").get(pk=job_id))
