"""设置 › 离职原因, 离职问卷, 替换成本 (HR admin): each company has its own (issue 13); the page works on
the company in `?company=<code>` (accounts/company_settings.py: another company's → 404, a unit-scoped
HR admin → 403)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from farewell.accounts.company_settings import settings_company
from farewell.org.models import Position

from . import services
from .forms import QuestionFormSet, ReasonForm, ReplacementCostForm
from .models import ExitReason, ReplacementCost

ACTION = "exits.configure"


@require_http_methods(["GET", "POST"])
def reasons(request: HttpRequest) -> HttpResponse:
    """A company's taxonomy: every reason (switched-off ones too), and a form for a new one."""
    chosen = settings_company(request, ACTION)
    form = ReasonForm(request.POST or None, company=chosen.company)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reason(form.save(commit=False), acting_user=request.user)
        except services.ExitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("离职原因已保存"))
            return redirect(f"{reverse('exits:reasons')}?{chosen.query}")
    items = list(ExitReason.objects.filter(company=chosen.company).select_related("parent").order_by("order", "id"))
    return render(request, "exits/reasons.html", {"reasons": items, "form": form, "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def reason_edit(request: HttpRequest, pk: int) -> HttpResponse:
    chosen = settings_company(request, ACTION)
    reason = get_object_or_404(ExitReason, company=chosen.company, pk=pk)
    form = ReasonForm(request.POST or None, instance=reason, company=chosen.company)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reason(form.save(commit=False), acting_user=request.user)
        except services.ExitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("离职原因已保存"))
            return redirect(f"{reverse('exits:reasons')}?{chosen.query}")
    return render(request, "exits/reason_edit.html", {"reason": reason, "form": form, "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest) -> HttpResponse:
    """A company's exit survey; a question left empty is switched off (its answers stay)."""
    chosen = settings_company(request, ACTION)
    current = services.active_questions(chosen.company.pk)
    formset = QuestionFormSet(request.POST or None, prefix="q", initial=None if request.method == "POST" else [
        {"id": q.pk, "text": q.label, "kind": q.kind, "order": q.order} for q in current])
    if request.method == "POST" and formset.is_valid():
        services.save_questions(chosen.company, [f.cleaned_data for f in formset.forms if f.cleaned_data.get("text")],
                                acting_user=request.user)
        messages.success(request, _("离职问卷已保存"))
        return redirect(f"{reverse('exits:questions')}?{chosen.query}")
    return render(request, "exits/questions.html", {"formset": formset, "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def replacement_costs(request: HttpRequest) -> HttpResponse:
    """What replacing a leaver costs, per position of the company (the report's cost of turnover)."""
    chosen = settings_company(request, ACTION)
    positions = Position.objects.filter(company=chosen.company).order_by("name")
    form = ReplacementCostForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        services.save_replacement_cost(form.cleaned_data["position"], form.cleaned_data["amount"],
                                       acting_user=request.user)
        messages.success(request, _("替换成本已保存"))
        return redirect(f"{reverse('exits:replacement_costs')}?{chosen.query}")
    costs = list(ReplacementCost.objects.filter(position__in=positions).select_related("position")
                 .order_by("position__name"))
    return render(request, "exits/replacement_costs.html", {"form": form, "costs": costs, "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)
