"""/api/me/…: the employee's self-service as an API (a WeCom or DingTalk mini-app), under the same
rules as the portal's pages: the signed-in employee's own data only (there is no parameter naming
an employee; another employee's object is 404), the same services (portal/selfservice.py), every
download logged and recorded as the page's is. Authentication is the rest of the API's (a token
from POST /api/token/, or the session).
"""

from __future__ import annotations

from django.http import FileResponse, Http404, HttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import renderers, serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.permissions import policy_permission
from farewell.cases import civil_service, services
from farewell.cases.access import get_case_for_user
from farewell.cases.models import SeparationCase
from farewell.common.api import form_errors
from farewell.common.filenames import attachment_header
from farewell.insights import explanations as insight_explanations
from farewell.offboarding import former

from . import receipts, selfservice
from .employee_copy import build_employee_copy
from .forms import DemandForm, EstimateForm, NegotiateForm, PortalMessageForm
from .projection import case_for_employee

TAGS = ["employee self-service"]
PDF = "application/pdf"
ZIP = "application/zip"
_Detail = inline_serializer("MeDetail", fields={"detail": serializers.CharField()})
FMT = OpenApiParameter("fmt", str, OpenApiParameter.PATH, enum=["pdf", "zip"], description="pdf or zip")
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="UUID code")
CASE_CODE = OpenApiParameter("case_code", str, OpenApiParameter.PATH, description="the case's UUID code")
FILE_RESPONSES = {
    (200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="the PDF"),
    (200, ZIP): OpenApiResponse(OpenApiTypes.BINARY, description="the verifiable package (ZIP)"),
    404: OpenApiResponse(_Detail, description="nothing to issue (no notice on record), or an unknown format"),
}


class FileRenderer(renderers.BaseRenderer):
    """Lets a client ask for a file with `Accept: application/pdf` or `application/zip`."""

    media_type = "application/*"
    format = "file"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


FILE_RENDERERS = [renderers.JSONRenderer, FileRenderer]


def _file(data: bytes, name: str, content_type: str) -> HttpResponse:
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = attachment_header(name)
    return response


def _refused(exc: services.CaseError) -> Response:
    """A service's refusal of the case's state machine: 409 with its reason (docs/api.md)."""
    field = getattr(exc, "field", None)
    body = {field: [str(exc)]} if field else {"detail": str(exc)}
    return Response(body, status=status.HTTP_400_BAD_REQUEST if field else status.HTTP_409_CONFLICT)


class SelfServiceView(APIView):
    permission_classes = [policy_permission("portal.self")]

    def employee(self, request):
        return selfservice.own_employee(request.user)


# --- my case ---------------------------------------------------------------------------------------


class EmployeeCaseSerializer(serializers.Serializer):
    case_type = serializers.CharField()
    status = serializers.CharField()
    status_label = serializers.CharField()
    notice_date = serializers.DateField(allow_null=True)
    separation_date = serializers.DateField(allow_null=True)
    offered_amount = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True,
                                              help_text="the company's offer, once it is put to you")


class SummarySerializer(serializers.Serializer):
    code = serializers.UUIDField(source="employee.code")
    name = serializers.CharField(source="employee.name")
    employee_number = serializers.CharField(source="employee.employee_number")
    hire_date = serializers.DateField(source="employee.hire_date")
    tenure = serializers.SerializerMethodField(help_text="service with this employer: years, months, days")
    work_years = serializers.IntegerField(allow_null=True, help_text="full years since first employment")
    wage_months = serializers.IntegerField(help_text="months of wages on record in the last 12")
    average_wage = serializers.DecimalField(max_digits=12, decimal_places=2, allow_null=True)
    case = EmployeeCaseSerializer(allow_null=True)
    case_open = serializers.BooleanField()
    next_step = serializers.CharField(allow_null=True)
    employment_ended = serializers.SerializerMethodField()
    ended_message = serializers.CharField()
    awaiting_confirmation = serializers.SerializerMethodField(help_text="POST /api/me/case/confirm/ confirms")
    can_demand = serializers.BooleanField()
    has_receipt = serializers.BooleanField(help_text="POST /api/me/receipt/{fmt}/ issues the resignation receipt")
    civil_service = serializers.SerializerMethodField()

    def get_tenure(self, facts) -> dict:
        return {"years": facts.tenure.years, "months": facts.tenure.months, "days": facts.tenure.days}

    def get_employment_ended(self, facts) -> bool:
        return bool(facts.ended_message)

    def get_awaiting_confirmation(self, facts) -> bool:
        return facts.confirmation is not None

    def get_civil_service(self, facts) -> bool:
        return facts.employee.rule_pack == "CN-civil-service"


