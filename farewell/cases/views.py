from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from farewell.accounts import policy
from farewell.law.practices import practice_for_city
from farewell.org.models import Company

from . import engine_calls, services
from .engine_calls import NATIONAL
from .forms import CalculatorForm
from .presentation import present


@require_http_methods(["GET", "POST"])
def calculator(request: HttpRequest) -> HttpResponse:
    """离职补偿计算器: any separation, typed in or prefilled from an employee's records."""
    policy.require(request.user, "law.calculate")
    employee = None
    result = None
    city = _company_city(request.user)
    if request.method == "POST":
        form = CalculatorForm(request.POST, city=city)
        if form.is_valid():
            data = form.engine_input()
            outcome = services.calculate(data)
            if engine_calls.wages_missing(data, outcome.result, outcome.error):
                # No money without the wage base: never a result that reads "nothing is owed".
                form.add_error("monthly_wages", engine_calls.wages_message())
            elif outcome.error:
                form.add_engine_error(outcome.error.field, outcome.error.message)
            else:
                result = present(outcome.result, services.figure_checks(data, outcome.result) or None)
    else:
        initial = {}
        code = request.GET.get("employee")
        if code:
            employee = policy.get_employee_for_user(request.user, code, "law.calculate")
            separation_date = _date_param(request.GET.get("separation_date")) or timezone.localdate()
            default_ground = "mutual_employer_initiated" if employee.rule_pack == "CN" else "cs_resignation"
            ground = request.GET.get("ground") or default_ground
            initial = services.form_initial_for(employee, ground=ground, separation_date=separation_date)
            if employee.company.city != city:  # the employee's company is in another city: its practice
                default = practice_for_city(employee.company.city)
                if default != practice_for_city(city):
                    initial["practice"] = default.code if default else NATIONAL
            missing = services.missing_wage_months(employee, separation_date)
            if missing:
                messages.warning(request, _(
                    "离职前12个月中有 %(n)s 个月没有工资记录（%(months)s），已按其余月份预填；这些月份如有出勤，请补充后再计算。"
                ) % {"n": len(missing), "months": "、".join(f"{m:%Y-%m}" for m in missing)})
        form = CalculatorForm(initial=initial, city=city)
    return render(
        request, "cases/calculator.html", {"form": form, "result": result, "employee": employee}
    )


def _company_city(user) -> str | None:
    """The city of the user's company (the first, when HR serves several): the calculator's default practice."""
    return Company.objects.filter(id__in=policy.company_ids(user)).order_by("id").values_list("city", flat=True).first()


def _date_param(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None
