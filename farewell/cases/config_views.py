"""HR admin settings for cases: workflow templates (versioned) and compensation policies."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from farewell.accounts import policy
from farewell.accounts.installation import require_installation_admin

from . import services, workflow
from .forms import CaseSettingsForm, CompensationPolicyForm, WorkflowStepFormSet
from .models import CaseSettings, CaseType, CompensationPolicy, WorkflowTemplate


@require_GET
def workflow_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "workflow.configure")
    templates = {}
    for template in WorkflowTemplate.objects.prefetch_related("steps").order_by("case_type", "-version"):
        templates.setdefault(template.case_type, template)  # the current version of each type
    rows = [(CaseType(t).label, t, templates.get(t)) for t in CaseType.values]
    return render(request, "cases/workflow_list.html", {"rows": rows})


@require_http_methods(["GET", "POST"])
def workflow_edit(request: HttpRequest, case_type: str) -> HttpResponse:
    """Edit a case type's steps; a version a case has used is never changed (a new one is saved)."""
    policy.require(request.user, "workflow.configure")
    if case_type not in CaseType.values:
        raise Http404
    current = workflow.current_template(case_type)
    if request.method == "POST":
        require_installation_admin(request.user)  # every company's cases run on these templates
        formset = WorkflowStepFormSet(request.POST)
        if formset.is_valid():
            steps = [f.cleaned_data for f in formset.forms
                     if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            template = services.save_workflow(case_type, steps, actor=request.user)
            messages.success(request, _("流程已保存为第 %(v)s 版") % {"v": template.version})
            return redirect("cases:workflow_list")
    else:
        formset = WorkflowStepFormSet(initial=[
            {"kind": s.kind, "condition": s.condition, "condition_amount": s.condition_amount,
             "due_working_days": s.due_working_days}
            for s in current.steps.order_by("order")
        ])
    return render(request, "cases/workflow_edit.html", {
        "formset": formset, "template": current, "case_type_label": CaseType(case_type).label,
        "in_use": workflow.template_in_use(current),
    })


@require_http_methods(["GET", "POST"])
def policy_list(request: HttpRequest) -> HttpResponse:
    """Compensation policies: the cap on the negotiated extra, per company and case type."""
    policy.require(request.user, "workflow.configure")
    company_ids = sorted({g[1] for g in policy._grants(request.user) if g[0] == "hr_admin"})
    if not company_ids:
        raise Http404
    company_id = company_ids[0]
    form = CompensationPolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = CompensationPolicy.objects.filter(company_id=company_id, case_type=form.cleaned_data["case_type"]).first()
        row = row or CompensationPolicy(company_id=company_id, case_type=form.cleaned_data["case_type"])
        row.extra_cap_months = form.cleaned_data["extra_cap_months"]
        row.note = form.cleaned_data["note"]
        services.save_policy(row, actor=request.user)
        messages.success(request, _("补偿政策已保存"))
        return redirect("cases:policy_list")
    rows = list(CompensationPolicy.objects.filter(company__isnull=True)) + list(
        CompensationPolicy.objects.filter(company_id=company_id).order_by("case_type"))
    return render(request, "cases/policy_list.html", {"form": form, "rows": rows})


@require_http_methods(["GET", "POST"])
def case_settings(request: HttpRequest) -> HttpResponse:
    """审批设置: four eyes (may the opener of a case do its HR review?), per company."""
    policy.require(request.user, "workflow.configure")
    company_ids = sorted({g[1] for g in policy._grants(request.user) if g[0] == "hr_admin"})
    if not company_ids:
        raise Http404
    row = CaseSettings.for_company(company_ids[0])
    form = CaseSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        services.save_case_settings(form.save(commit=False), actor=request.user)
        messages.success(request, _("审批设置已保存"))
        return redirect("cases:case_settings")
    return render(request, "cases/case_settings.html", {"form": form, "row": row})
