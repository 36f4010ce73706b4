"""Employee self-service: only ever about the signed-in employee."""

from __future__ import annotations

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from farewell.accounts import policy
from farewell.cases import services
from farewell.cases.presentation import present
from farewell.org.tenure import cumulative_work_years, tenure

from .forms import EstimateForm


def _own_employee(request: HttpRequest):
    """The signed-in employee's own record; there is no way to name another one."""
    policy.require(request.user, "law.estimate_self")
    employee = request.user.employee
    if employee is None:
        raise Http404
    return employee


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """我的离职信息: tenure, wage base and what the law would give, with every line explained."""
    employee = _own_employee(request)
    today = timezone.localdate()
    form = EstimateForm(request.GET or {"ground": "mutual_employer_initiated", "separation_date": today})
    estimate = None
    error = None
    if employee.rule_pack == "CN" and form.is_valid():
        data = services.engine_input_for(
            employee, ground=form.cleaned_data["ground"], separation_date=form.cleaned_data["separation_date"]
        )
        outcome = services.calculate(data)
        if outcome.error is None:
            estimate = present(outcome.result)
        else:
            error = outcome.error
    wages = services.wage_months_before(employee, today)
    average = sum(w.total for w in wages) / len(wages) if wages else None
    return render(request, "portal/home.html", {
        "employee": employee,
        "tenure": tenure(employee.hire_date, as_of=today, separation_date=employee.separation_date),
        "work_years": cumulative_work_years(employee.first_work_date, as_of=today),
        "wage_months": len(wages),
        "average_wage": average,
        "form": form,
        "estimate": estimate,
        "error": error,
    })
