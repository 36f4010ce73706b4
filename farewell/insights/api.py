"""/api/employees/<code>/profile/ (员工画像: what the employee page's profile panel shows) and
/api/flags/ (预警) with its XLSX export — under insights.view, scoped like the pages."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.db.models.manager import BaseManager
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field
from rest_framework import generics, serializers
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.api import XLSX_RESPONSES, CappedPageNumberPagination, XlsxRenderer, ui_download
from farewell.org.filters import units_for
from farewell.org.models import Employee
from farewell.records.api import RECORD_VIEWS

from . import views
from .models import Flag, RuleCode
from .present import Cited, Labels, cited_records, flag_summary
from .profile import build_profile

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="the employee's UUID code")


class FlagEvidenceSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="the record's kind (reviews, metrics, training …)")
    id = serializers.IntegerField(help_text="the record's id under /api/records/<kind>/")
    label = serializers.CharField()


class FlagListSerializer(serializers.ListSerializer):
    """Flags with their evidence read for all of them at once, labelled from the facts stored with it
    (present.cited_records): a query per list, not one per kind of record (issue 14)."""

    def to_representation(self, data):
        flags = list(data.all() if isinstance(data, BaseManager) else data)
        self.child.cited = cited_records([f.pk for f in flags], Labels())
        return super().to_representation(flags)


class FlagSerializer(serializers.ModelSerializer):
    employee = serializers.UUIDField(source="employee.code", read_only=True)
    employee_number = serializers.CharField(source="employee.employee_number", read_only=True)
    employee_name = serializers.CharField(source="employee.name", read_only=True)
    rule = serializers.CharField(read_only=True)
    rule_label = serializers.CharField(source="get_rule_display", read_only=True)
    tone = serializers.CharField(read_only=True, help_text="concern, care or recognition")
    summary = serializers.SerializerMethodField(help_text="the facts the rule compared, in one sentence")
    evidence = serializers.SerializerMethodField(help_text="the records that raised the flag")

    class Meta:
        model = Flag
        fields = ["id", "employee", "employee_number", "employee_name", "rule", "rule_label", "tone", "summary",
                  "facts", "evidence", "computed_at"]
        list_serializer_class = FlagListSerializer

    def get_summary(self, flag) -> str:
        return flag_summary(flag)

    @extend_schema_field(FlagEvidenceSerializer(many=True))
    def get_evidence(self, flag):
        cited = getattr(self, "cited", None)
        if cited is None:  # one flag on its own
            cited = cited_records([flag.pk], Labels())
        return evidence_json(cited.get(flag.pk, []))


KIND_OF_MODEL = {view.spec.model._meta.model_name: kind for kind, (view, _detail) in RECORD_VIEWS.items()}


def evidence_json(cited: list[Cited]) -> list[dict]:
    """A flag's evidence as the API gives it: each record's kind under /api/records/, id and label."""
    return [{"kind": KIND_OF_MODEL.get(c.kind, c.kind), "id": c.pk, "label": c.label} for c in cited]


class FlagFilter(django_filters.FilterSet):
    rule = django_filters.ChoiceFilter(choices=RuleCode.choices)
    tone = django_filters.CharFilter()
    employee = django_filters.UUIDFilter(field_name="employee__code", label="the employee's UUID code")
    org_unit = django_filters.NumberFilter(method="filter_unit", label="org unit id (its whole subtree)")

    class Meta:
        model = Flag
        fields = ["rule", "tone", "employee", "org_unit"]

    def filter_unit(self, queryset, name, value):
        unit = units_for(self.request.user).filter(pk=value).only("pk", "path", "company_id").first()
        if unit is None:
            return queryset.none()
        return queryset.filter(employee__org_unit__path__startswith=unit.path, employee__company_id=unit.company_id)


def _employees_prefetch() -> Prefetch:
    return Prefetch("employee", queryset=Employee.objects.only("pk", "code", "name", "employee_number"))


@extend_schema(tags=["insights"], summary="Flags (预警) in your scope, each with its facts and records")
class FlagList(generics.ListAPIView):
    permission_classes = [policy_permission("insights.view")]
    serializer_class = FlagSerializer
    filterset_class = FlagFilter
    pagination_class = CappedPageNumberPagination

    def get_queryset(self):
        user = self.request.user
        companies = policy.whole_companies(user, "insights.view")
        scoped = (Flag.objects.filter(company_id__in=companies) if companies
                  else Flag.objects.filter(employee__in=policy.employees_for(user, "insights.view")))
        # The list page's order and prefetches (views.flag_list: the index walks (rule, employee)).
        return scoped.order_by("rule", "employee_id").prefetch_related(_employees_prefetch())


@extend_schema(tags=["exports"], summary="The flags list as XLSX (the page's filters: rule, unit)",
               parameters=[OpenApiParameter("rule", str), OpenApiParameter("unit", int, description="org unit id")],
               responses=XLSX_RESPONSES)
class FlagExport(APIView):
    permission_classes = [policy_permission("insights.view")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    def get(self, request):
        return ui_download(views.flag_export, request)


def _records(kind: str, rows: list, employee: Employee) -> list:
    serializer = RECORD_VIEWS[kind][0].serializer_class
    for row in rows:
        # The serializer prints the employee's code and number: the profile's employee, not a query per
        # row reading the whole person (issue 14).
        row.employee = employee
    return serializer(rows, many=True).data


def profile_data(employee: Employee) -> dict:
    """build_profile's content as JSON: the numbers of every panel table and chart."""
    profile = build_profile(employee, today=timezone.localdate())
    perf = profile["performance"]
    return {
        "employee": {"code": str(employee.code), "employee_number": employee.employee_number, "name": employee.name},
        "tenure": profile["tenure"],
        "performance": {
            "period_kind": perf["kind"],
            "trend": [{"period": row["label"], "id": row["record"].pk, "score": _s(row["record"].score),
                       "kpi_completion": _s(row["record"].kpi_completion), "unit_average": _s(row["average"]),
                       "unit_average_kpi": _s(row["average_kpi"]), "unit_count": row["count"]}
                      for row in perf["rows"]],
            "records": _records("reviews", perf["all"], employee),
        },
        "feedback360": {
            "latest_by_dimension": [{"dimension": r["dimension"], "first": _s(r["first"]), "latest": _s(r["latest"]),
                                     "unit_average": _s(r["department"])} for r in profile["feedback"]["rows"]],
            "records": _records("feedback360", profile["feedback"]["all"], employee),
        },
        "values": _records("values", profile["values"]["all"], employee),
        "surveys": _records("surveys", profile["surveys"]["all"], employee),
        "attendance": _records("metrics", profile["attendance"]["all"], employee),
        "training": {"counts": [{"status": str(label), "count": n} for label, n in profile["training"]["counts"]],
                     "records": _records("training", profile["training"]["all"], employee)},
        "rewards": _records("rewards", profile["sanctions"]["all"], employee),
        "contributions": _records("contributions", profile["contributions"]["all"], employee),
        "commitments": [{**_records("commitments", [c["record"]], employee)[0], "related": [label for label, _a in c["related"]]}
                        for c in profile["commitments"]],
        "flags": [{"rule": f["flag"].rule, "rule_label": str(f["flag"].get_rule_display()), "tone": f["flag"].tone,
                   "summary": f["summary"], "facts": f["flag"].facts, "evidence": evidence_json(f["cited"])}
                  for f in profile["flags"]],
        "charts": profile["charts"],
    }


def _s(value) -> str | None:
    return None if value is None else str(value)


@extend_schema(tags=["insights"], parameters=[CODE], responses={200: OpenApiTypes.OBJECT},
               summary="The profile (员工画像) the employee page shows: records by kind with the unit's averages, "
                       "flags with their records, the charts' data")
class EmployeeProfile(APIView):
    permission_classes = [policy_permission("insights.view")]

    def get(self, request, code):
        employee = policy.get_employee_for_user(
            request.user, code, "insights.view",
            queryset=Employee.objects.select_related("org_unit", "company").defer("id_number", "bank_account"))
        return Response(profile_data(employee))


@extend_schema(tags=["insights"], parameters=[CODE], summary="One employee's flags, each with its records",
               responses=FlagSerializer(many=True))
class EmployeeFlags(APIView):
    permission_classes = [policy_permission("insights.view")]

    def get(self, request, code):
        employee = policy.get_employee_for_user(request.user, code, "insights.view",
                                                queryset=Employee.objects.defer("id_number", "bank_account"))
        flags = Flag.objects.filter(employee=employee).order_by("rule").prefetch_related(_employees_prefetch())
        return Response(FlagSerializer(flags, many=True).data)