@extend_schema(tags=TAGS, summary="My separation facts and my case (the portal's 我的离职信息)",
               responses=SummarySerializer)
class Summary(SelfServiceView):
    def get(self, request):
        facts = selfservice.summary(self.employee(request))
        return Response(SummarySerializer(facts).data)


class LeaveAssumptionSerializer(serializers.Serializer):
    days_taken_this_year = serializers.CharField(  # as HR writes a day count: "0", "2.5" (not "0.0")
        help_text="days of this year's annual leave counted as taken: the portal has no record of them, so 0; "
                  "each day taken lowers annual_leave_pay, and the days HR checks decide")
    open_years = serializers.DictField(
        child=serializers.IntegerField(), allow_null=True,
        help_text="untaken days counted for each earlier year not over when the separation was planned "
                  '({"2026": 15}: a last day in the next year); null when none')
    text = serializers.CharField(help_text="the same sentence the portal page shows under the total")


class EstimateSerializer(serializers.Serializer):
    ground = serializers.CharField()
    separation_date = serializers.DateField()
    result = serializers.JSONField(allow_null=True, help_text="the law engine's result with labels (None: see error)")
    error = serializers.CharField(allow_null=True)
    wages_missing = serializers.CharField(allow_blank=True)
    annual_leave_assumption = LeaveAssumptionSerializer(
        allow_null=True, help_text="what the estimate assumes about this year's annual leave; null when the result "
                                   "has no annual_leave_pay line")


@extend_schema(tags=TAGS, summary="What the law would give me (the portal's estimate)", responses=EstimateSerializer,
               parameters=[OpenApiParameter("ground", str, description="a situation code (default: my open case's)"),
                           OpenApiParameter("separation_date", OpenApiTypes.DATE, description="the last day")])
class Estimate(SelfServiceView):
    permission_classes = [policy_permission("law.estimate_self")]

    def get(self, request):
        employee = self.employee(request)
        case = selfservice.own_case(employee)
        defaults, case_ground = selfservice.estimate_defaults(case)
        data = {**{k: str(v) for k, v in defaults.items()}, **request.query_params.dict()}
        form = EstimateForm(data, case_ground=case_ground)
        if not form.is_valid():
            raise form_errors(form)
        found = selfservice.estimate(employee, case, ground=form.cleaned_data["ground"],
                                     separation_date=form.cleaned_data["separation_date"])
        leave = None if found.leave_days_taken_assumed is None else {
            "days_taken_this_year": found.leave_days_taken_assumed, "open_years": found.leave_open_years or None,
            "text": found.leave_assumption}
        return Response(EstimateSerializer({**form.cleaned_data, "result": found.result, "error": found.error,
                                            "wages_missing": found.wages_missing,
                                            "annual_leave_assumption": leave}).data)


class NoticeRequest(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000)
    confirm = serializers.BooleanField(help_text="true: I give this as my written notice of resignation")
    notice_date = serializers.DateField(required=False, help_text="if given, must be today: a notice given here "
                                                                  "is dated the day it is given")


class NoticeAnswer(serializers.Serializer):
    case = EmployeeCaseSerializer()
    message = serializers.CharField()


