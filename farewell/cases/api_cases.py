"""/api/…: what the case pages do beyond the list, the detail and the transitions — open a case, change
its facts, message the employee, download its files, and 待办 (the steps waiting for me). Each endpoint
calls the page's form and service (or, for a download, the page's own view), so the rules, the ledger,
the access log and the scope are the pages'."""

from __future__ import annotations

import json

from django.db.models import Prefetch
from django.utils import timezone
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.models import Role
from farewell.accounts.permissions import policy_permission
from farewell.common.api import NON_FIELD, CappedPageNumberPagination, form_errors, ui_download
from farewell.common.templatetags.punct import enumeration_comma
from farewell.org.models import Employee

from . import case_views, civil_service_views, layoff_views, leave_years, services, workflow
from .api import CaseDetailSerializer, CaseDetailView
from .api_actions import _case_for, _refused
from .api_support import FILE_RESPONSES, FileRenderer, form_data
from .forms import CaseFactsForm, MessageForm, OpenCaseForm
from .models import BatchStatus, CaseMessage, CaseStep, LayoffStep, SeparationCase, StepStatus
from .notices import NoticeError

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="UUID code")
EMPLOYEE_CODE = OpenApiParameter("employee_code", str, OpenApiParameter.PATH, description="the employee's UUID code")


def _detail(request, case: SeparationCase, status_code: int = 200) -> Response:
    case = SeparationCase.objects.select_related("employee").prefetch_related(
        Prefetch("steps", queryset=CaseStep.objects.order_by("round", "order"))).get(pk=case.pk)
    return Response(CaseDetailSerializer(case, context={"request": request}).data, status=status_code)


# --- open a case ---------------------------------------------------------------------------------------


class OpenCaseRequest(serializers.Serializer):
    case_type = serializers.CharField(help_text="CaseType: resignation, mutual_employer, … (GET /api/cases/ lists them)")
    ground = serializers.CharField(required=False, allow_blank=True,
                                   help_text="an engine ground code of the case type; blank: the type's default")
    separation_date = serializers.DateField(required=False, allow_null=True,
                                            help_text="the last contract day; a resignation may leave it out")
    last_working_day = serializers.DateField(required=False, allow_null=True)
    notice_date = serializers.DateField(required=False, allow_null=True)
    notice_evidence = serializers.FileField(
        required=False, help_text="the written notice's scan (multipart/form-data): required for a resignation "
                                  "whose notice date is before today")
    extra_compensation = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)


@extend_schema(tags=["cases"], parameters=[EMPLOYEE_CODE],
               request={"application/json": OpenCaseRequest, "multipart/form-data": OpenCaseRequest},
               responses={201: CaseDetailSerializer, 400: OpenApiTypes.OBJECT})
class CaseOpen(APIView):
    """Open a separation case for an employee (the page's form and checks: HR, or a manager raising a
    performance concern). Errors name the field; a resignation noticed earlier than today needs the scan."""

    permission_classes = [policy_permission("case.open")]
    parser_classes = [JSONParser, MultiPartParser]

    def post(self, request, employee_code):
        employee = policy.get_employee_for_user(request.user, employee_code, "case.open")
        # The fields of this employee's form: a civil servant's has no negotiated extra and no notice scan, and
        # sending one is a 400 naming it rather than a value silently dropped.
        data = form_data(request, OpenCaseForm(employee=employee).fields)
        form = OpenCaseForm(data, request.FILES or None, employee=employee)
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        via = "hr" if policy.roles_of(request.user) & policy.HR else "manager"
        try:
            case = services.open_case(
                employee, c["case_type"], actor=request.user, ground=c["ground"] or None,
                separation_date=c["separation_date"], last_working_day=c["last_working_day"],
                notice_date=c["notice_date"], reason=c["reason"], extra_compensation=c.get("extra_compensation"),
                via=via, notice_evidence=c.get("notice_evidence"))
        except services.CaseError as exc:
            raise serializers.ValidationError({getattr(exc, "field", None) or NON_FIELD: [str(exc)]}) from None
        return _detail(request, case, status.HTTP_201_CREATED)


