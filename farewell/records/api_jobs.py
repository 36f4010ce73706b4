"""/api/imports/: the import job of the web flow (upload → preview and mapping → confirm →
progress), and the XLSX templates and exports of every kind — through records/import_jobs.py and
records/exports.py, the same operations the 数据导入 pages use."""

from __future__ import annotations

import io

from django.http import Http404, HttpResponse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.exceptions import MethodNotAllowed, PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.api import (
    NON_FIELD,
    XLSX_RESPONSES,
    CappedPageNumberPagination,
    XlsxRenderer,
    form_errors,
)
from farewell.common.filenames import attachment_header
from farewell.common.models import Job

from . import import_jobs
from .api import _company
from .exports import XLSX_CONTENT_TYPE, write_template
from .forms import SensitiveExportForm
from .importers import SPECS

extend_schema_field_str = extend_schema_field(OpenApiTypes.STR)
extend_schema_field_obj = extend_schema_field(OpenApiTypes.OBJECT)


class ImportColumnSerializer(serializers.Serializer):
    field = serializers.CharField(help_text="the field name (a record's, a mapping's key)")
    header = serializers.CharField(help_text="the template's header")
    required = serializers.BooleanField()


class ImportJobSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True, help_text="queued, running, done or failed")
    stage = serializers.SerializerMethodField(help_text="mapping (waiting for confirm), queued or finished")
    kind = serializers.SerializerMethodField()
    filename = serializers.SerializerMethodField()
    company = serializers.SerializerMethodField(help_text="the company id the rows go to")
    rows = serializers.SerializerMethodField(help_text="rows counted in the file (an estimate for a large XLSX)")
    columns = serializers.SerializerMethodField(help_text="the kind's columns: map each field to a file column")
    mapping = serializers.SerializerMethodField(help_text="field → index of the file's column (null: not mapped)")
    preview = serializers.SerializerMethodField(help_text="the file's headers and first rows (mapping stage)")
    progress = serializers.SerializerMethodField()
    dry_run = serializers.SerializerMethodField()
    errors = serializers.SerializerMethodField(help_text="the errors, in the request's language")

    class Meta:
        model = Job
        fields = ["code", "title", "status", "stage", "kind", "filename", "company", "rows", "columns", "mapping",
                  "preview", "progress", "dry_run", "errors", "created_at", "finished_at"]

    @extend_schema_field_str
    def get_stage(self, job) -> str:
        return job.result.get("stage", "")

    def get_kind(self, job) -> str:
        return job.result.get("kind", "")

    def get_filename(self, job) -> str:
        return job.result.get("filename", "")

    def get_company(self, job) -> int | None:
        return job.result.get("company_id")

    def get_rows(self, job) -> int | None:
        return job.result.get("rows")

    def get_dry_run(self, job) -> bool:
        return bool(job.result.get("dry_run"))

    def get_errors(self, job) -> list[str]:
        return import_jobs.job_errors(job)

    @extend_schema_field(ImportColumnSerializer(many=True))
    def get_columns(self, job):
        spec = SPECS.get(job.result.get("kind", ""))
        return [{"field": c.field, "header": c.header, "required": c.required} for c in spec.columns] if spec else []

    @extend_schema_field_obj
    def get_mapping(self, job):
        return job.result.get("mapping", {})

    @extend_schema_field_obj
    def get_preview(self, job):
        if job.result.get("stage") != "mapping":
            return None
        try:
            headers, rows = import_jobs.job_preview(job)
        except import_jobs.ImportJobError:
            return None
        return {"headers": headers, "rows": rows}

    @extend_schema_field_obj
    def get_progress(self, job):
        return import_jobs.progress(job)


def _field_error(exc: import_jobs.ImportJobError) -> serializers.ValidationError:
    return serializers.ValidationError({exc.field: [str(exc)]})


class UploadSerializer(serializers.Serializer):
    kind = serializers.CharField(help_text="the kind's code (reviews, metrics, employees …; GET /api/records/)")
    company = serializers.CharField(required=False, help_text="统一社会信用代码 or company code; optional with one company")
    file = serializers.FileField(help_text=".xlsx or .csv (UTF-8 or GB18030), up to 200 MB")


