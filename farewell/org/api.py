"""/api/employees/ and /api/org-units/: read-only, scoped by accounts.policy."""

from __future__ import annotations

import django_filters
from django.db import connection
from django.db.models import F, Prefetch, QuerySet
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics
from rest_framework.renderers import JSONRenderer
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.api import XLSX_RESPONSES, XlsxRenderer, ui_download
from farewell.common.numbers import INTEGER_MAX

from . import views
from .models import Employee, EmployeeStatus, OrgUnit, Position, StatusPeriod, WageMonth
from .search import name_or_number_q
from .serializers import EmployeeDetailSerializer, EmployeeListSerializer, OrgUnitSerializer
from .subtree import unit_subtree_q

# Never loaded by a list or a profile: read through accounts.services.read_sensitive.
SENSITIVE_EMPLOYEE_FIELDS = ("id_number", "id_number_index", "bank_account")


def _company_ids(request) -> list[int]:
    """Companies the user holds any grant in (the choices of the unit and position filters)."""
    if not request or not request.user.is_authenticated:
        return []
    # policy caches the grants on the user: no extra query.
    return sorted({company_id for _role, company_id, _path in policy._grants(request.user)})


def _units(request) -> QuerySet:
    return OrgUnit.objects.filter(company_id__in=_company_ids(request))


def _positions(request) -> QuerySet:
    return Position.objects.filter(company_id__in=_company_ids(request))


class EmployeeFilter(django_filters.FilterSet):
    org_unit = django_filters.ModelChoiceFilter(
        queryset=_units, method="filter_subtree", label="org unit id (its whole subtree)"
    )
    status = django_filters.ChoiceFilter(choices=EmployeeStatus.choices)
    position = django_filters.ModelChoiceFilter(queryset=_positions)
    hired_from = django_filters.DateFilter(field_name="hire_date", lookup_expr="gte")
    hired_to = django_filters.DateFilter(field_name="hire_date", lookup_expr="lte")
    search = django_filters.CharFilter(method="filter_search", label="name or employee number")
    # Bounded: a number past the database's integers is a 400, not a failed query (a 500).
    company = django_filters.NumberFilter(field_name="company_id", label="company id (see GET /api/me/)",
                                          min_value=0, max_value=INTEGER_MAX)

    class Meta:
        model = Employee
        fields = ["org_unit", "status", "position", "hired_from", "hired_to", "search", "company"]

    def filter_subtree(self, queryset, name, unit):
        # The materialised path makes a subtree one prefix (index on OrgUnit.path).
        return queryset.filter(unit_subtree_q(unit))  # the company alone for its only root

    def filter_search(self, queryset, name, value):
        value = value.strip()
        if not value:
            return queryset
        return queryset.filter(name_or_number_q(value, connection.vendor))


@extend_schema(tags=["employees"], summary="Employees in the user's scope")
class EmployeeList(generics.ListAPIView):
    permission_classes = [policy_permission("employee.list")]
    serializer_class = EmployeeListSerializer
    filterset_class = EmployeeFilter

    def get_queryset(self):
        return (
            policy.employees_for(self.request.user, "employee.list")
            .defer(*SENSITIVE_EMPLOYEE_FIELDS)
            .select_related("org_unit", "position")
            .annotate(manager_code=F("manager__code"))
            .order_by("employee_number", "pk")
        )


@extend_schema(
    tags=["employees"],
    summary="One employee: contracts, the last 12 wage months, protected-period dates, tenure",
    parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH, description="the employee's UUID code")],
)
class EmployeeDetail(generics.RetrieveAPIView):
    permission_classes = [policy_permission("employee.view")]
    serializer_class = EmployeeDetailSerializer
    lookup_field = "code"

    def get_object(self):
        queryset = (
            Employee.objects.defer(*SENSITIVE_EMPLOYEE_FIELDS)
            .select_related("company", "org_unit", "position")
            .annotate(manager_code=F("manager__code"))
            .prefetch_related(
                "contracts",
                # Only the dates and the flag: kind and notes stay encrypted and unread.
                Prefetch(
                    "status_periods",
                    queryset=StatusPeriod.objects.only(
                        "id", "employee_id", "start_date", "end_date", "protected"
                    ),
                ),
                Prefetch("wages", queryset=WageMonth.objects.order_by("-month")[:12], to_attr="recent_wages"),
            )
        )
        # 404 outside the user's scope, 403 in scope but not allowed.
        return policy.get_employee_for_user(self.request.user, self.kwargs["code"], "employee.view", queryset)


@extend_schema(tags=["org"], summary="Org units of the user's companies")
class OrgUnitList(generics.ListAPIView):
    permission_classes = [policy_permission("org.view")]
    serializer_class = OrgUnitSerializer
    filterset_class = None

    def get_queryset(self):
        return _units(self.request).order_by("company_id", "path")


@extend_schema(tags=["exports"], responses=XLSX_RESPONSES,
               parameters=[OpenApiParameter(n, str) for n in ("q", "org_unit", "status", "position")],
               summary="The employee list as XLSX (the list's filters, the export scope, no sensitive fields)")
class EmployeeExport(APIView):
    permission_classes = [policy_permission("employee.export")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    def get(self, request):
        return ui_download(views.employee_export, request)