# --- change the facts (PATCH on the case) -------------------------------------------------------------------


class CaseFactsRequest(serializers.Serializer):
    ground = serializers.CharField(required=False)
    separation_date = serializers.DateField(required=False)
    last_working_day = serializers.DateField(required=False, allow_null=True)
    notice_date = serializers.DateField(required=False, allow_null=True)
    notice_evidence = serializers.FileField(required=False, help_text="a resignation's notice scan (multipart)")
    union_notified = serializers.BooleanField(required=False, allow_null=True)
    no_written_contract_months = serializers.IntegerField(required=False, allow_null=True)
    days_taken_this_year = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True,
        help_text="annual-leave days taken in the year of separation (the separation date's year, not today's)")
    days_taken_by_year = serializers.DictField(
        child=serializers.DecimalField(max_digits=5, decimal_places=1, allow_null=True), required=False,
        help_text="annual-leave days taken in each year before the year of separation whose leave is still open "
                  "(the years the case page asks for, with their entitlement), e.g. {\"2026\": \"4\"}: the untaken "
                  "days of those years are Σ max(entitlement − taken, 0). Each year may also be sent as "
                  "`days_taken_<year>`")
    untaken_days_previous_years = serializers.DecimalField(
        max_digits=5, decimal_places=1, required=False, allow_null=True,
        help_text="the total untaken days of earlier years from the leave records: when given it replaces the "
                  "days computed from `days_taken_by_year` (older years too; 0 when all were taken or paid)")
    extra_compensation = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    employee_demand = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    reason = serializers.CharField(required=False, allow_blank=True)
    practice = serializers.CharField(required=False, allow_blank=True,
                                     help_text="a local practice code, `national`, or blank for the company city's")
    practice_reason = serializers.CharField(required=False, allow_blank=True,
                                            help_text="required when `practice` is chosen (goes to the ledger)")


