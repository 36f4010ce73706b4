"""Writing the people facts from the employee page: the employee itself, status, contracts,
the wage grid and protected-status periods. HR in scope ("employee.edit"); every write is a
service call."""

from __future__ import annotations

import datetime as dt
from functools import reduce
from operator import or_

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Q, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from farewell.accounts import policy
from farewell.accounts.models import RoleGrant

from . import services
from .forms import (
    ContractEndForm,
    ContractForm,
    ContractRenewForm,
    EmployeeForm,
    StatusForm,
    StatusPeriodEndForm,
    StatusPeriodForm,
    WageMonthForm,
)
from .models import Contract, ContractKind, Employee, OrgUnit, Position, StatusPeriod

EDIT = "employee.edit"
SENSITIVE = ("id_number", "bank_account")


def editable_units(user) -> QuerySet[OrgUnit]:
    """The units in which `user` may create and edit people: the subtrees of their HR grants."""
    parts: list[Q] = []
    for company_id, unit_path in RoleGrant.objects.filter(user=user, role__in=policy.ACTIONS[EDIT]).values_list(
        "company_id", "org_unit__path"
    ):
        q = Q(company_id=company_id)
        if unit_path:
            q &= Q(path__startswith=unit_path)
        parts.append(q)
    if not parts:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(reduce(or_, parts)).order_by("company_id", "path")


def _employee(request: HttpRequest, code) -> Employee:
    """The one access helper here: 404 outside scope, 403 in scope but not HR."""
    return policy.get_employee_for_user(
        request.user, code, EDIT,
        queryset=Employee.objects.select_related("company", "org_unit").defer(*SENSITIVE),
    )


def _form_page(request: HttpRequest, employee: Employee | None, title: str, form, *, submit: str,
               active: str = "", intro: str = "") -> HttpResponse:
    return render(request, "org/employee_form_page.html", {
        "employee": employee, "title": title, "form": form, "submit": submit, "intro": intro, "active": active,
    }, status=400 if form.errors else 200)


def _detail(employee: Employee) -> str:
    return reverse("org:employee_detail", args=[employee.code])


# ---------------------------------------------------------------- the employee


@require_http_methods(["GET", "POST"])
def employee_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, EDIT)
    units = editable_units(request.user)
    positions = Position.objects.filter(company_id__in=units.values("company_id")).order_by("name")
    form = EmployeeForm(request.POST or None, units=units, positions=positions)
    if request.method == "POST" and form.is_valid():
        fields = form.service_fields()
        unit = fields["org_unit"]
        try:
            employee = services.create_employee(unit.company, acting_user=request.user, **fields)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已新增员工：%(employee)s") % {"employee": employee})
            for warning in form.warnings:
                messages.warning(request, warning)
            return redirect(_detail(employee))
    return _form_page(request, None, _("新增员工"), form, submit=_("保存"))


