"""HR admin settings for cases: workflow templates (versioned), compensation policies and the
approval settings, each of one company (accounts.company_settings: an admin changes only the
companies they administer as a whole; issue 13)."""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from farewell.accounts.company_settings import settings_company

from . import services, workflow
from .forms import CaseSettingsForm, CompensationPolicyForm, WorkflowStepFormSet
from .models import CaseSettings, CaseType, CompensationPolicy, WorkflowTemplate

ACTION = "workflow.configure"


def _back(name: str, chosen, *args) -> HttpResponse:
    return redirect(f"{reverse(name, args=args)}?{chosen.query}")


@require_GET
def workflow_list(request: HttpRequest) -> HttpResponse:
    chosen = settings_company(request, ACTION)
    templates = {}
    for template in (WorkflowTemplate.objects.filter(company=chosen.company).prefetch_related("steps")
                     .order_by("case_type", "-version")):
        templates.setdefault(template.case_type, template)  # the current version of each type
    rows = [(CaseType(t).label, t, templates.get(t)) for t in CaseType.values]
    return render(request, "cases/workflow_list.html", {"rows": rows, "settings_company": chosen})


@require_http_methods(["GET", "POST"])
def workflow_edit(request: HttpRequest, case_type: str) -> HttpResponse:
    """Edit a case type's steps; a version a case has used is never changed (a new one is saved)."""
    chosen = settings_company(request, ACTION)
    if case_type not in CaseType.values:
        raise Http404
    current = workflow.current_template(chosen.company.pk, case_type)
    if request.method == "POST":
        formset = WorkflowStepFormSet(request.POST)
        if formset.is_valid():
            steps = [f.cleaned_data for f in formset.forms
                     if f.cleaned_data and not f.cleaned_data.get("DELETE")]
            template = services.save_workflow(chosen.company, case_type, steps, actor=request.user)
            messages.success(request, _("流程已保存为第 %(v)s 版") % {"v": template.version})
            return _back("cases:workflow_list", chosen)
    else:
        formset = WorkflowStepFormSet(initial=[
            {"kind": s.kind, "condition": s.condition, "condition_amount": s.condition_amount,
             "due_working_days": s.due_working_days}
            for s in current.steps.order_by("order")
        ])
    return render(request, "cases/workflow_edit.html", {
        "formset": formset, "template": current, "case_type_label": CaseType(case_type).label,
        "in_use": workflow.template_in_use(current), "settings_company": chosen,
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def policy_list(request: HttpRequest) -> HttpResponse:
    """Compensation policies: the cap on the negotiated extra, per company and case type."""
    chosen = settings_company(request, ACTION)
    company = chosen.company
    form = CompensationPolicyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        row = CompensationPolicy.objects.filter(company=company, case_type=form.cleaned_data["case_type"]).first()
        row = row or CompensationPolicy(company=company, case_type=form.cleaned_data["case_type"])
        row.extra_cap_months = form.cleaned_data["extra_cap_months"]
        row.note = form.cleaned_data["note"]
        services.save_policy(row, actor=request.user)
        messages.success(request, _("补偿政策已保存"))
        return _back("cases:policy_list", chosen)
    rows = list(CompensationPolicy.objects.filter(company=company).order_by("case_type"))
    return render(request, "cases/policy_list.html", {"form": form, "rows": rows, "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def case_settings(request: HttpRequest) -> HttpResponse:
    """审批设置: four eyes (may the opener of a case do its HR review?), per company."""
    chosen = settings_company(request, ACTION)
    row = CaseSettings.for_company(chosen.company.pk)
    form = CaseSettingsForm(request.POST or None, instance=row)
    if request.method == "POST" and form.is_valid():
        services.save_case_settings(form.save(commit=False), actor=request.user)
        messages.success(request, _("审批设置已保存"))
        return _back("cases:case_settings", chosen)
    return render(request, "cases/case_settings.html", {"form": form, "row": row, "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)
