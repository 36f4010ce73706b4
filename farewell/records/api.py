"""POST /api/import/<kind>/: the write API for people facts and records — a bulk upsert keyed by
工号 (or the kind's natural key) through the same importer as a file, so an HR system can sync
nightly: idempotent (the same rows again change nothing), all or nothing, errors naming the row
(counted from 1) and the field, the same policy and scope as an upload, a ledger entry per
committed call."""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiExample, extend_schema, inline_serializer
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.org.models import Company

from .importers import SPECS, ImportSource, run_import
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
                "warnings": report.warnings}
        return Response(body, status=status.HTTP_200_OK if report.ok else status.HTTP_400_BAD_REQUEST)
