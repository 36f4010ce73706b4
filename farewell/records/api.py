"""POST /api/import/<kind>/: the write API for people facts and records — a bulk upsert keyed by
工号 (or the kind's natural key) through the same importer as a file, so an HR system can sync
nightly: idempotent (the same rows again change nothing), all or nothing, errors naming the row
(counted from 1) and the field, the same policy and scope as an upload, a ledger entry per
committed call."""

from __future__ import annotations

import django_filters
from django.db import models
from django.db.models import QuerySet
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema, extend_schema_field, inline_serializer
from rest_framework import filters, generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.api import NON_FIELD, CappedPageNumberPagination
from farewell.org.models import Company, Employee, OrgUnit

from . import periods
from .importers import RECORD_SPECS, SPECS, ImportSource, ImportSpec, RowError, export_rows, run_import
from .tables import RowsTable, TableError

MAX_ROWS = 50_000


class ImportRequest(serializers.Serializer):
    company = serializers.CharField(
        required=False, help_text="统一社会信用代码 or company code (UUID); optional when you hold grants in one company")
    dry_run = serializers.BooleanField(default=False, help_text="validate only, write nothing")
    rows = serializers.ListField(
        child=serializers.DictField(), allow_empty=False, max_length=MAX_ROWS,
        help_text="objects keyed by the template's column headers (工号, 姓名 …, aliases accepted) or field names",
    )


ImportResponse = inline_serializer("ImportResult", {
    "kind": serializers.CharField(), "total": serializers.IntegerField(), "created": serializers.IntegerField(),
    "updated": serializers.IntegerField(), "unchanged": serializers.IntegerField(),
    "bad_rows": serializers.IntegerField(), "dry_run": serializers.BooleanField(),
    "committed": serializers.BooleanField(), "summary": serializers.CharField(),
    "errors": serializers.ListField(child=serializers.CharField()),
    "warnings": serializers.ListField(child=serializers.CharField()),
    "field_errors": serializers.ListField(child=inline_serializer("RowFieldError", {
        "row": serializers.IntegerField(), "field": serializers.CharField(), "column": serializers.CharField(),
        "message": serializers.CharField()}), help_text="each row error with the field it names"),
})


def _company(user, value: str | None) -> Company:
    """A company the user may import into: by credit code or code, or the only one they have."""
    allowed = Company.objects.filter(pk__in=policy.company_ids(user))
    if not value:
        companies = list(allowed[:2])
        if len(companies) != 1:
            raise serializers.ValidationError({"company": [_("请指定公司（统一社会信用代码或编码）")]})
        return companies[0]
    company = allowed.filter(credit_code=value).first()
    if company is None:
        try:
            company = allowed.filter(code=value).first()
        except Exception:  # noqa: BLE001 - a value that is not a UUID is simply not a code
            company = None
    if company is None:
        raise serializers.ValidationError({"company": [_("找不到公司：%(v)s") % {"v": value[:50]}]})
    return company


class ImportRows(APIView):
    """Upsert rows of one kind (org_units, positions, employees, contracts, wages, status_periods,
    or a record kind) for a company."""

    permission_classes = [policy_permission("records.import")]

    @extend_schema(
        request=ImportRequest, responses={200: ImportResponse, 400: ImportResponse},
        examples=[OpenApiExample("employees", request_only=True, value={
            "company": "91310000MA1FL0000X", "rows": [
                {"工号": "E000123", "姓名": "张三", "性别": "男", "出生日期": "1990-05-12", "入职日期": "2020-03-02",
                 "部门": "总部/销售部", "直接上级工号": "E000001"}]})],
    )
    def post(self, request, kind: str):
        spec = SPECS.get(kind)
        if spec is None:
            raise Http404
        if not policy.allows(request.user, spec.action):
            return Response({"detail": _("您无权导入此类数据")}, status=status.HTTP_403_FORBIDDEN)
        data = ImportRequest(data=request.data)
        data.is_valid(raise_exception=True)
        company = _company(request.user, data.validated_data.get("company"))
        try:
            table = RowsTable(data.validated_data["rows"])
        except TableError as exc:
            raise serializers.ValidationError({"rows": [str(exc)]}) from None
        report = run_import(spec, table, company=company, user=request.user,
                            dry_run=data.validated_data["dry_run"],
                            source=ImportSource(f"api:{kind}", ""))
        body = {**report.as_dict(), "summary": report.summary(), "errors": report.errors,
                "warnings": report.warnings, "field_errors": field_error_rows(spec, report)}
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)