class ConfirmSerializer(serializers.Serializer):
    mapping = serializers.DictField(child=serializers.IntegerField(allow_null=True), required=False,
                                    help_text="field → column index; omitted: the mapping kept on the job")
    dry_run = serializers.BooleanField(default=False)
    allow_corrections = serializers.BooleanField(default=False, help_text="奖惩 only: allow changing records")


class MappingSerializer(serializers.Serializer):
    mapping = serializers.DictField(child=serializers.IntegerField(allow_null=True))


@extend_schema(tags=["imports"])
class ImportJobList(generics.ListAPIView):
    """Your import jobs, newest first; POST a file to start one (it waits at the mapping stage)."""

    permission_classes = [policy_permission("records.import")]
    serializer_class = ImportJobSerializer
    pagination_class = CappedPageNumberPagination
    parser_classes = [MultiPartParser, JSONParser]
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no user
            return Job.objects.none()
        return import_jobs.jobs_for(self.request.user).order_by("-created_at", "-pk")

    @extend_schema(request={"multipart/form-data": UploadSerializer},
                   responses={201: ImportJobSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        body = UploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        company = _company(request.user, body.validated_data.get("company"))
        try:
            job = import_jobs.start_job(request.user, kind=body.validated_data["kind"], company_value=str(company.pk),
                                        upload_file=body.validated_data["file"])
        except import_jobs.ImportJobError as exc:
            raise _field_error(exc) from None
        return Response(ImportJobSerializer(job).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["imports"])
class ImportJobDetail(APIView):
    """One of your import jobs: preview and mapping, then progress and the report."""

    permission_classes = [policy_permission("records.import")]

    @extend_schema(responses={200: ImportJobSerializer, 404: OpenApiTypes.OBJECT})
    def get(self, request, code):
        return Response(ImportJobSerializer(import_jobs.get_job_for_user(request.user, code)).data)

    @extend_schema(request=MappingSerializer, responses={200: ImportJobSerializer, 400: OpenApiTypes.OBJECT})
    def patch(self, request, code):
        """Change the column mapping (only at the mapping stage)."""
        job = import_jobs.get_job_for_user(request.user, code)
        body = MappingSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            import_jobs.save_mapping(job, import_jobs.clean_mapping(job, body.validated_data["mapping"]))
        except import_jobs.ImportJobError as exc:
            raise _field_error(exc) from None
        return Response(ImportJobSerializer(job).data)


@extend_schema(tags=["imports"])
class ImportJobConfirm(APIView):
    """Run the import: inline for small files (the answer carries the report), else on the worker
    (202: poll the job or its progress)."""

    permission_classes = [policy_permission("records.import")]

    @extend_schema(request=ConfirmSerializer,
                   responses={200: ImportJobSerializer, 202: ImportJobSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request, code):
        job = import_jobs.get_job_for_user(request.user, code)
        body = ConfirmSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            mapping = (import_jobs.clean_mapping(job, data["mapping"]) if "mapping" in data
                       else job.result.get("mapping", {}))
            job = import_jobs.confirm_job(job, mapping, dry_run=data["dry_run"],
                                          allow_corrections=data["allow_corrections"])
        except import_jobs.ImportJobError as exc:
            raise _field_error(exc) from None
        finished = job.status in (Job.Status.DONE, Job.Status.FAILED)
        return Response(ImportJobSerializer(job).data, status=200 if finished else status.HTTP_202_ACCEPTED)


Progress = inline_serializer("ImportProgress", {
    "done": serializers.IntegerField(), "total": serializers.IntegerField(), "percent": serializers.IntegerField(),
    "finished": serializers.BooleanField(), "report": serializers.DictField(allow_null=True),
    "summary": serializers.CharField(allow_null=True),
    "errors": serializers.ListField(child=serializers.CharField())})


@extend_schema(tags=["imports"])
class ImportJobProgress(APIView):
    """How far a running import is (what the job page polls)."""

    permission_classes = [policy_permission("records.import")]

    @extend_schema(responses={200: Progress, 404: OpenApiTypes.OBJECT})
    def get(self, request, code):
        job = import_jobs.get_job_for_user(request.user, code)
        return Response(import_jobs.progress(job))


class ImportKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    group = serializers.CharField()
    natural_key = serializers.ListField(child=serializers.CharField())
    columns = ImportColumnSerializer(many=True)
    records_url = serializers.CharField(allow_null=True, help_text="the kind's records list, for a record kind")


@extend_schema(tags=["imports"], responses=ImportKindSerializer(many=True))
class ImportKinds(APIView):
    """The kinds you may import, with their columns (the template's headers and field names)."""

    permission_classes = [policy_permission("records.import")]
    pagination_class = None

    def get(self, request):
        from .importers import RECORD_SPECS

        return Response([{
            "kind": spec.kind, "label": str(spec.label), "group": str(spec.group),
            "natural_key": list(spec.natural_key),
            "columns": [{"field": c.field, "header": c.header, "required": c.required} for c in spec.columns],
            "records_url": f"/api/records/{spec.kind}/" if spec.kind in RECORD_SPECS else None,
        } for spec in import_jobs.specs_for(request.user)])


def _xlsx(write, filename: str) -> HttpResponse:
    buffer = io.BytesIO()
    write(buffer)
    response = HttpResponse(buffer.getvalue(), content_type=XLSX_CONTENT_TYPE)
    response["Content-Disposition"] = attachment_header(filename)
    return response


def _spec_for(user, kind: str):
    spec = SPECS.get(kind)
    if spec is None:
        raise Http404
    if not policy.allows(user, spec.action):
        raise PermissionDenied(spec.action)
    return spec


KIND = OpenApiParameter("kind", str, OpenApiParameter.PATH, description="the kind's code (GET /api/imports/kinds/)")


@extend_schema(tags=["imports"], parameters=[KIND], responses=XLSX_RESPONSES)
class ImportTemplate(APIView):
    """The XLSX template of a kind (header row; examples and rules on a second sheet)."""

    permission_classes = [policy_permission("records.import")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    def get(self, request, kind):
        spec = _spec_for(request.user, kind)
        return _xlsx(lambda fh: write_template(spec, fh), f"template-{kind}.xlsx")


class SensitiveExportRequest(serializers.Serializer):
    purpose = serializers.CharField(max_length=150, help_text="why (it goes into each person's access-log row)")
    confirm = serializers.BooleanField(help_text="true: I need the ID and bank numbers in clear and will keep the "
                                                 "file as the company requires")


@extend_schema(tags=["exports"], parameters=[KIND])
class RecordExport(APIView):
    """Every row of a kind in your scope as XLSX, in the template's columns (it re-imports unchanged;
    text that looks like a formula stays text). A kind carrying ID and bank numbers in clear (the
    employee roster) is a POST with the purpose and a confirmation, as on the page."""

    permission_classes = [policy_permission("records.export")]
    renderer_classes = [JSONRenderer, XlsxRenderer]

    @extend_schema(responses={**XLSX_RESPONSES, 400: OpenApiTypes.OBJECT})
    def get(self, request, kind):
        spec = _spec_for(request.user, kind)
        if spec.sensitive_export:
            raise serializers.ValidationError({
                "purpose": [_("请填写导出用途")],
                NON_FIELD: [_("此导出包含完整的身份证号和银行账号：请以 POST 提交导出用途并确认")]})
        return _xlsx(lambda fh: import_jobs.write_scoped_export(request.user, spec, fh), f"{kind}.xlsx")

    @extend_schema(request=SensitiveExportRequest, responses={**XLSX_RESPONSES, 400: OpenApiTypes.OBJECT})
    def post(self, request, kind):
        spec = _spec_for(request.user, kind)
        if not spec.sensitive_export:
            raise MethodNotAllowed("POST")
        data = {k: request.data.get(k) for k in ("purpose", "confirm") if request.data.get(k) not in (None, False)}
        form = SensitiveExportForm(data)
        if not form.is_valid():
            raise form_errors(form)
        purpose = form.cleaned_data["purpose"]
        return _xlsx(lambda fh: import_jobs.write_scoped_export(request.user, spec, fh, purpose=purpose),
                     f"{kind}.xlsx")
