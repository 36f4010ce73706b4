"""PIPL in the API: my consents and who read my data (/api/me/…, an employee or a former employee, as
the page 我的个人信息), a person's consents recorded on paper by HR and a case's legal hold — the same
services, scopes and permissions as the pages (privacy/views.py)."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.file_reads import download
from farewell.accounts.models import AccessLog
from farewell.accounts.permissions import policy_permission
from farewell.cases.access import get_case_for_user
from farewell.common.api import CappedPageNumberPagination, form_errors
from farewell.common.numbers import whole_number
from farewell.common.templatetags.labels import field_label, object_label
from farewell.org.models import Employee

from . import services
from .access import OwnDataPermission, own_employee
from .forms import HoldForm, PaperConsentForm, ReleaseForm
from .models import Consent, LegalHold, Method, Purpose

_Detail = inline_serializer("PrivacyDetail", fields={"detail": serializers.CharField()})
CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="UUID code")
CONSENT_CODE = OpenApiParameter("consent_code", str, OpenApiParameter.PATH, description="the consent's UUID code")
ME = ["employee self-service"]
HR = ["privacy"]


class ConsentSerializer(serializers.ModelSerializer):
    method = serializers.CharField(help_text="portal (clicked by the person) or paper (a signed form HR scanned)")
    has_scan = serializers.SerializerMethodField()

    class Meta:
        model = Consent
        fields = ["code", "purpose", "method", "given_at", "withdrawn_at", "scan_sha256", "has_scan"]

    def get_has_scan(self, item) -> bool:
        return bool(item.scan)


class PurposeSerializer(serializers.Serializer):
    purpose = serializers.CharField(help_text="health_details or talk_recording")
    label = serializers.SerializerMethodField()
    text = serializers.CharField(help_text="what the person is told before agreeing (PIPL Art. 17, 29)")
    scope = serializers.CharField()
    standing = ConsentSerializer(allow_null=True, help_text="the consent in force, if any")
    history = ConsentSerializer(many=True)

    def get_label(self, row) -> str:
        return str(row["purpose"].label)


# --- the person's own -----------------------------------------------------------------------------


class GiveRequest(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    agree = serializers.BooleanField(help_text="true: I have read the text and agree (the page's box)")


@extend_schema(tags=ME)
class MyConsents(APIView):
    permission_classes = [OwnDataPermission]

    @extend_schema(summary="My separate consents for sensitive personal information, per purpose, with the text "
                           "shown and the history (an employee, or a former employee while their login lasts)",
                   responses=PurposeSerializer(many=True))
    def get(self, request):
        return Response(PurposeSerializer(services.purposes(own_employee(request.user)), many=True).data)

    @extend_schema(summary="Give my consent to one purpose (withdrawable at any time)", request=GiveRequest,
                   responses={201: ConsentSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        employee = own_employee(request.user)
        body = GiveRequest(data=request.data)
        body.is_valid(raise_exception=True)
        if not body.validated_data["agree"]:
            raise serializers.ValidationError({"agree": [_("请先勾选“我已阅读并同意”。")]})
        item = services.give_consent(employee, body.validated_data["purpose"], actor=request.user,
                                     method=Method.PORTAL)
        return Response(ConsentSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=ME, summary="Withdraw one of my consents: processing for the purpose stops and what was "
                                "collected under it is deleted (except under a legal hold)",
               parameters=[CODE], request=None, responses={200: ConsentSerializer, 400: OpenApiTypes.OBJECT,
                                                           404: _Detail})
class MyConsentWithdraw(APIView):
    permission_classes = [OwnDataPermission]

    def post(self, request, code):
        employee = own_employee(request.user)
        item = get_object_or_404(Consent, code=code, employee=employee)  # someone else's consent: 404
        services.withdraw_consent(item, actor=request.user)
        return Response(ConsentSerializer(item).data)


class ReadSerializer(serializers.ModelSerializer):
    reader = serializers.SerializerMethodField()
    what = serializers.SerializerMethodField(help_text="the object and field read, in words")
    purpose = serializers.CharField(source="shown_purpose", help_text="why, in the request's language")

    class Meta:
        model = AccessLog
        fields = ["at", "reader", "object_type", "field", "what", "purpose"]

    def get_reader(self, row) -> str | None:
        return str(row.actor) if row.actor_id else None

    def get_what(self, row) -> str:
        return f"{object_label(row.object_type)} · {field_label(row.field, row.object_type)}"


@extend_schema(tags=ME, summary="Who read my sensitive personal information: who, when, what and why "
                                "(the access log's rows about me, newest first)")
class MyReads(generics.ListAPIView):
    permission_classes = [OwnDataPermission]
    serializer_class = ReadSerializer
    pagination_class = CappedPageNumberPagination
    filterset_class = None

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator, with no user
            return AccessLog.objects.none()
        # Only rows about me: the filter is the whole scope, as on the page.
        return (AccessLog.objects.filter(employee=own_employee(self.request.user)).select_related("actor")
                .order_by("-at", "-pk"))


# --- HR: a person's consents on paper ---------------------------------------------------------------


def _employee(request, code) -> Employee:
    return policy.get_employee_for_user(request.user, code, "privacy.consents",
                                        queryset=Employee.objects.defer("id_number", "bank_account"))


class PaperConsentRequest(serializers.Serializer):
    purpose = serializers.ChoiceField(choices=Purpose.choices)
    scan = serializers.FileField(help_text="the signed form's scan: PDF, PNG or JPG, up to 20 MB")


@extend_schema(tags=HR, parameters=[CODE])
class EmployeeConsents(APIView):
    permission_classes = [policy_permission("privacy.consents")]
    parser_classes = [MultiPartParser, FormParser, JSONParser]

    @extend_schema(summary="A person's consents, per purpose (HR in scope)", responses=PurposeSerializer(many=True))
    def get(self, request, code):
        return Response(PurposeSerializer(services.purposes(_employee(request, code)), many=True).data)

    @extend_schema(summary="Record a consent the person signed on paper (multipart: purpose, scan)",
                   request={"multipart/form-data": PaperConsentRequest},
                   responses={201: ConsentSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request, code):
        employee = _employee(request, code)
        form = PaperConsentForm(request.data, request.FILES)
        if not form.is_valid():
            raise form_errors(form)
        item = services.give_consent(employee, form.cleaned_data["purpose"], actor=request.user, method=Method.PAPER,
                                     scan=form.cleaned_data["scan"])
        return Response(ConsentSerializer(item).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=HR, summary="Record a withdrawal the person made in writing", parameters=[CODE, CONSENT_CODE],
               request=None, responses={200: ConsentSerializer, 400: OpenApiTypes.OBJECT, 404: _Detail})
class EmployeeConsentWithdraw(APIView):
    permission_classes = [policy_permission("privacy.consents")]

    def post(self, request, code, consent_code):
        employee = _employee(request, code)
        item = get_object_or_404(Consent, code=consent_code, employee=employee)
        services.withdraw_consent(item, actor=request.user)
        return Response(ConsentSerializer(item).data)


@extend_schema(tags=HR, summary="Download a paper consent's scan (logged in the access log)",
               parameters=[CODE, CONSENT_CODE],
               responses={(200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY,
                                                                             description="the scan"),
                          404: _Detail})
class ConsentScan(APIView):
    permission_classes = [policy_permission("privacy.consents")]

    def get(self, request, code, consent_code):
        employee = _employee(request, code)
        item = get_object_or_404(Consent, code=consent_code, employee=employee)
        if not item.scan:
            raise Http404
        return download(request._request, item, "scan", employee=employee, purpose=gettext_noop("查看书面同意扫描件"))


# --- HR: a case's legal hold ------------------------------------------------------------------------


class HoldSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.code", read_only=True)
    set_by = serializers.SerializerMethodField()
    released_by = serializers.SerializerMethodField()
    standing = serializers.SerializerMethodField()

    class Meta:
        model = LegalHold
        fields = ["code", "case", "reason", "set_by", "set_at", "standing", "released_at", "released_by",
                  "release_reason"]

    def get_set_by(self, hold) -> str | None:
        return str(hold.set_by) if hold.set_by_id else None

    def get_released_by(self, hold) -> str | None:
        return str(hold.released_by) if hold.released_by_id else None

    def get_standing(self, hold) -> bool:
        return hold.released_at is None


class HoldRequest(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="e.g. the arbitration's case number, a lawsuit, an audit")


class ReleaseRequest(serializers.Serializer):
    release_reason = serializers.CharField(max_length=2000)


@extend_schema(tags=HR, parameters=[CODE])
class CaseHolds(APIView):
    permission_classes = [policy_permission("privacy.hold")]

    @extend_schema(summary="A case's legal holds, newest first (HR in scope)", responses=HoldSerializer(many=True))
    def get(self, request, code):
        case = get_case_for_user(request.user, code, "privacy.hold")
        holds = LegalHold.objects.filter(case=case).select_related("case", "set_by", "released_by")
        return Response(HoldSerializer(holds, many=True).data)

    @extend_schema(summary="Set a legal hold: nothing of the employee is purged while it stands",
                   request=HoldRequest, responses={201: HoldSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request, code):
        case = get_case_for_user(request.user, code, "privacy.hold")
        form = HoldForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        hold = services.set_hold(case, form.cleaned_data["reason"], actor=request.user)
        return Response(HoldSerializer(hold).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=HR, summary="Release a legal hold, with the reason", parameters=[CODE], request=ReleaseRequest,
               responses={200: HoldSerializer, 400: OpenApiTypes.OBJECT, 404: _Detail})
class HoldRelease(APIView):
    permission_classes = [policy_permission("privacy.hold")]

    def post(self, request, code):
        hold = get_object_or_404(LegalHold.objects.select_related("case", "set_by", "released_by"), code=code)
        get_case_for_user(request.user, hold.case.code, "privacy.hold")
        form = ReleaseForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        services.release_hold(hold, form.cleaned_data["release_reason"], actor=request.user)
        return Response(HoldSerializer(hold).data)


# --- 设置 › 个人信息保存期限 (the retention schedule) -----------------------------------------------------

COMPANY = OpenApiParameter("company", int, OpenApiParameter.QUERY, required=False,
                           description="company id (GET /api/me/ lists yours); default: your first")


class RetentionKindSerializer(serializers.Serializer):
    kind = serializers.CharField()
    label = serializers.CharField()
    months = serializers.IntegerField(help_text="kept this many months after the separation date")
    floor_months = serializers.IntegerField(help_text="the legal minimum (LCL 50 ¶3: contract texts 24)")
    help = serializers.CharField(allow_blank=True)


class RetentionScheduleSerializer(serializers.Serializer):
    company = serializers.IntegerField()
    kinds = RetentionKindSerializer(many=True)
    due_today = serializers.DictField(child=serializers.IntegerField(),
                                      help_text="what a purge would remove today, per kind (a dry run)")
    held_employees = serializers.IntegerField(help_text="people kept whole by a legal hold")


def _retention_company(request):
    from farewell.org.models import Company

    ids = sorted(policy.company_ids(request.user))
    wanted = request.query_params.get("company")
    if wanted in (None, ""):
        if not ids:
            raise Http404
        return Company.objects.get(pk=ids[0])
    if whole_number(str(wanted)) not in ids:
        raise Http404  # another company's schedule is not found (nor one that is no id)
    return Company.objects.get(pk=whole_number(str(wanted)))


def _schedule_data(company) -> dict:
    from django.utils import timezone

    from . import retention
    from .models import DataKind

    months = retention.schedule(company)
    current = retention.plan(timezone.localdate(), companies=[company])
    return {
        "company": company.pk,
        "kinds": [{"kind": kind, "label": str(label), "months": months[kind], "floor_months": retention.floor_months(kind),
                   "help": str(retention.KIND_HELP.get(kind, ""))} for kind, label in DataKind.choices],
        "due_today": current.counts(),
        "held_employees": len(current.held),
    }


@extend_schema(tags=HR, parameters=[COMPANY])
class RetentionSchedule(APIView):
    """The months each kind of personal data is kept after separation, for one company (the page 设置 ›
    个人信息保存期限); PUT changes any kinds given, all or nothing, never below the legal floor (each change on
    the ledger). The purge itself is `farewell purge` and the sweep."""

    permission_classes = [policy_permission("privacy.retention")]

    @extend_schema(responses=RetentionScheduleSerializer)
    def get(self, request):
        return Response(RetentionScheduleSerializer(_schedule_data(_retention_company(request))).data)

    @extend_schema(request=inline_serializer("RetentionMonths", fields={
        "<kind>": serializers.IntegerField(help_text="months, for any kind of GET's list")}),
        responses={200: RetentionScheduleSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request):
        from .models import DataKind

        company = _retention_company(request)
        body = request.data if isinstance(request.data, dict) else {}
        errors: dict[str, list[str]] = {}
        months: dict[str, int] = {}
        for key, value in body.items():
            if key not in DataKind.values:
                errors[key] = [_("没有这个字段")]
            elif isinstance(value, bool) or not isinstance(value, int):
                errors[key] = [_("请填写整数（月）。")]
            else:
                months[key] = value
        if not body:
            errors["non_field_errors"] = [_("请至少给出一类数据的保存月数。")]
        if not errors:
            errors = services.set_schedule(company, months, actor=request.user)
        if errors:
            return Response(errors, status=status.HTTP_400_BAD_REQUEST)
        return Response(RetentionScheduleSerializer(_schedule_data(company)).data)
