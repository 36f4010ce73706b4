"""设置 › 离职办理 (HR admin): handover checklist templates, document templates, settlement settings."""

from __future__ import annotations

from django.contrib import messages
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.cases.models import CaseType
from farewell.common.filenames import attachment_header
from farewell.org.models import Company, OrgUnit

from .. import document_services, handover, settlement_services
from ..doc_kinds import KINDS
from ..forms import HandoverTemplateForm, OffboardingSettingsForm, TemplateUploadForm
from ..models import DocumentTemplateVersion, HandoverTemplate, OffboardingSettings


def _company(request) -> Company:
    """The company the HR admin configures (the first of their admin grants)."""
    policy.require(request.user, "offboarding.configure")
    scopes = policy.admin_scopes(request.user)
    if not scopes:
        raise Http404
    return get_object_or_404(Company, pk=scopes[0][0])


@require_http_methods(["GET", "POST"])
def config(request: HttpRequest) -> HttpResponse:
    company = _company(request)
    row = OffboardingSettings.for_company(company.pk)
    form = OffboardingSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        settlement_services.save_settings(form.save(commit=False), acting_user=request.user)
        messages.success(request, _("设置已保存"))
        return redirect("offboarding:config")
    # The company's templates and the shipped default (company NULL: `company__in=[pk, None]` would drop it,
    # an SQL IN never matches NULL).
    templates = list(HandoverTemplate.objects.filter(Q(company=company) | Q(company__isnull=True))
                     .select_related("org_unit")
                     .prefetch_related("items").order_by("company_id", "case_type"))
    versions = {}
    for v in DocumentTemplateVersion.objects.filter(company=company).select_related("uploaded_by").order_by("-version"):
        versions.setdefault(v.kind, []).append(v)
    kinds = [{"code": code, "label": spec.label, "versions": versions.get(code, []),
              "required": sorted(spec.required), "optional": sorted(spec.optional)} for code, spec in KINDS.items()]
    return render(request, "offboarding/config.html", {
        "form": form, "templates": templates, "kinds": kinds, "upload_form": TemplateUploadForm(), "company": company,
    })


def _template_form(request, company, data=None, initial=None):
    units = OrgUnit.objects.filter(company=company).order_by("path")
    return HandoverTemplateForm(data, initial=initial, case_types=CaseType.choices, units=units)


@require_http_methods(["GET", "POST"])
def handover_template(request: HttpRequest, pk: int | None = None) -> HttpResponse:
    """Edit a company template, or start one (from the shipped default's items)."""
    company = _company(request)
    template = None
    source = HandoverTemplate.objects.filter(company__isnull=True).first()
    if pk is not None:
        template = get_object_or_404(HandoverTemplate, pk=pk, company=company)
        source = template
    initial = {"name": template.name if template else _("交接清单"),
               "case_type": template.case_type if template else "",
               "org_unit": str(template.org_unit_id or "") if template else "",
               "items": HandoverTemplateForm.items_text(source) if source else ""}
    form = _template_form(request, company, request.POST or None, initial)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        unit = OrgUnit.objects.filter(company=company, pk=c["org_unit"]).first() if c["org_unit"] else None
        try:
            saved = handover.save_template(acting_user=request.user, company=company, case_type=c["case_type"] or "",
                                           org_unit=unit, name=c["name"], items=c["items"], template=template)
        except handover.HandoverError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("交接清单模板已保存"))
            return redirect("offboarding:handover_template", pk=saved.pk)
    return render(request, "offboarding/handover_template.html", {"form": form, "template": template})


@require_GET
def template_download(request: HttpRequest, kind: str) -> HttpResponse:
    company = _company(request)
    if kind not in KINDS:
        raise Http404
    data, version = document_services.current_template(company, kind)
    name = f"{kind}-v{version.version if version else 0}.docx"
    response = HttpResponse(data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    response["Content-Disposition"] = attachment_header(name)
    return response


@require_POST
def template_upload(request: HttpRequest, kind: str) -> HttpResponse:
    company = _company(request)
    if kind not in KINDS:
        raise Http404
    form = TemplateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择DOCX文件"))
        return redirect("offboarding:config")
    upload = form.cleaned_data["file"]
    try:
        version = document_services.upload_template(company, kind, upload.read(), upload.name, acting_user=request.user)
    except document_services.TemplateRefused as exc:
        messages.error(request, _("模板未采用：%(p)s") % {"p": "；".join(exc.problems)})
    else:
        messages.success(request, _("已上传 %(kind)s 第 %(v)s 版") % {"kind": KINDS[kind].label, "v": version.version})
    return redirect("offboarding:config")
