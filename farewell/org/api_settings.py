"""/api/settings/holidays/ (节假日), /api/settings/local-wages/ (当地工资标准) and one org unit
(/api/org-units/{id}/: its head, deleting it) — the same forms, services and policy as
views_holidays.py, views_settings.py and views_tree.py.

The holiday table and the local wage figures hold for every company of the installation (the
engine's calendar and wage table), under settings.manage like their pages. A unit belongs to a
company: the helper of the org page (views_tree._unit) answers 404 outside the admin's companies
and units and 403 to an HR admin who is not the whole company's.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.shortcuts import get_object_or_404
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.api import as_drf, form_errors
from farewell.common.numbers import whole_number

from . import holidays, services, wages
from .forms import UnitHeadForm
from .forms_holidays import HolidayForm
from .forms_settings import LocalWageFigureForm
from .models import Company, EmployeeStatus, Holiday, LocalWageFigure
from .views_tree import _unit

MANAGE = "settings.manage"
ID = OpenApiParameter("id", int, OpenApiParameter.PATH)


class Conflict(serializers.ValidationError):
    status_code = status.HTTP_409_CONFLICT


def _form_data(data, fields) -> dict:
    return {k: ("" if data.get(k) is None else data.get(k)) for k in fields if k in data}


# --- holidays --------------------------------------------------------------------------------


class HolidaySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="holiday (a day off), workday (an adjusted working day) or inlieu "
                                 "(a day off in lieu of an adjusted working day: off, not a paid day)")

    class Meta:
        model = Holiday
        fields = ["id", "day", "kind", "notice", "updated_at"]
        read_only_fields = ["id", "updated_at"]


class HolidayYearSerializer(serializers.Serializer):
    year = serializers.IntegerField()
    known = serializers.BooleanField(help_text="the calendar knows this year's schedule (no Monday–Friday warning)")
    rows = serializers.IntegerField(help_text="days the table adds for the year")


class HolidayTableSerializer(serializers.Serializer):
    years = HolidayYearSerializer(many=True)
    results = HolidaySerializer(many=True)


@extend_schema(tags=["settings"])
class HolidayList(APIView):
    """The holiday table (the State Council's notices beyond the shipped calendar) and the years it
    makes known; POST adds a day. A whole notice is imported with POST /api/import/holidays/ (or the
    import jobs), the same importer as the page's 导入 button."""

    permission_classes = [policy_permission(MANAGE)]

    @extend_schema(parameters=[OpenApiParameter("year", int)], responses=HolidayTableSerializer,
                   operation_id="settings_holidays_list")
    def get(self, request):
        rows = Holiday.objects.order_by("day")
        year = request.query_params.get("year", "")
        if year:
            if not whole_number(year, most=9999):
                raise serializers.ValidationError({"year": ["a year, e.g. 2027"]})
            rows = rows.filter(day__year=whole_number(year))
        return Response({"years": holidays.year_summary(around=timezone.localdate().year),
                         "results": HolidaySerializer(rows, many=True).data})

    @extend_schema(request=HolidaySerializer, responses={201: HolidaySerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        form = HolidayForm(_form_data(request.data, ("day", "kind", "notice")))
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        holiday = holidays.add_holiday(day=c["day"], kind=c["kind"], notice=c["notice"], acting_user=request.user)
        return Response(HolidaySerializer(holiday).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["settings"], parameters=[ID])
class HolidayDetail(APIView):
    """One day of the table: PUT corrects it (the ledger keeps the old values), DELETE removes it."""

    permission_classes = [policy_permission(MANAGE)]

    @extend_schema(responses=HolidaySerializer)
    def get(self, request, pk):
        return Response(HolidaySerializer(get_object_or_404(Holiday, pk=pk)).data)

    @extend_schema(request=HolidaySerializer, responses={200: HolidaySerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request, pk):
        holiday = get_object_or_404(Holiday, pk=pk)
        data = {"day": holiday.day, "kind": holiday.kind, "notice": holiday.notice}
        data.update(_form_data(request.data, ("day", "kind", "notice")))
        form = HolidayForm(data, instance=Holiday.objects.get(pk=holiday.pk))
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        holidays.change_holiday(holiday, day=c["day"], kind=c["kind"], notice=c["notice"], acting_user=request.user)
        return Response(HolidaySerializer(holiday).data)

    @extend_schema(request=None, responses={204: None})
    def delete(self, request, pk):
        holidays.delete_holiday(get_object_or_404(Holiday, pk=pk), acting_user=request.user)
        return Response(status=status.HTTP_204_NO_CONTENT)


# --- local wage figures ----------------------------------------------------------------------


class LocalWageSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(help_text="average (上年度职工月平均工资, by statistical year) or minimum "
                                           "(最低工资标准, from effective_from)")

    class Meta:
        model = LocalWageFigure
        fields = ["id", "city", "kind", "year", "effective_from", "amount", "source", "created_at"]
        read_only_fields = ["id", "created_at"]


class FigureInUseSerializer(serializers.Serializer):
    company = serializers.IntegerField()
    city = serializers.CharField()
    figures = serializers.DictField(allow_null=True, help_text="what the engine uses for the company's city today "
                                                             "(null: a city the table does not know)")


class LocalWageTableSerializer(serializers.Serializer):
    in_use = FigureInUseSerializer(many=True)
    results = LocalWageSerializer(many=True)


FIGURE_FIELDS = ("city", "kind", "year", "effective_from", "amount", "source")


@extend_schema(tags=["settings"])
class LocalWageList(APIView):
    """The local wage figures HR admins added or corrected (beyond the shipped table), and what the
    engine uses for each of your companies today; POST adds one."""

    permission_classes = [policy_permission(MANAGE)]

    @extend_schema(responses=LocalWageTableSerializer, operation_id="settings_local_wages_list")
    def get(self, request):
        today = timezone.localdate()
        table = wages.wage_table()
        in_use = [{"company": c.pk, "city": c.city, "figures": _jsonable(table.lookup(c.city, today))}
                  for c in Company.objects.filter(id__in=policy.company_ids(request.user)).order_by("name")]
        return Response({"in_use": in_use,
                         "results": LocalWageSerializer(LocalWageFigure.objects.all(), many=True).data})

    @extend_schema(request=LocalWageSerializer, responses={201: LocalWageSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        form = LocalWageFigureForm(_form_data(request.data, FIGURE_FIELDS))
        if not form.is_valid():
            raise form_errors(form)
        figure = wages.save_figure(form, acting_user=request.user)
        return Response(LocalWageSerializer(figure).data, status=status.HTTP_201_CREATED)


def _jsonable(value):
    """The wage table's lookup (dataclasses, Decimals, dates) as plain JSON values."""
    import dataclasses
    import datetime as dt
    from decimal import Decimal

    if dataclasses.is_dataclass(value):
        value = dataclasses.asdict(value)
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, Decimal):
        return str(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


@extend_schema(tags=["settings"], parameters=[ID])
class LocalWageDetail(APIView):
    """One figure; PUT corrects it (a seeded one too), the ledger keeping the old values beside the new."""

    permission_classes = [policy_permission(MANAGE)]

    @extend_schema(responses=LocalWageSerializer)
    def get(self, request, pk):
        return Response(LocalWageSerializer(get_object_or_404(LocalWageFigure, pk=pk)).data)

    @extend_schema(request=LocalWageSerializer, responses={200: LocalWageSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request, pk):
        figure = get_object_or_404(LocalWageFigure, pk=pk)
        data = {f: getattr(figure, f) for f in FIGURE_FIELDS}
        data = {k: ("" if v is None else v) for k, v in data.items()}
        data.update(_form_data(request.data, FIGURE_FIELDS))
        form = LocalWageFigureForm(data, instance=figure)
        if not form.is_valid():
            raise form_errors(form)
        return Response(LocalWageSerializer(wages.save_figure(form, acting_user=request.user)).data)


# --- one org unit: its head, deleting it -----------------------------------------------------


class UnitDetailSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    company = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField()
    parent = serializers.IntegerField(allow_null=True)
    path = serializers.CharField()
    head = serializers.CharField(allow_null=True, help_text="the head's 工号")
    head_name = serializers.CharField(allow_null=True)
    children = serializers.IntegerField(help_text="sub-units")
    members = serializers.IntegerField(help_text="people in the unit, not separated")


def _unit_data(unit) -> dict:
    head = unit.head
    return {"id": unit.pk, "company": unit.company_id, "code": unit.code, "name": unit.name,
            "parent": unit.parent_id, "path": unit.path, "head": head.employee_number if head else None,
            "head_name": head.name if head else None, "children": unit.children.count(),
            "members": unit.employees.exclude(status=EmployeeStatus.SEPARATED).count()}


@extend_schema(tags=["org"], parameters=[ID])
class OrgUnitDetail(APIView):
    """One unit of your company (the HR admin of the whole company); DELETE removes an empty one (a
    unit with people, sub-units or role grants is refused: 409 with the reason)."""

    permission_classes = [policy_permission("org.manage")]

    @extend_schema(responses=UnitDetailSerializer)
    def get(self, request, pk):
        return Response(_unit_data(_unit(request, pk)))

    @extend_schema(request=None, responses={204: None, 409: OpenApiResponse(OpenApiTypes.OBJECT,
                                                                            description="not empty: why")})
    def delete(self, request, pk):
        unit = _unit(request, pk)
        try:
            services.delete_unit(unit, acting_user=request.user)
        except ValidationError as exc:
            raise Conflict({"detail": " ".join(exc.messages)}) from None
        return Response(status=status.HTTP_204_NO_CONTENT)


class UnitHeadSerializer(serializers.Serializer):
    head = serializers.CharField(allow_blank=True, allow_null=True,
                                 help_text="工号 of an employee of the same company; blank or null: no head")


@extend_schema(tags=["org"], parameters=[ID], request=UnitHeadSerializer,
               responses={200: UnitDetailSerializer, 400: OpenApiTypes.OBJECT},
               summary="Set (or clear) a unit's head (负责人)")
class OrgUnitHead(APIView):
    permission_classes = [policy_permission("org.manage")]

    def post(self, request, pk):
        unit = _unit(request, pk)
        body = UnitHeadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = UnitHeadForm({"head": body.validated_data["head"] or ""}, unit=unit)
        if not form.is_valid():
            raise form_errors(form)
        try:
            services.set_unit_head(unit, form.cleaned_data["head"], acting_user=request.user)
        except ValidationError as exc:
            raise as_drf(exc) from None
        return Response(_unit_data(_unit(request, pk)))