@extend_schema(tags=TAGS, summary="Give my written notice of resignation (LCL 37) or civil servant's "
                                  "application (CSL 85)", request=NoticeRequest,
               responses={201: NoticeAnswer, 400: OpenApiTypes.OBJECT, 409: _Detail})
class GiveNotice(SelfServiceView):
    def post(self, request):
        employee = self.employee(request)
        form = NoticeRequest(data=request.data)
        form.is_valid(raise_exception=True)
        today = timezone.localdate()
        if not form.validated_data["confirm"]:
            raise serializers.ValidationError({"confirm": [_("请勾选确认")]})
        posted = form.validated_data.get("notice_date")
        if posted and posted != today:
            raise serializers.ValidationError({"notice_date": [
                _("通过本页提交的辞职通知以提交当天（%(today)s）为通知日期，不能填写其他日期。"
                  "如果您更早已向HR递交书面通知，请联系HR登记。") % {"today": today}]})
        try:
            case = receipts.give_notice(employee, actor=request.user, notice_date=today,
                                        reason=form.validated_data.get("reason", ""))
        except services.CaseError as exc:
            return _refused(exc)
        message = (civil_service.portal_applied_message(case) if case.is_civil_service else
                   _("辞职通知已送达HR。您的最后一天是 %(day)s。") % {"day": case.separation_date})
        return Response({"case": EmployeeCaseSerializer(_projected(case)).data, "message": message},
                        status=status.HTTP_201_CREATED)


def _projected(case: SeparationCase):
    return case_for_employee(case, awaiting_confirmation=selfservice.confirmation_step(case) is not None)


class NegotiateRequest(serializers.Serializer):
    separation_date = serializers.DateField()
    message = serializers.CharField(max_length=4000)


@extend_schema(tags=TAGS, summary="Ask HR to part by agreement", request=NegotiateRequest,
               responses={201: EmployeeCaseSerializer, 400: OpenApiTypes.OBJECT, 409: _Detail})
class Negotiate(SelfServiceView):
    def post(self, request):
        employee = self.employee(request)
        form = NegotiateForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        try:
            case = services.request_negotiation(employee, actor=request.user,
                                                separation_date=form.cleaned_data["separation_date"],
                                                message=form.cleaned_data["message"])
        except services.CaseError as exc:
            return _refused(exc)
        return Response(EmployeeCaseSerializer(_projected(case)).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=TAGS, summary="Confirm the proposal put to me (the workflow's employee confirmation)",
               request=None, responses={200: EmployeeCaseSerializer, 404: _Detail, 409: _Detail})
class Confirm(SelfServiceView):
    def post(self, request):
        case = selfservice.own_case(self.employee(request))
        step = selfservice.confirmation_step(case)
        if step is None:
            raise Http404
        try:
            services.decide_step(step, "approve", actor=request.user, comment=_("员工在自助页面确认"))
        except services.CaseError as exc:
            return _refused(exc)
        case.refresh_from_db()
        return Response(EmployeeCaseSerializer(_projected(case)).data)


# --- messages and demands --------------------------------------------------------------------------


class MessageSerializer(serializers.Serializer):
    code = serializers.UUIDField(read_only=True)
    from_employee = serializers.BooleanField(read_only=True, help_text="true: mine; false: HR's")
    body = serializers.CharField(max_length=4000)
    created_at = serializers.DateTimeField(read_only=True)


@extend_schema(tags=TAGS)
class Messages(SelfServiceView):
    @extend_schema(summary="My case's messages with HR, oldest first", responses=MessageSerializer(many=True))
    def get(self, request):
        case = selfservice.own_case(self.employee(request))
        return Response(MessageSerializer(case.messages.all() if case else [], many=True).data)

    @extend_schema(summary="Send HR a message on my case", request=MessageSerializer,
                   responses={201: MessageSerializer, 400: OpenApiTypes.OBJECT, 404: _Detail})
    def post(self, request):
        case = selfservice.require_case(self.employee(request))
        form = PortalMessageForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        message = services.post_message(case, form.cleaned_data["body"], actor=request.user, from_employee=True)
        return Response(MessageSerializer(message).data, status=status.HTTP_201_CREATED)


