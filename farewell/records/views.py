"""数据导入: template downloads, upload → preview and column mapping → confirm → progress/result;
XLSX exports (HR roles: records.import / records.export); the metric catalogue (settings.manage).
Every mutation a POST."""

from __future__ import annotations

import io
import uuid
from itertools import islice
from pathlib import Path

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.installation import require_installation_admin
from farewell.accounts.models import RoleGrant
from farewell.common.models import Job
from farewell.org.models import Company

from . import services
from .exports import XLSX_CONTENT_TYPE, write_export, write_template
from .forms import MetricForm, SensitiveExportForm
from .importers import SPECS, preview
from .models import Metric
from .tables import TableError, open_table
from .tasks import JOB_KIND, read_progress, run_import_job, run_job

ALLOWED_SUFFIXES = {".csv", ".xlsx", ".txt"}
MAX_UPLOAD_BYTES = 200 * 1024 * 1024
# Imports of up to this many rows run inside the request; longer ones go to the task worker.
# Counted rows, not bytes: a 320,000-row XLSX fits in under 1 MB (xlsx_limits).
INLINE_MAX_ROWS = 2000
RECENT_JOBS = 20
PREVIEW_ROWS = 10


def _spec_or_404(kind: str):
    spec = SPECS.get(kind)
    if spec is None:
        raise Http404
    return spec


def _companies_for(user, action: str = "records.import") -> list[Company]:
    """The companies in which the user holds a grant for `action` (imports are per company)."""
    ids = RoleGrant.objects.filter(user=user, role__in=policy.ACTIONS[action]).values("company_id")
    return list(Company.objects.filter(pk__in=ids).order_by("name"))


def _specs_for(user) -> list:
    """The kinds this user may import: the org tree and positions need org.manage."""
    return [spec for spec in SPECS.values() if policy.allows(user, spec.action)]


def _get_job_for_user(request: HttpRequest, code) -> Job:
    """The one access helper for an import job: only its creator sees it; anyone else gets 404."""
    policy.require(request.user, "records.import")
    try:
        return Job.objects.get(code=code, kind=JOB_KIND, created_by=request.user)
    except Job.DoesNotExist:
        raise Http404 from None


