"""数据导入: template downloads, upload → preview and column mapping → confirm → progress/result;
XLSX exports (HR roles: records.import / records.export); the metric catalogue (settings.manage).
Every mutation a POST."""

from __future__ import annotations

import io

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.installation import require_installation_admin
from farewell.common.filenames import attachment_header
from farewell.common.models import Job

from . import import_jobs, services
from .exports import XLSX_CONTENT_TYPE, write_template
from .forms import MetricForm, SensitiveExportForm
from .importers import SPECS
from .models import Metric

RECENT_JOBS = 20


def _spec_or_404(kind: str):
    spec = SPECS.get(kind)
    if spec is None:
        raise Http404
    return spec


def _get_job_for_user(request: HttpRequest, code) -> Job:
    return import_jobs.get_job_for_user(request.user, code)


def _xlsx_response(write, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    write(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(filename)
    return response


@require_GET
def import_index(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "records.import")
    jobs = [(job, import_jobs.job_title(job), import_jobs.job_summary(job))
            for job in import_jobs.jobs_for(request.user).order_by("-created_at")[:RECENT_JOBS]]
    return render(request, "records/import_index.html", {
        "specs": import_jobs.specs_for(request.user),
        "companies": import_jobs.companies_for(request.user),
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
    return _xlsx_response(lambda fh: import_jobs.write_scoped_export(request.user, spec, fh, **extra), f"{kind}.xlsx")


@require_POST
def upload(request: HttpRequest) -> HttpResponse:
    try:
        job = import_jobs.start_job(request.user, kind=request.POST.get("kind", ""),
                                    company_value=request.POST.get("company"),
                                    upload_file=request.FILES.get("file"))
    except import_jobs.ImportJobError as exc:
        messages.error(request, str(exc))
        return redirect("records:import_index")
    return redirect("records:job", code=job.code)


@require_GET
def job_detail(request: HttpRequest, code) -> HttpResponse:
    job = _get_job_for_user(request, code)
    spec = SPECS[job.result["kind"]]
    context = {"job": job, "spec": spec, "title": import_jobs.job_title(job)}
    if job.result.get("stage") == "mapping":
        try:
            headers, rows = import_jobs.job_preview(job)
        except import_jobs.ImportJobError as exc:
            messages.error(request, str(exc))
            return redirect("records:import_index")
        mapping = job.result["mapping"]
        context.update({
            "headers": headers,
            "rows": rows,
            "fields": [
                {"column": c, "selected": mapping.get(c.field)} for c in spec.columns
            ],
        })
        return render(request, "records/import_mapping.html", context)
    context.update(import_jobs.progress(job))
    return render(request, "records/import_job.html", context)


@require_GET
def job_progress(request: HttpRequest, code) -> HttpResponse:
    """The progress partial the job page polls (htmx, every second) until the import ends."""
    job = _get_job_for_user(request, code)
    return render(request, "records/_import_progress.html", {"job": job, **import_jobs.progress(job)})


@require_POST
def confirm(request: HttpRequest, code) -> HttpResponse:
    job = _get_job_for_user(request, code)
    if job.result.get("stage") != "mapping":
        return redirect("records:job", code=job.code)
    spec = SPECS[job.result["kind"]]
    try:
        # The columns checked as the API checks them (import_jobs.clean_mapping): a number past the file's
        # columns is refused, not read as a blank column (nor padded out to, by the wage importer).
        mapping = import_jobs.clean_mapping(job, {column.field: request.POST.get(f"map-{column.field}", "")
                                                  for column in spec.columns})
        import_jobs.confirm_job(job, mapping, dry_run=bool(request.POST.get("dry_run")),
                                allow_corrections=bool(request.POST.get("allow_corrections")))
    except import_jobs.ImportJobError as exc:
        messages.error(request, str(exc))
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