class DemandSerializer(serializers.Serializer):
    code = serializers.UUIDField(read_only=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, min_value=0)
    reason = serializers.CharField(max_length=2000)
    from_employee = serializers.BooleanField(read_only=True, help_text="false: HR recorded what I said")
    created_at = serializers.DateTimeField(read_only=True)


@extend_schema(tags=TAGS)
class Demands(SelfServiceView):
    @extend_schema(summary="My demands on my case (recorded once, never edited)", responses=DemandSerializer(many=True))
    def get(self, request):
        case = selfservice.own_case(self.employee(request))
        return Response(DemandSerializer(case.demands.all() if case else [], many=True).data)

    @extend_schema(summary="Record my demand (amount and reason) on my case", request=DemandSerializer,
                   responses={201: DemandSerializer, 400: OpenApiTypes.OBJECT, 404: _Detail, 409: _Detail})
    def post(self, request):
        case = selfservice.require_case(self.employee(request))
        form = DemandForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        try:
            demand = services.record_demand(case, form.cleaned_data["amount"], form.cleaned_data["reason"],
                                            actor=request.user)
        except services.CaseError as exc:
            return _refused(exc)
        return Response(DemandSerializer(demand).data, status=status.HTTP_201_CREATED)


# --- receipts, copies and documents ----------------------------------------------------------------


def _receipt(case: SeparationCase, fmt: str, *, actor) -> HttpResponse:
    if fmt not in ("pdf", "zip") or not receipts.receipt_available(case):
        raise Http404
    issued = receipts.issue_receipt(case, actor=actor)
    name = receipts.file_stem(case)
    if fmt == "pdf":
        return _file(issued.pdf, f"{name}.pdf", PDF)
    return _file(receipts.receipt_package(issued, case), f"{name}.zip", ZIP)


@extend_schema(tags=TAGS, summary="Issue my resignation receipt: the PDF, or the verifiable package (ZIP); "
                                  "each issue is recorded in the ledger", parameters=[FMT], request=None,
               responses=FILE_RESPONSES)
class Receipt(SelfServiceView):
    renderer_classes = FILE_RENDERERS

    def post(self, request, fmt):
        case = selfservice.own_case(self.employee(request))  # never a case named in the request
        return _receipt(case, fmt, actor=request.user)


@extend_schema(tags=["cases"], summary="HR issues a case's resignation receipt to hand to the employee "
                                       "(a notice recorded on paper, or given in the portal)",
               parameters=[CASE_CODE, FMT], request=None, responses=FILE_RESPONSES)
class CaseReceipt(APIView):
    permission_classes = [policy_permission("case.edit")]
    renderer_classes = FILE_RENDERERS

    def post(self, request, case_code, fmt):
        case = get_case_for_user(request.user, case_code, "case.edit")
        return _receipt(case, fmt, actor=request.user)


@extend_schema(tags=TAGS, summary="My copy of my signed talk records and case (ZIP, verifiable; recorded)",
               request=None, responses={(200, ZIP): OpenApiResponse(OpenApiTypes.BINARY, description="the ZIP")})
class MyCopy(SelfServiceView):
    renderer_classes = FILE_RENDERERS

    def post(self, request):
        name, data = build_employee_copy(self.employee(request), actor=request.user)
        return _file(data, name, ZIP)


@extend_schema(tags=["cases"], summary="HR downloads the employee's copy of a case's records to hand over",
               parameters=[CASE_CODE], request=None,
               responses={(200, ZIP): OpenApiResponse(OpenApiTypes.BINARY, description="the ZIP")})
class CaseEmployeeCopy(APIView):
    permission_classes = [policy_permission("talks.export")]
    renderer_classes = FILE_RENDERERS

    def post(self, request, case_code):
        case = get_case_for_user(request.user, case_code, "talks.export")
        name, data = build_employee_copy(case.employee, actor=request.user, case=case)
        return _file(data, name, ZIP)


