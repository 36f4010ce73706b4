"""设置 · 组织架构 and 设置 · 岗位: the org tree and positions of the HR admin's companies ("org.manage")."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.company_settings import settings_company_ids

from . import services
from .forms import PositionForm, UnitEditForm, UnitForm, UnitHeadForm, UnitMoveForm
from .models import Company, EmployeeStatus, OrgUnit, Position

MANAGE = "org.manage"


def _companies(user) -> list[Company]:
    return list(Company.objects.filter(pk__in=policy.company_ids(user)).order_by("name"))


def _unit(request: HttpRequest, unit_id: int) -> OrgUnit:
    """A unit of one of the user's companies (404 otherwise), for the HR admin (403 otherwise). A unit
    outside every unit the user administers is not found (a unit-scoped admin asking for another
    unit: DESIGN, outside one's scope); the tree is changed by a whole-company admin (403 otherwise)."""
    unit = get_object_or_404(
        OrgUnit.objects.select_related("company", "parent"), pk=unit_id, company_id__in=policy.company_ids(request.user)
    )
    policy.require(request.user, MANAGE)
    if not policy.admin_covers(request.user, unit.company_id, unit.path):
        raise Http404
    _require_whole_company(request.user, unit.company_id)
    return unit


def _position(request: HttpRequest, position_id: int) -> Position:
    position = get_object_or_404(
        Position.objects.select_related("company"), pk=position_id, company_id__in=policy.company_ids(request.user)
    )
    policy.require(request.user, MANAGE)
    _require_whole_company(request.user, position.company_id)
    return position


def _require_whole_company(user, company_id: int) -> None:
    if company_id not in settings_company_ids(user, MANAGE):
        raise PermissionDenied(MANAGE)


# ---------------------------------------------------------------- the tree


@dataclass
class TreeRow:
    unit: OrgUnit
    members: int          # current staff directly in the unit
    subtree_members: int  # current staff in the unit and every unit below it


def tree_rows(companies: list[Company]) -> dict[int, list[TreeRow]]:
    """Each company's units in path order with member counts: one aggregate query."""
    units = list(
        OrgUnit.objects.filter(company__in=companies)
        .select_related("head")
        .only("pk", "company_id", "parent_id", "name", "code", "path", "depth",
              "head__id", "head__name", "head__employee_number", "head__code")
        .annotate(members=Count("employees", filter=~Q(employees__status=EmployeeStatus.SEPARATED)))
        .order_by("company_id", "path")
    )
    # Subtree totals from the direct counts: a unit's path is a prefix of its descendants'.
    totals: dict[int, int] = {}
    by_path = {(u.company_id, u.path): u for u in units}
    for unit in units:
        totals[unit.pk] = totals.get(unit.pk, 0) + unit.members
        segments = unit.path.split(".")[:-1]
        for i in range(1, len(segments)):
            ancestor = by_path.get((unit.company_id, ".".join(segments[:i]) + "."))
            if ancestor is not None:
                totals[ancestor.pk] = totals.get(ancestor.pk, 0) + unit.members
    rows: dict[int, list[TreeRow]] = {c.pk: [] for c in companies}
    for unit in units:
        rows[unit.company_id].append(TreeRow(unit, unit.members, totals[unit.pk]))
    return rows


def _company_for_add(request: HttpRequest, companies: list[Company]) -> Company | None:
    wanted = request.POST.get("company") or request.GET.get("company")
    for company in companies:
        if str(company.pk) == wanted:
            return company
    return companies[0] if len(companies) == 1 else None


@require_http_methods(["GET", "POST"])
def org_tree(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, MANAGE)
    companies = _companies(request.user)
    company = _company_for_add(request, companies)
    units = OrgUnit.objects.filter(company__in=[company] if company else companies).order_by("company_id", "path")
    form = UnitForm(request.POST or None, units=units)
    if request.method == "POST" and form.is_valid():
        parent = form.cleaned_data["parent"]
        target = parent.company if parent is not None else company
        if target is None:
            form.add_error("parent", _("请选择上级部门（有多家公司时，顶级部门需先选择公司）。"))
        else:
            try:
                unit = services.create_unit(target, form.cleaned_data["name"], parent, form.cleaned_data["code"],
                                            acting_user=request.user)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("已新增部门：%(unit)s") % {"unit": unit.name})
                return redirect("settings:org_tree")
    rows = tree_rows(companies)
    return render(request, "org/org_tree.html", {
        "trees": [{"company": c, "rows": rows[c.pk]} for c in companies],
        "form": form,
        "company": company,
    })


