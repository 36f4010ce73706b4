from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from farewell.accounts import policy


@require_GET
def employee_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "employee.list")
    employees = policy.employees_for(request.user, "employee.list").select_related("org_unit", "position")[:50]
    return render(request, "org/employee_list.html", {"employees": employees})


@require_GET
def employee_detail(request: HttpRequest, code) -> HttpResponse:
    employee = policy.get_employee_for_user(request.user, code, "employee.view")
    return render(request, "org/employee_detail.html", {"employee": employee})