@extend_schema(tags=["cases"], parameters=[CODE])
class CaseDetail(CaseDetailView):
    """One case with its steps; PATCH changes its facts or money (HR, while the facts may still change):
    the case page's form and checks, fields not sent kept as they are; the engine runs again."""

    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(request={"application/json": CaseFactsRequest, "multipart/form-data": CaseFactsRequest},
                   responses={200: CaseDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def patch(self, request, code):
        case = _case_for(request.user, code, "case.edit")
        return update_facts(request, case)


def update_facts(request, case: SeparationCase) -> Response:
    """The case page's facts form, with the fields not sent kept as they are."""
    data = {key: value for key, value in CaseFactsForm.initial_for(case).items()}
    empty = CaseFactsForm(case=case)
    sent = form_data(request, empty.fields,  # this case's fields (civil service: fewer)
                     extra=(leave_years.TAKEN_BY_YEAR,) if "days_taken_this_year" in empty.fields else ())
    if isinstance(sent.get("union_notified"), bool):
        sent["union_notified"] = "true" if sent["union_notified"] else "false"
    sent.update(_days_by_year(sent.pop(leave_years.TAKEN_BY_YEAR, None), empty.leave_years))
    data.update({key: ("" if value is None else value) for key, value in sent.items()})
    form = CaseFactsForm(data, request.FILES or None, case=case)
    if not form.is_valid():
        raise form_errors(form)
    changes = form.changes()
    if not set(sent) & ({"days_taken_this_year", "untaken_days_previous_years"}
                        | {leave_years.field_name(year) for year in form.leave_years}):
        # No day count sent: the earlier years' days stay as they are, and nobody said which year a day is.
        changes.pop(leave_years.TAKEN_BY_YEAR, None)
    try:
        services.update_case(case, actor=request.user, notice_evidence=form.cleaned_data.get("notice_evidence"),
                             **changes)
    except NoticeError as exc:
        raise serializers.ValidationError({exc.field: [str(exc)]}) from None
    except services.CaseError as exc:
        return _refused(exc)
    return _detail(request, case)


def _days_by_year(value, years: dict) -> dict:
    """`days_taken_by_year` ({"2026": "4"}) as the form's fields (days_taken_2026); a year the case does not ask
    for (not an earlier year whose leave is still open) is a 400 naming it. Absent: nothing."""
    if value is None:
        return {}
    if isinstance(value, str):  # a multipart request's field: the object as JSON text
        try:
            value = json.loads(value)
        except ValueError:
            pass
    if not isinstance(value, dict):
        raise serializers.ValidationError({leave_years.TAKEN_BY_YEAR: [_("应为按年份填写的天数，例如 {\"2026\": 4}")]})
    unknown = sorted(str(year) for year in value if str(year) not in years)
    if unknown:
        raise serializers.ValidationError({leave_years.TAKEN_BY_YEAR: [
            _("本案件不需要填写%(years)s年的已休天数：只填写离职当年以前、计划离职时尚未结束的年度（%(open)s）") % {
                "years": enumeration_comma().join(unknown), "open": enumeration_comma().join(years) or "—"}]})
    return {leave_years.field_name(year): days for year, days in value.items()}


# --- messages to the employee -----------------------------------------------------------------------------


class CaseMessageSerializer(serializers.ModelSerializer):
    author = serializers.CharField(source="author.username", default=None, read_only=True)

    class Meta:
        model = CaseMessage
        fields = ["code", "from_employee", "author", "body", "created_at"]


class CaseMessageRequest(serializers.Serializer):
    body = serializers.CharField(max_length=4000)


@extend_schema(tags=["cases"], parameters=[CODE])
class CaseMessages(APIView):
    """The case's messages between the employee and HR (oldest first); POST is HR's reply (the employee
    is notified; the message is in the ledger)."""

    permission_classes = [policy_permission("case.view")]

    @extend_schema(responses=CaseMessageSerializer(many=True))
    def get(self, request, code):
        case = _case_for(request.user, code, "case.view")
        return Response(CaseMessageSerializer(case.messages.select_related("author"), many=True).data)

    @extend_schema(request=CaseMessageRequest, responses={201: CaseMessageSerializer, 400: OpenApiTypes.OBJECT,
                                                      409: OpenApiTypes.OBJECT})
    def post(self, request, code):
        case = _case_for(request.user, code, "case.edit")
        form = MessageForm(form_data(request, MessageForm.base_fields))
        if not form.is_valid():
            raise form_errors(form)
        try:
            message = services.post_message(case, form.cleaned_data["body"], actor=request.user, from_employee=False)
        except services.CaseError as exc:
            raise serializers.ValidationError({"body": [str(exc)]}) from None
        return Response(CaseMessageSerializer(message).data, status=status.HTTP_201_CREATED)


# --- files: the page's download views (access check, access-log row) --------------------------------------


class _Download(APIView):
    renderer_classes = [JSONRenderer, FileRenderer]
    page_view = None

    def get(self, request, code):
        return ui_download(type(self).page_view, request, code=code)


@extend_schema(tags=["cases"], parameters=[CODE], responses=FILE_RESPONSES,
               summary="The scan of a resignation notice HR recorded (the read is in the access log)")
class NoticeEvidenceDownload(_Download):
    permission_classes = [policy_permission("case.view")]
    page_view = staticmethod(case_views.notice_evidence)


@extend_schema(tags=["cases"], parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                            description="the step's UUID code")],
               responses=FILE_RESPONSES, summary="A step's document: the union notification (logged read)")
class StepDocumentDownload(_Download):
    permission_classes = [policy_permission("case.view")]
    page_view = staticmethod(case_views.step_document)


@extend_schema(tags=["cases"], parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                            description="the answer's or delivery's UUID code")],
               responses=FILE_RESPONSES,
               summary="A civil-service answer's evidence or a decision's proof of delivery (logged read)")
class CivilServiceDocumentDownload(_Download):
    permission_classes = [policy_permission("case.view")]
    page_view = staticmethod(civil_service_views.document)


@extend_schema(tags=["layoffs"], parameters=[OpenApiParameter("code", str, OpenApiParameter.PATH,
                                                              description="the filing's UUID code")],
               responses=FILE_RESPONSES, summary="A layoff filing's document (logged read)")