# --- the records of each kind: list, one, create and update by the import rules ------------------
#
# The list and the detail read; a create or an update is one row through run_import (the same
# parsers, scope, natural key, correction rule for 奖惩 and ledger entry as a file): nothing here
# validates a value itself.

OPTIONS = ("company", "dry_run", "allow_corrections")


def date_field(spec: ImportSpec) -> str:
    """The field a kind's records are dated by (period, course date, …): filters and ordering."""
    if spec.periodic:
        return "period_start"
    return next(c.field for c in spec.columns if c.field in ("course_date", "date", "said_on"))


def report_field_errors(spec: ImportSpec, report) -> dict[str, list[str]]:
    """An import report's errors keyed by field name (the column's), the rest under non_field_errors."""
    by_header = {c.header: c.field for c in spec.columns}
    errors: dict[str, list[str]] = {}
    for error in report.errors:
        if isinstance(error, RowError):
            errors.setdefault(by_header.get(error.header, NON_FIELD), []).append(error.message)
        else:
            errors.setdefault(NON_FIELD, []).append(str(error))
    return errors


def field_error_rows(spec: ImportSpec, report) -> list[dict]:
    """Each row error of a bulk call as {row, field, column, message}."""
    by_header = {c.header: c.field for c in spec.columns}
    return [{"row": e.row, "field": by_header.get(e.header, NON_FIELD), "column": e.header, "message": e.message}
            for e in report.errors if isinstance(e, RowError)]


def _record_serializer(spec: ImportSpec) -> type[serializers.ModelSerializer]:
    """A read serializer of one kind: its template's fields, choices as plain strings (their values)."""
    attrs: dict = {
        "employee": serializers.UUIDField(source="employee.code", read_only=True,
                                          help_text="the employee's UUID code"),
        "employee_number": serializers.CharField(source="employee.employee_number", read_only=True,
                                                 help_text="工号"),
    }
    fields = ["id", "employee", "employee_number"]
    for column in spec.columns:
        if column.field == "employee" or not column.written:
            continue
        fields.append(column.field)
        if column.field == "metric":
            attrs["metric"] = serializers.CharField(source="metric.code", read_only=True, help_text="指标代码")
        elif spec.model._meta.get_field(column.field).choices:
            # Plain strings: one enum per model field would collide by name in the schema.
            attrs[column.field] = serializers.CharField(read_only=True, help_text=column.header)
    if spec.periodic:
        fields += ["period_kind", "period"]
        attrs["period_kind"] = serializers.CharField(read_only=True, help_text="month, quarter or year")
        attrs["period"] = serializers.SerializerMethodField(help_text="周期 as the template writes it (2025-03, 2025-Q1, 2025)")
        attrs["get_period"] = extend_schema_field(serializers.CharField())(
            lambda self, obj: periods.label(obj.period_kind, obj.period_start))
    meta = type("Meta", (), {"model": spec.model, "fields": fields, "read_only_fields": fields})
    return type(f"{spec.model.__name__}RecordSerializer", (serializers.ModelSerializer,), {**attrs, "Meta": meta})


def _write_serializer(spec: ImportSpec) -> type[serializers.Serializer]:
    """The body of a create or an update (for the schema): the template's columns by field name."""
    attrs: dict = {}
    for column in spec.columns:
        help_text = f"{column.header}" + (f" (e.g. {column.example})" if column.example not in ("", None) else "")
        if column.field == "employee":
            help_text = "工号 (employee number)"
        attrs[column.field] = serializers.CharField(required=column.required, help_text=help_text)
    attrs["company"] = serializers.CharField(
        required=False, help_text="统一社会信用代码 or company code; optional when you hold grants in one company")
    attrs["dry_run"] = serializers.BooleanField(required=False, help_text="validate only, write nothing")
    if spec.overwrite_error:
        attrs["allow_corrections"] = serializers.BooleanField(
            required=False, help_text="allow changing a record of this kind (its old values go to the ledger)")
    return type(f"{spec.model.__name__}RecordWrite", (serializers.Serializer,), attrs)


