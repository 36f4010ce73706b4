"""The employee list's search and filters, their choices limited to the user's scope."""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import reduce
from operator import or_

import django_filters
from django import forms
from django.db import connection
from django.db.models import Q, QuerySet
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from farewell.accounts import policy
from farewell.common.fields import blind_index
from farewell.common.prepared import INT_MARKS, Prepared
from farewell.common.widgets import LeanChoiceField, LeanDateInput, LeanSelect, LeanTextInput

from .models import EmployeeStatus, OrgUnit, Position
from .search import name_or_number_q
from .subtree import unit_subtree_q
from .unit_picker import ShowsCleanedUnit, UnitPickerWidget

# A resident identity card number: 18 characters (the last may be X), or the old 15 digits.
ID_NUMBER_RE = re.compile(r"^(\d{17}[\dXx]|\d{15})$")


@dataclass(frozen=True)
class UnitScope:
    """The org units a user may filter the lists by (`units_for`), as far as the request's grants tell:
    the granted subtrees as (company id, path prefix; "" for the whole company), and whether a manager's
    reports add the units they sit in (which only a query can tell)."""

    subtrees: tuple[tuple[int, str], ...]
    reports_of: object | None  # the user whose reports' units count, or None

    def holds(self, unit: OrgUnit) -> bool | None:
        """True when a grant covers `unit`; None when only the query can tell (a manager's reports)."""
        if any(unit.company_id == company_id and unit.path.startswith(path) for company_id, path in self.subtrees):
            return True
        return None if self.reports_of is not None else False

    def units(self) -> QuerySet[OrgUnit]:
        parts = [Q(company_id=company_id) & Q(path__startswith=path) if path else Q(company_id=company_id)
                 for company_id, path in self.subtrees]
        if self.reports_of is not None:
            parts.append(Q(pk__in=policy.employees_for(self.reports_of, "employee.list").values("org_unit_id")))
        if not parts:
            return OrgUnit.objects.none()
        return OrgUnit.objects.filter(reduce(or_, parts)).order_by("path")


def unit_scope(user) -> UnitScope:
    """The subtrees of the user's grants, and for a manager the units their reports sit in; from the
    grants the request has already read for the policy (no query of its own: issue 14)."""
    subtrees, reports_of = [], None
    for role, company_id, unit_path in policy.grants(user):
        if role not in policy.ACTIONS["employee.list"]:
            continue
        if role in policy.UNIT_SCOPED:
            subtrees.append((company_id, unit_path or ""))
        else:
            reports_of = user
    return UnitScope(tuple(subtrees), reports_of)


def units_for(user) -> QuerySet[OrgUnit]:
    """The org units a user may filter the employee list by: the subtrees of their grants,
    and for a manager the units their reports sit in."""
    return unit_scope(user).units()


def position_companies(user) -> list[int]:
    """The companies in which the user may list employees (the request's grants, no query)."""
    return sorted({company_id for role, company_id, _path in policy.grants(user)
                   if role in policy.ACTIONS["employee.list"]})


def positions_for(user) -> QuerySet[Position]:
    """The positions of the companies in which the user may list employees."""
    return _positions_of(position_companies(user))


def _positions_of(companies: list[int]) -> QuerySet[Position]:
    if not companies:
        return Position.objects.none()
    return Position.objects.filter(company_id__in=companies).order_by("name")


# The position options of one, two or three companies, compiled once per process (common/prepared.py):
# building and compiling the query was ~0.5 ms of CPU on every list page (issue 14).
_POSITION_OPTIONS = {
    count: Prepared(lambda *companies: _positions_of(list(companies)).values_list("pk", "name"),
                    marks=INT_MARKS[:count])
    for count in range(1, len(INT_MARKS) + 1)
}


class NamedChoiceIterator(django_filters.fields.ModelChoiceIterator):
    """The options as (pk, name) read straight from the database: no model instance per option."""

    def __init__(self, field, *args):
        self.field = field  # the queryset is the field's, built only if asked for (NamedChoiceField)

    @property
    def queryset(self):
        return self.field.queryset

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        if self.field.options is not None:  # read with the page's rows (options_read)
            yield from self.field.options
            return
        read = self.field.options_read()
        yield from read[0](*read[1]) if read is not None else self.queryset.values_list("pk", "name")


