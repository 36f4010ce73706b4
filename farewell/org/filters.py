"""The employee list's search and filters (django-filter), their choices limited to the user's scope."""

from __future__ import annotations

import re

import django_filters
from django import forms
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from farewell.accounts import policy
from farewell.accounts.models import RoleGrant
from farewell.common.fields import blind_index
from farewell.common.widgets import LeanDateInput, LeanSelect, LeanTextInput

from .models import Employee, EmployeeStatus, OrgUnit, Position
from .search import name_or_number_q
from .subtree import in_subtree_q, unit_ids_under
from .unit_picker import UnitPickerWidget

# A resident identity card number: 18 characters (the last may be X), or the old 15 digits.
ID_NUMBER_RE = re.compile(r"^(\d{17}[\dXx]|\d{15})$")


def units_for(user) -> QuerySet[OrgUnit]:
    """The org units a user may filter the employee list by: the subtrees of their grants,
    and for a manager the units their reports sit in."""
    parts: list[Q] = []
    reports_q = None
    # The grants the request has already read for the policy (no query of its own: issue 14).
    for role, company_id, unit_path in policy.grants(user):
        if role not in policy.ACTIONS["employee.list"]:
            continue
        if role in policy.UNIT_SCOPED:
            q = Q(company_id=company_id)
            if unit_path:
                q &= Q(path__startswith=unit_path)
            parts.append(q)
        else:
            reports_q = Q(pk__in=policy.employees_for(user, "employee.list").values("org_unit_id"))
    if reports_q is not None:
        parts.append(reports_q)
    if not parts:
        return OrgUnit.objects.none()
    q = parts[0]
    for part in parts[1:]:
        q |= part
    return OrgUnit.objects.filter(q).order_by("path")


def positions_for(user) -> QuerySet[Position]:
    companies = RoleGrant.objects.filter(user=user, role__in=policy.ACTIONS["employee.list"]).values("company_id")
    return Position.objects.filter(company_id__in=companies).order_by("name")


class NamedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The options as (pk, name) read straight from the database: no model instance per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        yield from self.queryset.values_list("pk", "name")


class NamedChoiceField(django_filters.fields.ModelChoiceField):
    """A choice among `queryset` (the user's scope), listed by name; validating a choice is one query."""

    iterator = NamedChoiceIterator


class NamedChoiceFilter(django_filters.ModelChoiceFilter):
    field_class = NamedChoiceField


class UnitChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        # Indent by depth so the select reads as a tree.
        return "\u3000" * obj.depth + obj.name


class UnitFilter(django_filters.ModelChoiceFilter):
    field_class = UnitChoiceField


class EmployeeFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(
        label=_("搜索"),
        method="search",
        widget=LeanTextInput(
            attrs={"class": "form-control", "placeholder": _("姓名、工号或身份证号"), "type": "search"}
        ),
    )
    org_unit = UnitFilter(
        label=_("部门"),
        queryset=OrgUnit.objects.none(),
        method="in_subtree",
        empty_label=_("全部部门"),
        # Loaded on demand (unit_picker.py): the page never renders the whole tree.
        widget=UnitPickerWidget(),
    )
    status = django_filters.ChoiceFilter(
        label=_("状态"),
        choices=EmployeeStatus.choices,
        empty_label=_("全部状态"),
        widget=LeanSelect(attrs={"class": "form-select"}),
    )
    position = NamedChoiceFilter(
        label=_("岗位"),
        queryset=Position.objects.none(),
        empty_label=_("全部岗位"),
        widget=LeanSelect(attrs={"class": "form-select"}),
    )
    hired_from = django_filters.DateFilter(
        label=_("入职日期从"),
        field_name="hire_date",
        lookup_expr="gte",
        widget=LeanDateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}),
    )
    hired_to = django_filters.DateFilter(
        label=_("入职日期至"),
        field_name="hire_date",
        lookup_expr="lte",
        widget=LeanDateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}),
    )

    class Meta:
        model = Employee
        fields = ["q", "org_unit", "status", "position", "hired_from", "hired_to"]

    def __init__(self, data=None, queryset=None, *, request=None, **kwargs):
        super().__init__(data, queryset, request=request, **kwargs)
        user = request.user if request is not None else None
        self.filters["org_unit"].queryset = units_for(user) if user else OrgUnit.objects.none()
        self.filters["position"].queryset = positions_for(user) if user else Position.objects.none()

    def search(self, queryset: QuerySet, name: str, value: str) -> QuerySet:
        value = value.strip()
        if not value:
            return queryset
        if ID_NUMBER_RE.match(value):
            # The ID number is encrypted: exact match through its blind index only.
            return queryset.filter(id_number_index=blind_index(value))
        return queryset.filter(name_or_number_q(value, connection.vendor))

    def in_subtree(self, queryset: QuerySet, name: str, value: OrgUnit | None) -> QuerySet:
        if value is None:
            return queryset
        return queryset.filter(in_subtree_q(value.company_id, unit_ids_under(value.company_id, [value.path])))