class DocumentSerializer(serializers.Serializer):
    code = serializers.UUIDField(source="document.code")
    kind = serializers.CharField()
    label = serializers.SerializerMethodField()
    signed = serializers.BooleanField()
    sha256 = serializers.CharField()
    filename = serializers.CharField()

    def get_label(self, offer) -> str:
        return str(offer.document.get_kind_label())


@extend_schema(tags=TAGS, summary="My signed documents (the agreement once both sides signed it)",
               responses=DocumentSerializer(many=True))
class Documents(SelfServiceView):
    def get(self, request):
        case = selfservice.own_case(self.employee(request))
        return Response(DocumentSerializer(selfservice.signed_documents(case), many=True).data)


@extend_schema(tags=TAGS, summary="Download one of my signed documents (its hash checked; logged and recorded)",
               parameters=[CODE],
               responses={(200, "application/*"): OpenApiResponse(OpenApiTypes.BINARY, description="the file"),
                          404: _Detail, 409: OpenApiResponse(_Detail, description="the file's hash does not match")})
class Document(SelfServiceView):
    renderer_classes = FILE_RENDERERS

    def get(self, request, code):
        employee = self.employee(request)
        case = SeparationCase.objects.filter(employee=employee, offboarding_documents__code=code).first()
        offer = former.offer_for(case, code, signed_only=True) if case else None
        if offer is None:
            raise Http404
        if not former.intact(offer):
            return Response({"detail": _("文件校验失败（与记录的SHA-256不符），未提供下载。请联系原单位人力资源部。")},
                            status=status.HTTP_409_CONFLICT)
        former.log_offer_download(case, offer, actor=request.user, ledger_type=former.DOCUMENT_LEDGER_TYPE,
                                  ledger_id=offer.document.code, purpose=gettext_noop("员工下载本人已签署文书"),
                                  event="document.downloaded_by_employee")
        return FileResponse(former.open_offer(offer), as_attachment=True, filename=offer.filename)


# --- explanations of automated assessments (PIPL Art. 24) ------------------------------------------


class ExplanationSerializer(serializers.Serializer):
    code = serializers.UUIDField(source="item.code")
    question = serializers.CharField(source="item.question")
    requested_at = serializers.DateTimeField(source="item.requested_at")
    due_date = serializers.DateField(source="item.due_date")
    status = serializers.CharField(source="item.status")
    answer = serializers.CharField(source="item.answer")
    answered_at = serializers.DateTimeField(source="item.answered_at", allow_null=True)
    percent = serializers.IntegerField(allow_null=True, help_text="the assessed probability, in percent")
    factors = serializers.JSONField(help_text="the factors in words, as HR's answer showed them")


class ExplanationRequestSerializer(serializers.Serializer):
    question = serializers.CharField(required=False, allow_blank=True, max_length=insight_explanations.MAX_TEXT)


@extend_schema(tags=TAGS)
class Explanations(SelfServiceView):
    @extend_schema(summary="My requests for an explanation of automated assessments and HR's answers "
                           "(reading an answer marks it read, as the page does)",
                   responses=ExplanationSerializer(many=True))
    def get(self, request):
        _items, shown = selfservice.explanations(self.employee(request), actor=request.user)
        return Response(ExplanationSerializer(shown, many=True).data)

    @extend_schema(summary="Ask for an explanation (PIPL Art. 24 ¶3); one open request at a time",
                   request=ExplanationRequestSerializer,
                   responses={201: ExplanationSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        employee = self.employee(request)
        form = ExplanationRequestSerializer(data=request.data)
        form.is_valid(raise_exception=True)
        # A refusal (one open request at a time) is the service's ValidationError: 400 naming the field.
        item = insight_explanations.request_explanation(employee, acting_user=request.user,
                                                        question=form.validated_data.get("question", ""))
        return Response(ExplanationSerializer({"item": item, "percent": None, "factors": []}).data,
                        status=status.HTTP_201_CREATED)