class NamedChoiceField(django_filters.fields.ModelChoiceField):
    """A choice among `queryset` (the user's scope), listed by name; validating a choice is one query.
    `limit_to_companies(companies)`: the positions of those companies, the options read with a query
    compiled once per process, the queryset built only to validate a choice."""

    iterator = NamedChoiceIterator
    companies: list[int] | None = None
    options: list | None = None  # the (pk, name) options, when the page read them with its own rows

    def limit_to_companies(self, companies: list[int]) -> None:
        self.companies = companies
        self._queryset = None

    def options_read(self) -> tuple | None:
        """The options' query and its values (Prepared, companies), for a page that reads them in its own
        round trip (common/prepared.run_together) and hands the rows to `options`; None when the options
        come from a queryset."""
        companies = self.companies
        prepared = _POSITION_OPTIONS.get(len(companies)) if companies is not None else None
        return None if prepared is None else (prepared, tuple(companies))

    @property
    def queryset(self):
        if self._queryset is None and self.companies is not None:
            self._queryset = _positions_of(self.companies)
        return self._queryset

    @queryset.setter
    def queryset(self, queryset):
        self.companies = None
        forms.ModelChoiceField.queryset.fset(self, queryset)


class UnitChoiceField(ShowsCleanedUnit, forms.ModelChoiceField):
    def label_from_instance(self, obj: OrgUnit) -> str:
        # Indent by depth so the select reads as a tree.
        return "\u3000" * obj.depth + obj.name


class EmployeeFilterForm(forms.Form):
    """The list's search and filters; the choices limited to the user's scope (`user`)."""

    q = forms.CharField(
        label=_("搜索"),
        required=False,
        widget=LeanTextInput(
            attrs={"class": "form-control", "placeholder": _("姓名、工号或身份证号"), "type": "search"}
        ),
    )
    org_unit = UnitChoiceField(
        label=_("部门"),
        queryset=OrgUnit.objects.none(),
        required=False,
        empty_label=_("全部部门"),
        # Loaded on demand (unit_picker.py): the page never renders the whole tree.
        widget=UnitPickerWidget(small=False),  # as tall as the selects beside it
    )
    status = LeanChoiceField(
        label=_("状态"),
        required=False,
        choices=[("", _("全部状态")), *EmployeeStatus.choices],
        widget=LeanSelect(attrs={"class": "form-select"}),
    )
    position = NamedChoiceField(
        label=_("岗位"),
        queryset=Position.objects.none(),
        required=False,
        empty_label=_("全部岗位"),
        widget=LeanSelect(attrs={"class": "form-select"}),
    )
    hired_from = forms.DateField(
        label=_("入职日期从"),
        required=False,
        widget=LeanDateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}),
    )
    hired_to = forms.DateField(
        label=_("入职日期至"),
        required=False,
        widget=LeanDateInput(format="%Y-%m-%d", attrs={"class": "form-control", "type": "date"}),
    )

    def __init__(self, data=None, *, user=None):
        super().__init__(data)
        if user:
            self.fields["org_unit"].limit_to(unit_scope(user))  # the chosen unit checked against the grants
        else:
            self.fields["org_unit"].queryset = OrgUnit.objects.none()
        if user:
            self.fields["position"].limit_to_companies(position_companies(user))
        else:
            self.fields["position"].queryset = Position.objects.none()


class EmployeeFilter:
    """The employee list's search and filters over `queryset` (the list and its export): `form`, and
    `qs`, the rows the valid filters select. A plain Django form: django-filter's FilterSet built a form
    class and deep-copied its filters on every request, a tenth of the list's CPU (issue 14)."""

    def __init__(self, data=None, queryset=None, *, request=None):
        self.is_bound = data is not None
        self.queryset = queryset
        self.form = EmployeeFilterForm(data, user=request.user if request is not None else None)

    def is_valid(self) -> bool:
        return self.form.is_valid()

    @cached_property
    def conditions(self) -> list[Q]:
        """The valid filters' conditions, each one `.filter()` of `qs` (the list compiles their shape once,
        org/shapes.py)."""
        if not self.is_bound:
            return []
        self.form.is_valid()  # the fields that are valid filter, as django-filter did; the views show none
        c = self.form.cleaned_data
        conditions = []
        if c.get("q") and (search := self.search_q(c["q"])) is not None:
            conditions.append(search)
        if c.get("org_unit") is not None:
            conditions.append(unit_subtree_q(c["org_unit"]))
        if c.get("status"):
            conditions.append(Q(status=c["status"]))
        if c.get("position") is not None:
            conditions.append(Q(position=c["position"].pk))
        if c.get("hired_from") is not None:
            conditions.append(Q(hire_date__gte=c["hired_from"]))
        if c.get("hired_to") is not None:
            conditions.append(Q(hire_date__lte=c["hired_to"]))
        return conditions

    @cached_property
    def qs(self) -> QuerySet:
        qs = self.queryset.all()
        for condition in self.conditions:
            qs = qs.filter(condition)
        return qs

    @staticmethod
    def search_q(value: str) -> Q | None:
        value = value.strip()
        if not value:
            return None
        if ID_NUMBER_RE.match(value):
            # The ID number is encrypted: exact match through its blind index only.
            return Q(id_number_index=blind_index(value))
        return name_or_number_q(value, connection.vendor)