def _unit_page(request: HttpRequest, unit: OrgUnit, **forms) -> HttpResponse:
    context = {
        "unit": unit,
        "rename_form": forms.get("rename_form") or UnitEditForm(initial={"name": unit.name, "code": unit.code}),
        "move_form": forms.get("move_form") or UnitMoveForm(unit=unit, initial={"parent": unit.parent_id}),
        "head_form": forms.get("head_form") or UnitHeadForm(
            unit=unit, initial={"head": unit.head.employee_number if unit.head else ""}
        ),
        "children": list(unit.children.order_by("path").only("pk", "name", "code", "path")),
        "members": unit.employees.exclude(status=EmployeeStatus.SEPARATED).count(),
        "delete_error": forms.get("delete_error"),
    }
    return render(request, "org/org_unit.html", context, status=400 if forms else 200)


@require_http_methods(["GET"])
def org_unit(request: HttpRequest, unit_id: int) -> HttpResponse:
    return _unit_page(request, _unit(request, unit_id))


@require_POST
def unit_rename(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    form = UnitEditForm(request.POST)
    if form.is_valid():
        try:
            services.update_unit(unit, name=form.cleaned_data["name"], code=form.cleaned_data["code"],
                                 acting_user=request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已保存。"))
            return redirect("settings:org_unit", unit_id=unit.pk)
    return _unit_page(request, unit, rename_form=form)


@require_POST
def unit_move(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    form = UnitMoveForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            services.move_unit(unit, form.cleaned_data["parent"], acting_user=request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已移动“%(unit)s”及其下级部门。") % {"unit": unit.name})
            return redirect("settings:org_tree")
    return _unit_page(request, unit, move_form=form)


@require_POST
def unit_head(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    form = UnitHeadForm(request.POST, unit=unit)
    if form.is_valid():
        try:
            services.set_unit_head(unit, form.cleaned_data["head"], acting_user=request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已设置负责人。"))
            return redirect("settings:org_unit", unit_id=unit.pk)
    return _unit_page(request, unit, head_form=form)


@require_POST
def unit_delete(request: HttpRequest, unit_id: int) -> HttpResponse:
    unit = _unit(request, unit_id)
    try:
        services.delete_unit(unit, acting_user=request.user)
    except ValidationError as exc:
        return _unit_page(request, unit, delete_error=" ".join(exc.messages))
    messages.success(request, _("已删除部门：%(unit)s") % {"unit": unit.name})
    return redirect("settings:org_tree")


# ---------------------------------------------------------------- positions


@require_http_methods(["GET", "POST"])
def positions(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, MANAGE)
    companies = _companies(request.user)
    company = _company_for_add(request, companies)
    form = PositionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if company is None:
            form.add_error(None, _("请选择公司。"))
        else:
            try:
                position = services.create_position(company, acting_user=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_service_error(exc)
            else:
                messages.success(request, _("已新增岗位：%(name)s") % {"name": position.name})
                return redirect("settings:positions")
    rows = (
        Position.objects.filter(company__in=companies)
        .select_related("company")
        .annotate(members=Count("employees", filter=~Q(employees__status=EmployeeStatus.SEPARATED)))
        .order_by("company__name", "name")
    )
    return render(request, "org/positions.html", {
        "positions": rows, "form": form, "companies": companies, "company": company,
    }, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
def position_edit(request: HttpRequest, position_id: int) -> HttpResponse:
    position = _position(request, position_id)
    initial = {f: getattr(position, f) for f in services.POSITION_FIELDS}
    form = PositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_position(position, acting_user=request.user, **form.cleaned_data)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已保存岗位：%(name)s") % {"name": position.name})
            return redirect("settings:positions")
    return render(request, "org/position_edit.html", {"position": position, "form": form},
                  status=400 if form.errors else 200)