class RecordFilter(django_filters.FilterSet):
    employee = django_filters.UUIDFilter(field_name="employee__code", label="the employee's UUID code")
    employee_number = django_filters.CharFilter(field_name="employee__employee_number", label="工号")
    org_unit = django_filters.NumberFilter(method="filter_unit", label="org unit id (its whole subtree)")
    since = django_filters.DateFilter(method="filter_since", label="dated on or after (YYYY-MM-DD)")
    until = django_filters.DateFilter(method="filter_until", label="dated on or before (YYYY-MM-DD)")

    def filter_unit(self, queryset, name, value):
        # A unit outside the user's companies filters to nothing (its name is never read back).
        unit = OrgUnit.objects.filter(pk=value, company_id__in=policy.company_ids(self.request.user)).first()
        if unit is None:
            return queryset.none()
        return queryset.filter(employee__company_id=unit.company_id, employee__org_unit__path__startswith=unit.path)

    def filter_since(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__gte": value})

    def filter_until(self, queryset, name, value):
        return queryset.filter(**{f"{self.date_field}__lte": value})


class _RecordViewMixin:
    spec: ImportSpec
    pagination_class = CappedPageNumberPagination
    filter_backends = [django_filters.rest_framework.DjangoFilterBackend, filters.OrderingFilter]

    def scoped(self, action: str = "records.view") -> QuerySet:
        model = self.spec.model
        employees = policy.employees_for(self.request.user, action).values("pk")
        qs = model.objects.filter(employee__in=employees).select_related("employee").only(
            *[f.attname for f in model._meta.concrete_fields], "employee__code", "employee__employee_number")
        if self.spec.kind == "metrics":
            qs = qs.select_related("metric").only(
                *[f.attname for f in model._meta.concrete_fields], "employee__code", "employee__employee_number",
                "metric__code")
        return qs

    def write(self, request, row: dict, company: Company, *, dry_run: bool, allow_corrections: bool):
        report = run_import(self.spec, RowsTable([row]), company=company, user=request.user, dry_run=dry_run,
                            allow_corrections=allow_corrections, source=ImportSource(f"api:{self.spec.kind}", ""))
        if not report.ok:
            raise serializers.ValidationError(report_field_errors(self.spec, report))
        return report

    def result(self, report, record) -> dict:
        body = {"result": {**report.as_dict(), "summary": report.summary(), "errors": report.errors,
                           "warnings": report.warnings, "field_errors": []}, "record": None}
        if record is not None:
            body["record"] = self.get_serializer(record).data
        return body


def _options(data: dict) -> tuple[dict, dict]:
    """(the row, the call's options) of a request body."""
    if not isinstance(data, dict):
        raise serializers.ValidationError({NON_FIELD: [_("请求体应为对象（字段: 值）")]})
    row = {k: v for k, v in data.items() if k not in OPTIONS}
    options = {k: data.get(k) for k in OPTIONS}
    for flag in ("dry_run", "allow_corrections"):
        if options[flag] not in (None, True, False):
            raise serializers.ValidationError({flag: [_("应为 true 或 false")]})
    return row, options


def make_record_views(spec: ImportSpec) -> tuple[type, type]:
    """The list/create and detail/update views of one record kind."""
    read = _record_serializer(spec)
    write = _write_serializer(spec)
    dated = date_field(spec)
    filterset = type(f"{spec.model.__name__}Filter", (RecordFilter,), {
        "date_field": dated,
        "Meta": type("Meta", (), {"model": spec.model, "fields": ["employee", "employee_number", "org_unit",
                                                                    "since", "until"]}),
    })
    tag = "records"

    def _after_write(view, request, row, company, report):
        """Read the written record back by the row's natural key (only a committed write has one)."""
        if not report.committed:
            return None
        employee = Employee.objects.filter(company=company, employee_number=str(row.get("employee", "")).strip())
        qs = view.scoped("records.import").filter(employee__in=employee.values("pk"))
        found = _match(qs, row)
        return found if found is not None or not report.created else qs.order_by("-pk").first()

    def _match(qs, row):
        # The key cells parsed with the kind's own parsers (the import has accepted them).
        cells = {}
        for field in spec.natural_key:
            if field in ("employee", "period_kind"):
                continue
            column = spec.column(field)
            raw = row.get(field)
            if field == "metric":
                cells["metric__code__iexact"] = str(raw).strip()
                continue
            try:
                if field == "period_start":
                    kind = row.get("period_kind")
                    kind = spec.column("period_kind").parse(kind) if kind not in (None, "") else None
                    cells["period_kind"], cells["period_start"] = periods.parse_period(raw, kind)
                elif raw in (None, "") or (isinstance(raw, str) and not raw.strip()):
                    blank_text = isinstance(spec.model._meta.get_field(field), models.CharField)
                    cells[field] = "" if blank_text else None
                else:
                    cells[field] = column.parse(raw)
            except ValueError:
                return None
        return qs.filter(**cells).first()

    @extend_schema(tags=[tag])
    class RecordList(_RecordViewMixin, generics.ListAPIView):
        __doc__ = f"{spec.label}: the records of the employees in your scope; create or update one by the import rules."
        permission_classes = [policy_permission("records.view")]
        serializer_class = read
        filterset_class = filterset
        ordering_fields = ["id", dated, "employee__employee_number"]
        ordering = ["id"]

        def get_queryset(self):
            return self.scoped()

        @extend_schema(
            summary=f"Create or update one {spec.kind} record by the import rules (natural key "
                    f"{'+'.join(spec.natural_key)})",
            request=write,
            responses={200: inline_serializer(f"{spec.model.__name__}RecordResult", {
                "result": ImportResponse, "record": read(allow_null=True)}),
                201: inline_serializer(f"{spec.model.__name__}RecordCreated", {
                    "result": ImportResponse, "record": read()}),
                400: OpenApiTypes.OBJECT, 403: OpenApiTypes.OBJECT},
        )
        def post(self, request):
            if not policy.allows(request.user, "records.import"):
                raise PermissionDenied(_("您无权导入此类数据"))
            row, options = _options(request.data)
            company = _company(request.user, options["company"])
            report = self.write(request, row, company, dry_run=bool(options["dry_run"]),
                                allow_corrections=bool(options["allow_corrections"]))
            record = _after_write(self, request, row, company, report)
            created = report.created and report.committed
            return Response(self.result(report, record), status=status.HTTP_201_CREATED if created else 200)

    @extend_schema(tags=[tag])
    class RecordDetail(_RecordViewMixin, generics.RetrieveAPIView):
        __doc__ = f"One {spec.label} record; PATCH changes it by the import rules (its natural key stays)."
        permission_classes = [policy_permission("records.view")]
        serializer_class = read

        def get_queryset(self):
            return self.scoped()

        @extend_schema(
            summary=f"Change one {spec.kind} record by the import rules",
            request=write,
            responses={200: inline_serializer(f"{spec.model.__name__}RecordUpdated", {
                "result": ImportResponse, "record": read()}), 400: OpenApiTypes.OBJECT,
                403: OpenApiTypes.OBJECT, 404: OpenApiTypes.OBJECT},
        )
        def patch(self, request, pk):
            record = get_object_or_404(self.scoped(), pk=pk)  # 404 outside the reader's scope
            if not self.scoped("records.import").filter(pk=record.pk).exists():
                raise PermissionDenied(_("您无权修改此记录"))
            changes, options = _options(request.data)
            current = dict(zip([c.field for c in spec.columns],
                               next(iter(export_rows(spec, spec.model.objects.filter(pk=record.pk)))), strict=True))
            row = {**current, **changes}
            key_changed = [f for f in spec.natural_key if f in changes and f != "period_kind"
                           and str(changes[f]).strip() != str(current.get(f, "")).strip()]
            if spec.periodic and "period_kind" in changes and str(changes["period_kind"]) != str(current["period_kind"]):
                key_changed.append("period_kind")
            if key_changed:
                raise serializers.ValidationError({f: [_("这是记录的识别字段，不能修改；请新建一条记录")] for f in key_changed})
            company = Company.objects.get(pk=Employee.objects.filter(pk=record.employee_id).values("company_id")[:1])
            report = self.write(request, row, company, dry_run=bool(options["dry_run"]),
                                allow_corrections=bool(options["allow_corrections"]))
            record = self.scoped().get(pk=record.pk)
            return Response(self.result(report, record))

    RecordList.__name__ = f"{spec.model.__name__}RecordList"
    RecordDetail.__name__ = f"{spec.model.__name__}RecordDetail"
    RecordList.spec = RecordDetail.spec = spec
    return RecordList, RecordDetail


RECORD_VIEWS = {kind: make_record_views(spec) for kind, spec in RECORD_SPECS.items()}
