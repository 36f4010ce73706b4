"""设置 › 离职原因, 离职问卷, 替换成本 (HR admin)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from farewell.accounts import policy
from farewell.org.models import Position

from . import services
from .forms import QuestionFormSet, ReasonForm, ReplacementCostForm
from .models import ExitReason, ReplacementCost, SurveyQuestion


@require_http_methods(["GET", "POST"])
def reasons(request: HttpRequest) -> HttpResponse:
    """The taxonomy: every reason (switched-off ones too), and a form for a new one."""
    policy.require(request.user, "exits.configure")
    form = ReasonForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reason(form.save(commit=False), acting_user=request.user)
        except services.ExitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("离职原因已保存"))
            return redirect("exits:reasons")
    items = list(ExitReason.objects.select_related("parent").order_by("order", "id"))
    return render(request, "exits/reasons.html", {"reasons": items, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def reason_edit(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "exits.configure")
    reason = get_object_or_404(ExitReason, pk=pk)
    form = ReasonForm(request.POST or None, instance=reason)
    if request.method == "POST" and form.is_valid():
        try:
            services.save_reason(form.save(commit=False), acting_user=request.user)
        except services.ExitError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("离职原因已保存"))
            return redirect("exits:reasons")
    return render(request, "exits/reason_edit.html", {"reason": reason, "form": form},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def questions(request: HttpRequest) -> HttpResponse:
    """The exit survey's questions; a question left empty is switched off (its answers stay)."""
    policy.require(request.user, "exits.configure")
    current = SurveyQuestion.objects.filter(active=True).order_by("order", "id")
    formset = QuestionFormSet(request.POST or None, prefix="q", initial=None if request.method == "POST" else [
        {"id": q.pk, "text": q.text, "kind": q.kind, "order": q.order} for q in current])
    if request.method == "POST" and formset.is_valid():
        services.save_questions([f.cleaned_data for f in formset.forms if f.cleaned_data.get("text")],
                                acting_user=request.user)
        messages.success(request, _("离职问卷已保存"))
        return redirect("exits:questions")
    return render(request, "exits/questions.html", {"formset": formset},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def replacement_costs(request: HttpRequest) -> HttpResponse:
    """What replacing a leaver costs, per position (the report's cost of turnover)."""
    policy.require(request.user, "exits.configure")
    positions = Position.objects.filter(company_id__in=policy.company_ids(request.user)).order_by("name")
    form = ReplacementCostForm(request.POST or None, positions=positions)
    if request.method == "POST" and form.is_valid():
        services.save_replacement_cost(form.cleaned_data["position"], form.cleaned_data["amount"],
                                       acting_user=request.user)
        messages.success(request, _("替换成本已保存"))
        return redirect("exits:replacement_costs")
    costs = list(ReplacementCost.objects.filter(position__in=positions).select_related("position")
                 .order_by("position__name"))
    return render(request, "exits/replacement_costs.html", {"form": form, "costs": costs},
                  status=400 if request.method == "POST" else 200)
