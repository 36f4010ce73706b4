"""Documents on a case (generate, download) and the batch for a layoff (a background job)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from farewell.accounts import policy
from farewell.accounts.file_reads import download
from farewell.accounts.purposes import with_detail
from farewell.cases.access import cases_for, get_case_for_user
from farewell.cases.models import CaseFamily
from farewell.common.documents import DocumentError
from farewell.common.models import Job
from farewell.common.wording import msgid_of

from .. import document_services, tasks
from ..access import get_document_for_user
from ..doc_kinds import KINDS
from ..forms import GenerateForm
from ._common import back_to_case


@require_POST
def document_generate(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "offboarding.manage")
    form = GenerateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return back_to_case(case)
    kind = form.cleaned_data["kind"]
    try:
        document_services.generate(case, kind, acting_user=request.user, options=form.options(),
                                   confirm_early=form.cleaned_data["confirm_early"])
    except DocumentError as exc:
        messages.error(request, _("%(kind)s 未生成：%(e)s") % {"kind": KINDS[kind].label, "e": exc})
    else:
        messages.success(request, _("已生成 %(kind)s") % {"kind": KINDS[kind].label})
    return back_to_case(case)


@require_GET
def document_download(request: HttpRequest, code, fmt: str) -> HttpResponse:
    document = get_document_for_user(request.user, code)
    if fmt not in ("pdf", "docx"):
        raise Http404
    # The document holds the person's name, dates and money: each read is in the access log (whose, why).
    name = f"{document.file_label()}-{document.case.employee.name}.{fmt}"
    return download(request, document, fmt, employee=document.case.employee, filename=name,
                    purpose=with_detail(gettext_noop("下载离职文书"), msgid_of(KINDS[document.kind].label)))


@require_POST
def family_documents(request: HttpRequest, code) -> HttpResponse:
    """A layoff's notices and certificates, every member in my scope, as one background job."""
    policy.require(request.user, "offboarding.manage")
    family = get_object_or_404(CaseFamily.objects.filter(company_id__in=policy.company_ids(request.user)), code=code)
    if not cases_for(request.user, "offboarding.manage").filter(family=family).exists():
        raise Http404
    job = Job.objects.create(kind=tasks.JOB_KIND, title=_("裁员批次文书：%(t)s") % {"t": family.title},
                             created_by=request.user)
    tasks.family_documents.enqueue(job.pk, family.pk, request.user.pk)
    return redirect("offboarding:job", code=job.code)


@require_GET
def job_status(request: HttpRequest, code) -> HttpResponse:
    policy.require(request.user, "offboarding.manage")
    job = get_object_or_404(Job, code=code, kind=tasks.JOB_KIND, created_by=request.user)
    return render(request, "offboarding/job.html", {"job": job})