@require_http_methods(["GET", "POST"])
def employee_edit(request: HttpRequest, code) -> HttpResponse:
    employee = _employee(request, code)
    units = editable_units(request.user).filter(company_id=employee.company_id)
    positions = Position.objects.filter(company_id=employee.company_id).order_by("name")
    form = EmployeeForm(request.POST or None, units=units, positions=positions, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_employee(employee, acting_user=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已保存。"))
            for warning in form.warnings:
                messages.warning(request, warning)
            return redirect(_detail(employee))
    return _form_page(request, employee, _("编辑员工信息"), form, submit=_("保存"), active="edit",
                      intro=_("入职日期、参加工作日期、用工类型影响补偿计算：修改时原值记入审计账本。"))


@require_http_methods(["GET", "POST"])
def employee_status(request: HttpRequest, code) -> HttpResponse:
    employee = _employee(request, code)
    form = StatusForm(request.POST or None, employee=employee)
    if request.method == "POST" and form.is_valid():
        try:
            services.change_status(employee, form.cleaned_data["status"], acting_user=request.user,
                                   note=form.cleaned_data["note"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("状态已改为：%(status)s") % {"status": employee.get_status_display()})
            return redirect(_detail(employee))
    return _form_page(request, employee, _("变更员工状态"), form, submit=_("保存"), active="status",
                      intro=_("当前状态：%(status)s。离职请在「离职案件」中办理，关闭案件时自动设为“已离职”。")
                      % {"status": employee.get_status_display()})


# ---------------------------------------------------------------- contracts


def _contracts_page(request, employee, form) -> HttpResponse:
    contracts = list(employee.contracts.select_related("renewal_of").order_by("sequence"))
    return render(request, "org/employee_contracts.html", {
        "employee": employee,
        "contracts": contracts,
        # Only the latest contract is renewed (an earlier one's renewal would overlap the next).
        "renewable": contracts[-1].pk if contracts and contracts[-1].end_date else None,
        "form": form,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def employee_contracts(request: HttpRequest, code) -> HttpResponse:
    employee = _employee(request, code)
    form = ContractForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            contract = services.add_contract(employee, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已添加第 %(seq)s 份合同。") % {"seq": contract.sequence})
            return redirect("org:employee_contracts", code=employee.code)
    return _contracts_page(request, employee, form)


def _contract(employee: Employee, contract_id: int) -> Contract:
    return get_object_or_404(Contract.objects.select_related("employee"), pk=contract_id, employee=employee)


@require_http_methods(["GET", "POST"])
def contract_renew(request: HttpRequest, code, contract_id: int) -> HttpResponse:
    employee = _employee(request, code)
    contract = _contract(employee, contract_id)
    # LCL 14 ¶2: the worker's right to an open-ended contract, told before and after the renewal.
    right = services.open_ended_right(employee, contract.end_date + dt.timedelta(days=1)) if contract.end_date else ""
    form = ContractRenewForm(request.POST or None, initial={"kind": contract.kind})
    if request.method == "POST" and form.is_valid():
        try:
            renewal = services.renew_contract(contract, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已续签：第 %(seq)s 份合同，自 %(start)s 起。")
                             % {"seq": renewal.sequence, "start": renewal.start_date})
            if right and renewal.kind == ContractKind.FIXED_TERM:
                messages.warning(request, right)
            return redirect("org:employee_contracts", code=employee.code)
    start = contract.end_date.isoformat() if contract.end_date else "—"
    intro = _("新合同自原合同终止日（%(end)s）的次日起。") % {"end": start}
    if right:
        intro = f"{intro} {right}"
    return _form_page(request, employee, _("续签第 %(seq)s 份合同") % {"seq": contract.sequence}, form,
                      submit=_("续签"), active="contracts", intro=intro)


@require_http_methods(["GET", "POST"])
def contract_end(request: HttpRequest, code, contract_id: int) -> HttpResponse:
    employee = _employee(request, code)
    contract = _contract(employee, contract_id)
    form = ContractEndForm(request.POST or None, initial={"end_date": contract.end_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_contract(contract, form.cleaned_data["end_date"], acting_user=request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("第 %(seq)s 份合同终止日已设为 %(end)s。")
                             % {"seq": contract.sequence, "end": contract.end_date})
            return redirect("org:employee_contracts", code=employee.code)
    return _form_page(request, employee, _("终止第 %(seq)s 份合同") % {"seq": contract.sequence}, form,
                      submit=_("保存"), active="contracts",
                      intro=_("起始日 %(start)s。原终止日记入审计账本。") % {"start": contract.start_date})


# ---------------------------------------------------------------- wages


@require_http_methods(["GET", "POST"])
def employee_wages(request: HttpRequest, code) -> HttpResponse:
    employee = _employee(request, code)
    wages = list(employee.wages.order_by("-month"))
    initial = {}
    correcting = request.GET.get("month", "")
    if request.method == "GET" and correcting:
        existing = next((w for w in wages if w.month.strftime("%Y-%m") == correcting), None)
        if existing is not None:
            initial = {f: getattr(existing, f) for f in ("month", *services.WAGE_PARTS, "total")}
    form = WageMonthForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            wage = services.save_wage_month(employee, acting_user=request.user, **form.service_fields())
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已保存 %(month)s 的工资。") % {"month": wage.month.strftime("%Y-%m")})
            return redirect("org:employee_wages", code=employee.code)
    return render(request, "org/employee_wages.html", {
        "employee": employee, "wages": wages, "form": form, "correcting": bool(initial),
    }, status=400 if form.errors else 200)


# ---------------------------------------------------------------- protected-status periods


@require_http_methods(["GET", "POST"])
def status_periods(request: HttpRequest, code) -> HttpResponse:
    employee = _employee(request, code)
    form = StatusPeriodForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.start_status_period(employee, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已登记特殊保护期。"))
            return redirect("org:status_periods", code=employee.code)
    return render(request, "org/employee_status_periods.html", {
        "employee": employee,
        # Kind and notes stay deferred: they are read one by one through the access log.
        "periods": list(employee.status_periods.defer("kind", "notes").order_by("-start_date")),
        "form": form,
        "can_view_sensitive": policy.allows(request.user, "employee.view_sensitive"),
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def status_period_end(request: HttpRequest, code, period_id: int) -> HttpResponse:
    employee = _employee(request, code)
    period = get_object_or_404(
        StatusPeriod.objects.defer("kind", "notes").select_related("employee"), pk=period_id, employee=employee
    )
    form = StatusPeriodEndForm(request.POST or None, initial={"end_date": period.end_date})
    if request.method == "POST" and form.is_valid():
        try:
            services.end_status_period(period, form.cleaned_data["end_date"], acting_user=request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已设置结束日期。"))
            return redirect("org:status_periods", code=employee.code)
    return _form_page(request, employee, _("结束特殊保护期"), form, submit=_("保存"), active="periods",
                      intro=_("开始于 %(start)s。") % {"start": period.start_date})

