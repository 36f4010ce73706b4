"""The import job: upload → preview and column mapping → confirm → progress/result.

One set of operations for the web flow (views.py) and the API (api.py): the same checks, the
same stored preview, the same mapping rules, the same runner (inline up to INLINE_MAX_ROWS rows,
the task worker beyond). A refusal is an `ImportJobError` naming the field it concerns.
"""

from __future__ import annotations

import datetime as dt
import uuid
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.http import Http404
from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.accounts.models import RoleGrant
from farewell.common.models import Job
from farewell.common.numbers import whole_number
from farewell.org.models import Company

from .exports import write_export
from .importers import NO_DATA_ROWS, SPECS, ImportSpec, preview, report_summary
from .tables import TableError, open_table
from .tasks import JOB_KIND, read_progress, run_import_job, run_job
from .worded import header_words, shown

ALLOWED_SUFFIXES = {".csv", ".xlsx", ".txt"}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# Imports of up to this many rows run inside the request; longer ones go to the task worker.
# Counted rows, not bytes: a 320,000-row XLSX fits in under 1 MB (xlsx_limits).
INLINE_MAX_ROWS = 2000
PREVIEW_ROWS = 10
# The most columns a mapping may name when the file's own count is unknown (its headers cannot be read):
# Excel's own limit (column XFD).
MAX_COLUMNS = 16_384


class ImportJobError(ValueError):
    """A refused step of the flow; `field` names the input it concerns (kind, file, company, mapping)."""

    def __init__(self, message: str, field: str = "non_field_errors"):
        super().__init__(message)
        self.field = field


def companies_for(user, action: str = "records.import") -> list[Company]:
    """The companies in which the user holds a grant for `action` (imports are per company)."""
    ids = RoleGrant.objects.filter(user=user, role__in=policy.ACTIONS[action]).values("company_id")
    return list(Company.objects.filter(pk__in=ids).order_by("name"))


def specs_for(user) -> list[ImportSpec]:
    """The kinds this user may import: the org tree and positions need org.manage."""
    return [spec for spec in SPECS.values() if policy.allows(user, spec.action)]


def jobs_for(user):
    """The user's own import jobs (nobody else's: an upload holds personal data)."""
    return Job.objects.filter(kind=JOB_KIND, created_by=user)


def get_job_for_user(user, code) -> Job:
    """The one access helper for an import job: only its creator sees it; anyone else gets 404."""
    policy.require(user, "records.import")
    try:
        return jobs_for(user).get(code=code)
    except (Job.DoesNotExist, ValueError):
        raise Http404 from None