class LayoffFilingDocumentDownload(_Download):
    permission_classes = [policy_permission("case.view")]
    page_view = staticmethod(layoff_views.layoff_filing_document)


# --- 待办: the steps waiting for me ---------------------------------------------------------------------


class InboxStepSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    case = serializers.UUIDField(source="case.code", read_only=True)
    case_type = serializers.CharField(source="case.case_type", read_only=True)
    case_status = serializers.CharField(source="case.status", read_only=True)
    employee = serializers.UUIDField(source="case.employee.code", read_only=True)
    employee_name = serializers.CharField(source="case.employee.name", read_only=True)
    overdue = serializers.SerializerMethodField()
    routing_note = serializers.CharField(source="shown_routing_note", read_only=True)

    class Meta:
        model = CaseStep
        fields = ["code", "kind", "round", "due_date", "overdue", "case", "case_type", "case_status", "employee",
                  "employee_name", "routing_note"]

    def get_overdue(self, step) -> bool:
        return bool(step.due_date and step.due_date < self.context["today"])


@extend_schema(tags=["cases"], parameters=[
    OpenApiParameter("overdue", bool, description="only the steps past their due date")])
class Inbox(generics.ListAPIView):
    """待办: the active approval steps I may decide (routed to me or named by my roles, less the cases I
    opened — four eyes), earliest due first. Decide one with POST /api/cases/<case>/transition/."""

    permission_classes = [policy_permission("case.view")]
    serializer_class = InboxStepSerializer
    pagination_class = CappedPageNumberPagination
    filterset_class = None

    def get_queryset(self):
        q = workflow.steps_q_for(self.request.user)
        if q is None:
            return CaseStep.objects.none()
        qs = CaseStep.objects.filter(q, status=StepStatus.ACTIVE).select_related("case__employee").defer(
            "case__employee__id_number", "case__employee__bank_account")
        if self.request.query_params.get("overdue") in ("1", "true", "True"):
            qs = qs.filter(due_date__lt=timezone.localdate())
        return qs.order_by("due_date", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


class InboxBatchStepSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    batch = serializers.UUIDField(source="family.code", read_only=True)
    batch_title = serializers.CharField(source="family.title", read_only=True)
    overdue = serializers.SerializerMethodField()

    class Meta:
        model = LayoffStep
        fields = ["code", "kind", "round", "due_date", "overdue", "batch", "batch_title"]

    def get_overdue(self, step) -> bool:
        return bool(step.due_date and step.due_date < self.context["today"])


@extend_schema(tags=["layoffs"])
class InboxBatchSteps(generics.ListAPIView):
    """待办 of layoff batches: the active batch steps routed to me (one step decides every member), earliest
    due first. Decide one with POST /api/layoffs/steps/<code>/decide/."""

    permission_classes = [policy_permission("case.view")]
    serializer_class = InboxBatchStepSerializer
    pagination_class = CappedPageNumberPagination
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema's generation: no user
            return LayoffStep.objects.none()
        return LayoffStep.objects.filter(
            status=StepStatus.ACTIVE, assignees=self.request.user, family__status=BatchStatus.IN_REVIEW,
        ).select_related("family").order_by("due_date", "pk")

    def get_serializer_context(self):
        return {**super().get_serializer_context(), "today": timezone.localdate()}


@extend_schema(tags=["cases"])
class InboxUnrouted(Inbox):
    """The HR admin's 待办: active steps no one in the company can decide (a grant is missing), in the units
    the HR admin administers; empty for everyone else. Re-route by granting the role (GET /api/cases/<code>/
    shows `routing_note`)."""

    def get_queryset(self):
        admin_scope = policy.scope_q(self.request.user, roles={Role.HR_ADMIN})
        if admin_scope is None:
            return CaseStep.objects.none()
        return services.unrouted_steps().filter(
            case__employee__in=Employee.objects.filter(admin_scope).values("pk")
        ).select_related("case__employee").defer(
            "case__employee__id_number", "case__employee__bank_account").order_by("due_date", "pk")
