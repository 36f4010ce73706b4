"""HR's side of the employees' explanation requests (PIPL Art. 24 ¶3): the list, and one request
with the factors to answer from. HR roles only, each within the employees their grants cover."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from farewell.accounts import policy
from farewell.common.pagination import CappedPaginator
from farewell.org.models import Employee

from . import explanations
from .models import ExplanationRequest
from .riskviews import factor_rows

ACTION = "insights.explanations"


def _scoped(user):
    employees = policy.employees_for(user, ACTION, Employee.objects.all())
    return ExplanationRequest.objects.filter(employee__in=employees.values("pk"))


def get_explanation_for_user(request: HttpRequest, code) -> ExplanationRequest:
    """The one access helper: 403 without the action, 404 outside the user's employees."""
    policy.require(request.user, ACTION)
    found = _scoped(request.user).select_related("employee", "employee__org_unit", "answered_by").filter(
        code=code).first()
    if found is None:
        raise Http404
    return found


@require_GET
def explanation_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, ACTION)
    rows = _scoped(request.user).select_related("employee", "employee__org_unit").order_by(
        "-status", "due_date", "-id")  # "open" sorts after "answered": open first
    page = CappedPaginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "insights/explanation_list.html", {"page": page, "today": timezone.localdate(),
                                                              "answer_days": explanations.ANSWER_DAYS})


@require_http_methods(["GET", "POST"])
def explanation_detail(request: HttpRequest, code) -> HttpResponse:
    item = get_explanation_for_user(request, code)
    error = None
    if request.method == "POST":
        try:
            explanations.answer_explanation(item, acting_user=request.user, answer=request.POST.get("answer", ""))
        except ValidationError as exc:
            error = " ".join(exc.messages)
        else:
            messages.success(request, _("已答复，员工会收到通知。"))
            return redirect("insights:explanation", code=item.code)
    assessment = item.assessment if item.status == "answered" else explanations.current_assessment(item.employee)
    return render(request, "insights/explanation_detail.html", {
        "item": item, "assessment": assessment, "today": timezone.localdate(), "error": error,
        "factors": factor_rows(item.employee, assessment.get("factors", [])),
        "percent": round(assessment["probability"] * 100) if assessment else None,
        "draft": request.POST.get("answer", ""),
    })