def _xlsx_response(write, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    write(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{filename}"
    return response


@require_GET
def import_index(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "records.import")
    jobs = Job.objects.filter(kind=JOB_KIND, created_by=request.user).order_by("-created_at")[:RECENT_JOBS]
    return render(request, "records/import_index.html", {
        "specs": _specs_for(request.user),
        "companies": _companies_for(request.user),
        "jobs": jobs,
        "can_export": policy.allows(request.user, "records.export"),
    })


@require_GET
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    policy.require(request.user, "records.import")
    spec = _spec_or_404(kind)
    policy.require(request.user, spec.action)
    return _xlsx_response(lambda fh: write_template(spec, fh), f"template-{kind}.xlsx")


@require_http_methods(["GET", "POST"])
def export(request: HttpRequest, kind: str) -> HttpResponse:
    """The kind's records as XLSX. A kind whose export carries ID and bank numbers in clear
    (`sensitive_export`) first asks for the purpose and a confirmation (GET shows the form, the
    download is its POST); the purpose goes into each person's access-log row."""
    policy.require(request.user, "records.export")
    spec = _spec_or_404(kind)
    policy.require(request.user, spec.action)
    extra = {}
    if spec.sensitive_export:
        form = SensitiveExportForm(request.POST if request.method == "POST" else None)
        if not form.is_valid():
            return render(request, "records/export_confirm.html", {"spec": spec, "form": form},
                          status=400 if form.is_bound else 200)
        extra["purpose"] = form.cleaned_data["purpose"]
    elif request.method == "POST":
        return HttpResponse(status=405)
    if spec.exporter is not None:
        companies = [c.pk for c in _companies_for(request.user, "records.export")]
        rows = spec.exporter(request.user, companies, **extra)
        return _xlsx_response(lambda fh: write_export(spec, None, fh, rows=rows), f"{kind}.xlsx")
    employees = policy.employees_for(request.user, "records.export").values("pk")
    records = spec.model.objects.filter(employee__in=employees).order_by("employee__employee_number", "pk")
    return _xlsx_response(lambda fh: write_export(spec, records, fh), f"{kind}.xlsx")


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "records.import")
    spec = SPECS.get(request.POST.get("kind", ""))
    upload_file = request.FILES.get("file")
    companies = _companies_for(request.user)
    company = next((c for c in companies if str(c.pk) == request.POST.get("company")), None)
    if company is None and len(companies) == 1:
        company = companies[0]
    problem = None
    if spec is None:
        problem = _("请选择数据类型")
    elif not policy.allows(request.user, spec.action):
        problem = _("您无权导入此类数据")
    elif upload_file is None:
        problem = _("请选择文件")
    elif Path(upload_file.name).suffix.lower() not in ALLOWED_SUFFIXES:
        problem = _("只支持 .xlsx 或 .csv 文件")
    elif upload_file.size > MAX_UPLOAD_BYTES:
        problem = _("文件超过 200 MB")
    elif company is None:
        problem = _("请选择公司")
    if problem:
        messages.error(request, problem)
        return redirect("records:import_index")

    relative = Path("imports") / f"{uuid.uuid4().hex}{Path(upload_file.name).suffix.lower()}"
    target = Path(settings.MEDIA_ROOT) / relative
    target.parent.mkdir(parents=True, exist_ok=True)
    with target.open("wb") as fh:
        for piece in upload_file.chunks():
            fh.write(piece)
    try:
        # The file is opened (and an XLSX checked for its bounds) once here: the mapping page shows
        # the preview kept on the job, and the import opens it once more to run.
        with open_table(target, upload_file.name) as table:
            headers = table.headers
            first_rows = [[_preview_cell(v) for v in cells] for _n, cells in islice(table.rows(), PREVIEW_ROWS)]
            estimated_rows = table.estimated_rows
    except TableError as exc:
        target.unlink(missing_ok=True)
        messages.error(request, str(exc))
        return redirect("records:import_index")
    job = Job.objects.create(
        kind=JOB_KIND, title=f"{spec.label} · {upload_file.name}"[:200], created_by=request.user,
        result={"stage": "mapping", "kind": spec.kind, "file": str(relative), "filename": upload_file.name,
                "size": upload_file.size, "company_id": company.pk, "mapping": spec.auto_map(headers),
                "rows": estimated_rows, "preview": {"headers": headers, "rows": first_rows}},
    )
    return redirect("records:job", code=job.code)


@require_GET
def job_detail(request: HttpRequest, code) -> HttpResponse:
    job = _get_job_for_user(request, code)
    spec = SPECS[job.result["kind"]]
    context = {"job": job, "spec": spec}
    if job.result.get("stage") == "mapping":
        kept = job.result.get("preview")
        if kept:
            headers, rows = kept["headers"], kept["rows"]
        else:  # a job uploaded before previews were kept on the job
            path = Path(settings.MEDIA_ROOT) / job.result["file"]
            try:
                headers, rows = preview(path, job.result["filename"], rows=PREVIEW_ROWS)
            except (TableError, OSError) as exc:
                messages.error(request, str(exc))
                return redirect("records:import_index")
            rows = [[_preview_cell(v) for v in row] for row in rows]
        mapping = job.result["mapping"]
        context.update({
            "headers": headers,
            "rows": rows,
            "fields": [
                {"column": c, "selected": mapping.get(c.field)} for c in spec.columns
            ],
        })
        return render(request, "records/import_mapping.html", context)
    context.update(_progress_context(job))
    return render(request, "records/import_job.html", context)


def _preview_cell(value):
    """A cell as the file means it: an Excel date cell is a date (2024-01-02), not "2024年1月2日 00:00";
    kept on the job as JSON (text and numbers)."""
    import datetime as dt

    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ", "minutes")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, str | int | float | bool):
        return value
    return str(value)


def _progress_context(job: Job) -> dict:
    done, total = (read_progress(job) if job.status == Job.Status.RUNNING else (job.done, job.total))
    percent = int(done * 100 / total) if total else (100 if job.status in (Job.Status.DONE, Job.Status.FAILED) else 0)
    return {
        "done": done, "total": total, "percent": min(percent, 100),
        "finished": job.status in (Job.Status.DONE, Job.Status.FAILED),
        "report": job.result.get("report"), "summary": job.result.get("summary"),
    }


@require_GET
def job_progress(request: HttpRequest, code) -> HttpResponse:
    """The progress partial the job page polls (htmx, every second) until the import ends."""
    job = _get_job_for_user(request, code)
    return render(request, "records/_import_progress.html", {"job": job, **_progress_context(job)})


@require_POST
def confirm(request: HttpRequest, code) -> HttpResponse:
    job = _get_job_for_user(request, code)
    if job.result.get("stage") != "mapping":
        return redirect("records:job", code=job.code)
    spec = SPECS[job.result["kind"]]
    mapping: dict[str, int | None] = {}
    for column in spec.columns:
        value = request.POST.get(f"map-{column.field}", "")
        mapping[column.field] = int(value) if value.isdigit() else None
    missing = spec.missing_required(mapping)
    if missing:
        messages.error(request, _("缺少必填列：%(columns)s") % {"columns": "、".join(missing)})
        job.result = {**job.result, "mapping": mapping}
        job.save(update_fields=["result"])
        return redirect("records:job", code=job.code)
    job.result = {
        **job.result, "mapping": mapping, "dry_run": bool(request.POST.get("dry_run")), "stage": "queued",
        # Only for kinds that protect their records (奖惩): an explicit choice of the importing user.
        "allow_corrections": bool(spec.overwrite_error and request.POST.get("allow_corrections")),
    }
    job.status = Job.Status.QUEUED
    job.save(update_fields=["result", "status"])
    rows = job.result.get("rows")
    if rows is not None and rows <= INLINE_MAX_ROWS:
        run_job(job)
    else:
        run_import_job.enqueue(job.pk)
    return redirect("records:job", code=job.code)


@require_http_methods(["GET", "POST"])
def metric_list(request: HttpRequest) -> HttpResponse:
    """设置 › 指标目录: every metric, and a form to add a custom one."""
    policy.require(request.user, "settings.manage")
    form = MetricForm(request.POST or None)
    if request.method == "POST":
        require_installation_admin(request.user)  # one catalogue for every company
    if request.method == "POST" and form.is_valid():
        metric = services.add_metric(form, acting_user=request.user)
        messages.success(request, _("已添加指标：%(metric)s") % {"metric": metric.name})
        return redirect("records:metrics")
    return render(request, "records/metric_list.html", {
        "form": form, "metrics": Metric.objects.order_by("-active", "category", "code"),
    })


@require_POST
def metric_deactivate(request: HttpRequest, code: str) -> HttpResponse:
    policy.require(request.user, "settings.manage")
    require_installation_admin(request.user)
    metric = get_object_or_404(Metric, code=code)
    if services.deactivate_metric(metric, acting_user=request.user):
        messages.success(request, _("已停用指标：%(metric)s（已导入的数据保留）") % {"metric": metric.name})
    return redirect("records:metrics")