def preview_cell(value):
    """A cell as the file means it: an Excel date cell is a date (2024-01-02), not "2024年1月2日 00:00";
    kept on the job as JSON (text and numbers)."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def start_job(user, *, kind: str, company_value: str | None, upload_file) -> Job:
    """Check and keep an uploaded file; the job waits at the mapping stage with a preview."""
    policy.require(user, "records.import")
    spec = SPECS.get(kind or "")
    companies = companies_for(user)
    company = next((c for c in companies if str(c.pk) == str(company_value or "")), None)
    if company is None and len(companies) == 1:
        company = companies[0]
    if spec is None:
        raise ImportJobError(_("请选择数据类型"), "kind")
    if not policy.allows(user, spec.action):
        raise ImportJobError(_("您无权导入此类数据"), "kind")
    if upload_file is None:
        raise ImportJobError(_("请选择文件"), "file")
    if Path(upload_file.name).suffix.lower() not in ALLOWED_SUFFIXES:
        raise ImportJobError(_("只支持 .xlsx 或 .csv 文件"), "file")
    if upload_file.size > MAX_UPLOAD_BYTES:
        raise ImportJobError(_("文件超过 200 MB"), "file")
    if company is None:
        raise ImportJobError(_("请选择公司"), "company")

    relative = Path("imports") / f"{uuid.uuid4().hex}{Path(upload_file.name).suffix.lower()}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        for piece in upload_file.chunks():
            fh.write(piece)
    try:
        # The file is opened (and an XLSX checked for its bounds) once here: the mapping stage shows
        # the preview kept on the job, and the import opens it once more to run.
        with open_table(target, upload_file.name) as table:
            headers = table.headers
            first_rows = [[preview_cell(v) for v in cells] for _n, cells in islice(table.rows(), PREVIEW_ROWS)]
            estimated_rows = table.estimated_rows
    except TableError as exc:
        target.unlink(missing_ok=True)
        raise ImportJobError(str(exc), "file") from None
    if not first_rows:  # headers and nothing under them: say so now, not after the mapping step
        target.unlink(missing_ok=True)
        raise ImportJobError(str(NO_DATA_ROWS), "file")
    return Job.objects.create(
        kind=JOB_KIND, title=f"{spec.label} · {upload_file.name}"[:200], created_by=user,
        result={"stage": "mapping", "kind": spec.kind, "file": str(relative), "filename": upload_file.name,
                "size": upload_file.size, "company_id": company.pk, "mapping": spec.auto_map(headers),
                "rows": estimated_rows, "preview": {"headers": headers, "rows": first_rows}},
    )


def job_preview(job: Job) -> tuple[list, list]:
    """(headers, first rows) of a job at the mapping stage."""
    kept = job.result.get("preview")
    if kept:
        return kept["headers"], kept["rows"]
    # a job uploaded before previews were kept on the job
    path = Path(settings.MEDIA_ROOT) / job.result["file"]
    try:
        headers, rows = preview(path, job.result["filename"], rows=PREVIEW_ROWS)
    except (TableError, OSError) as exc:
        raise ImportJobError(str(exc), "file") from None
    return headers, [[preview_cell(v) for v in row] for row in rows]


def _width(job: Job) -> int:
    """How many columns the job's file has: its kept preview's headers; a job uploaded before previews were kept
    reads them from the file (job_preview). A column index at or past it is refused: the importers pad each
    row out to the index, so an unbounded one (2147483647) is a list of 2^31 cells per row."""
    headers = (job.result.get("preview") or {}).get("headers")
    if not headers:
        try:
            headers, _rows = job_preview(job)
        except ImportJobError:
            headers = []
    return len(headers) or MAX_COLUMNS


def clean_mapping(job: Job, raw: dict) -> dict[str, int | None]:
    """field → column index, for every column of the kind; unknown fields and indexes refused."""
    spec = SPECS[job.result["kind"]]
    width = _width(job)
    mapping: dict[str, int | None] = {}
    for column in spec.columns:
        value = raw.get(column.field)
        if value in (None, ""):
            mapping[column.field] = None
            continue
        if whole_number(value) is not None:
            value = whole_number(value)
        if not isinstance(value, int) or isinstance(value, bool) or value < 0 or value >= width:
            raise ImportJobError(_("%(field)s：“%(v)s” 不是文件中的列号")
                                 % {"field": header_words(column.header), "v": str(value)[:20]}, "mapping")
        mapping[column.field] = value
    unknown = sorted(set(raw) - {c.field for c in spec.columns})
    if unknown:
        raise ImportJobError(_("未知的字段：%(f)s") % {"f": "、".join(unknown[:5])}, "mapping")
    return mapping


def save_mapping(job: Job, mapping: dict[str, int | None]) -> Job:
    if job.result.get("stage") != "mapping":
        raise ImportJobError(_("导入已确认，不能再修改列对应"), "mapping")
    job.result = {**job.result, "mapping": mapping}
    job.save(update_fields=["result"])
    return job


def confirm_job(job: Job, mapping: dict[str, int | None], *, dry_run: bool, allow_corrections: bool) -> Job:
    """Keep the mapping and run the import (inline when small, else on the worker)."""
    if job.result.get("stage") != "mapping":
        raise ImportJobError(_("导入已确认"), "non_field_errors")
    spec = SPECS[job.result["kind"]]
    problem = spec.mapping_problem(mapping)
    if problem:
        save_mapping(job, mapping)  # the upload stays, with the mapping as chosen, for HR to complete
        raise ImportJobError(str(problem), "mapping")
    job.result = {
        **job.result, "mapping": mapping, "dry_run": dry_run, "stage": "queued",
        # Only for kinds that protect their records (奖惩): an explicit choice of the importing user.
        "allow_corrections": bool(spec.overwrite_error and allow_corrections),
    }
    job.status = Job.Status.QUEUED
    job.save(update_fields=["result", "status"])
    rows = job.result.get("rows")
    if rows is not None and rows <= INLINE_MAX_ROWS:
        return run_job(job)
    run_import_job.enqueue(job.pk)
    return job


def job_title(job: Job) -> str:
    """The record kind and the file, in the reader's language (job.title is worded in the uploader's)."""
    spec = SPECS.get(job.result.get("kind", ""))
    filename = job.result.get("filename")
    return f"{spec.label} · {filename}" if spec and filename else job.title


def job_summary(job: Job) -> str | None:
    """The finished job's one-line result in the reader's language; a crashed job has no report."""
    report = job.result.get("report")
    if report is None:
        return job.result.get("summary")
    return report_summary(report, has_errors=bool(job.errors))


def job_errors(job: Job) -> list[str]:
    """The job's errors in the reader's language (each kept as its msgid and values; an old job's as text)."""
    return [shown(error) for error in job.errors or []]


def job_report(job: Job) -> dict | None:
    """The finished job's report (counts), its warnings in the reader's language."""
    report = job.result.get("report")
    if report is None or not report.get("warnings"):
        return report
    return {**report, "warnings": [shown(w) for w in report["warnings"]]}


def progress(job: Job) -> dict:
    """done, total, percent, finished, and the report and errors once finished."""
    done, total = (read_progress(job) if job.status == Job.Status.RUNNING else (job.done, job.total))
    finished = job.status in (Job.Status.DONE, Job.Status.FAILED)
    percent = int(done * 100 / total) if total else (100 if finished else 0)
    return {
        "done": done, "total": total, "percent": min(percent, 100), "finished": finished,
        "report": job_report(job), "summary": job_summary(job), "errors": job_errors(job),
    }


def write_scoped_export(user, spec: ImportSpec, fh, **extra) -> int:
    """Every row of a kind the user may export (records.export scope), in the template's columns;
    `extra` goes to the kind's exporter (the purpose of a sensitive export, for the access log)."""
    if spec.exporter is not None:
        companies = [c.pk for c in companies_for(user, "records.export")]
        return write_export(spec, None, fh, rows=spec.exporter(user, companies, **extra))
    employees = policy.employees_for(user, "records.export").values("pk")
    records = spec.model.objects.filter(employee__in=employees).order_by("employee__employee_number", "pk")
    return write_export(spec, records, fh)
