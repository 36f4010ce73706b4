"""/api/talks/ writes: generate and edit a talk plan, record a conversation (start, edit the draft,
tick the checklist, attach a document or a recording, sign, correct), download an attachment, the
evidence package, and the lists of the 谈话 page — through the same access helpers (talks.access),
forms and services as views.py, so the checks are the page's: an upload judged on its content and
encrypted at rest (uploads.py), a recording only with the employee's separate consent, every
download in the access log, every write in the ledger, a signed record never changed (409).

The settings (设置 › 谈话方案模板, 风险用语) are the company's: `?company=<id>`, a whole-company HR admin.
"""

from __future__ import annotations

from django.db.models import Count
from django.http import HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import generics, renderers, serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.company_settings import settings_company_for_api
from farewell.accounts.file_reads import download
from farewell.accounts.permissions import policy_permission
from farewell.cases.access import get_case_for_user
from farewell.common.api import NON_FIELD, CappedPageNumberPagination, form_errors
from farewell.common.filenames import attachment_header
from farewell.org.models import Employee

from . import api, plans, services
from .access import conversations_for, get_attachment_for_user, get_conversation_for_user, get_plan_for_user
from .forms import NextStepForm, ParticipantForm, PhrasesForm, PlanForm, SituationForm, TemplateForm
from .models import (
    AttachmentKind,
    ChecklistItem,
    Conversation,
    ParticipantRole,
    PlanTemplate,
    Situation,
    TalkPlan,
)
from .uploads import read_attachment

CODE = OpenApiParameter("code", OpenApiTypes.UUID, OpenApiParameter.PATH)
COMPANY = OpenApiParameter("company", int, description="company id (default: your first as HR admin)")
_Conflict = OpenApiResponse(OpenApiTypes.OBJECT, description='{"detail": …}: the record is signed (or already '
                                                             'corrected): change it by a correction')


class Conflict(serializers.ValidationError):
    status_code = status.HTTP_409_CONFLICT


def _refused(exc: services.TalkError, field: str = NON_FIELD) -> serializers.ValidationError:
    return serializers.ValidationError({field: [str(exc)]})


def _conversation_data(user, code) -> dict:
    return api.ConversationDetailSerializer(
        get_conversation_for_user(user, code, queryset=api.detail_queryset())).data


def _draft(conversation: Conversation) -> None:
    if conversation.is_signed:
        raise Conflict({"detail": _("谈话记录已签署，不能修改；如需更正，请创建更正版本")})


# --- lists (the 谈话 page) -------------------------------------------------------------------


@extend_schema(tags=["talks"], summary="The conversation records the caller may read, newest first "
                                       "(a manager: those they took part in)")
class ConversationList(generics.ListAPIView):
    permission_classes = [policy_permission("talks.view")]
    serializer_class = api.ConversationSerializer
    pagination_class = CappedPageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Conversation.objects.none()
        return conversations_for(self.request.user, Conversation.objects.select_related(
            "employee", "case", "plan", "previous").annotate(transcript_count=Count("transcripts"))).order_by(
            "-held_at", "-id")


@extend_schema(tags=["talks"], summary="The talk plans of the employees in the caller's scope, newest first")
class PlanList(generics.ListAPIView):
    permission_classes = [policy_permission("talks.plan")]
    serializer_class = api.TalkPlanSerializer
    pagination_class = CappedPageNumberPagination
    filter_backends: list = []

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return TalkPlan.objects.none()
        return (TalkPlan.objects.filter(employee__in=policy.employees_for(self.request.user, "talks.plan")
                                        .values("pk"))
                .select_related("employee", "case").defer(*_PLAN_TEXTS).order_by("-created_at", "-id"))


_PLAN_TEXTS = ("opening", "facts_intro", "facts", "questions", "options", "closing", "compliance")


# --- plans -----------------------------------------------------------------------------------


class GenerateSerializer(serializers.Serializer):
    situation = serializers.ChoiceField(choices=Situation.choices, required=False,
                                        help_text="default: the one suggested for the employee and case")


def _generate(request, employee, case) -> Response:
    body = GenerateSerializer(data=request.data)
    body.is_valid(raise_exception=True)
    situation = body.validated_data.get("situation") or plans.suggested_situation(employee, case)
    form = SituationForm({"situation": situation}, situations=plans.situations_for(employee))
    if not form.is_valid():
        raise form_errors(form)
    try:
        plan = services.generate_plan(employee, actor=request.user, case=case, situation=situation)
    except services.TalkError as exc:
        raise _refused(exc, "situation") from None
    return Response(api.TalkPlanDetailSerializer(plan).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["talks"], parameters=[OpenApiParameter("case_code", OpenApiTypes.UUID, OpenApiParameter.PATH)])
class CasePlans(api.CasePlanList):
    """GET: the case's plans (HR, legal). POST: generate one from the company's template for the
    situation and the records (HR)."""

    @extend_schema(request=GenerateSerializer, responses={201: api.TalkPlanDetailSerializer, 400: OpenApiTypes.OBJECT},
                   summary="Generate a talk plan for the case (HR)")
    def post(self, request, case_code):
        case = get_case_for_user(request.user, case_code, "talks.edit")
        return _generate(request, case.employee, case)


@extend_schema(tags=["talks"], parameters=[OpenApiParameter("employee_code", OpenApiTypes.UUID,
                                                             OpenApiParameter.PATH)])
class EmployeePlans(generics.ListAPIView):
    """GET: the employee's plans (HR, legal). POST: a retention talk (no case) from the risk signals (HR)."""

    permission_classes = [policy_permission("talks.plan")]
    serializer_class = api.TalkPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return TalkPlan.objects.none()
        employee = policy.get_employee_for_user(self.request.user, self.kwargs["employee_code"], "talks.plan")
        return (TalkPlan.objects.filter(employee=employee).select_related("employee", "case").defer(*_PLAN_TEXTS)
                .order_by("-created_at", "-id"))

    @extend_schema(request=GenerateSerializer, responses={201: api.TalkPlanDetailSerializer, 400: OpenApiTypes.OBJECT},
                   summary="Generate a talk plan for an employee without a case (HR)")
    def post(self, request, employee_code):
        employee = policy.get_employee_for_user(request.user, employee_code, "talks.edit")
        return _generate(request, employee, None)


class PlanWrite(serializers.Serializer):
    title = serializers.CharField(required=False)
    opening = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    facts_intro = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    questions = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False,
                                      help_text="one per line")
    options = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False, help_text="one per line")
    closing = serializers.CharField(required=False, allow_blank=True, trim_whitespace=False)
    compliance = serializers.CharField(required=False, trim_whitespace=False, help_text="one per line")


@extend_schema(tags=["talks"], parameters=[CODE])
class PlanDetail(api.PlanDetail):
    """GET: the plan (HR, legal). PATCH: change its texts (HR), each change in the ledger."""

    @extend_schema(request=PlanWrite, responses={200: api.TalkPlanDetailSerializer, 400: OpenApiTypes.OBJECT},
                   summary="Change a talk plan's texts (HR)")
    def patch(self, request, code):
        plan = get_plan_for_user(request.user, code, "talks.edit")
        body = PlanWrite(data=request.data)
        body.is_valid(raise_exception=True)
        data = {f: getattr(plan, f) for f in services.PLAN_TEXT_FIELDS}
        data.update(body.validated_data)
        form = PlanForm(data, instance=TalkPlan.objects.get(pk=plan.pk))
        if not form.is_valid():
            raise form_errors(form)
        if form.changed_data:
            services.update_plan(plan, actor=request.user, **{f: form.cleaned_data[f] for f in form.changed_data})
        return Response(api.TalkPlanDetailSerializer(get_plan_for_user(request.user, code)).data)

    # PATCH is the API's edit; a full PUT would have to resend every text.
    http_method_names = ["get", "patch", "head", "options"]


# --- conversation records --------------------------------------------------------------------


class StartSerializer(serializers.Serializer):
    held_at = serializers.DateTimeField()
    place = serializers.CharField(max_length=200)


@extend_schema(tags=["talks"], parameters=[OpenApiParameter("plan_code", OpenApiTypes.UUID, OpenApiParameter.PATH)],
               request=StartSerializer, responses={201: api.ConversationDetailSerializer, 400: OpenApiTypes.OBJECT},
               summary="Record a conversation from a plan: a draft with the plan's agenda, the default participants "
                       "and the compliance checklist (HR)")
class ConversationStart(APIView):
    permission_classes = [policy_permission("talks.edit")]

    def post(self, request, plan_code):
        plan = get_plan_for_user(request.user, plan_code, "talks.edit")
        body = StartSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        conversation = services.start_conversation(plan, actor=request.user, **body.validated_data)
        return Response(_conversation_data(request.user, conversation.code), status=status.HTTP_201_CREATED)


class ParticipantWrite(serializers.Serializer):
    name = serializers.CharField(required=False, allow_blank=True)
    role = serializers.CharField(help_text=f"one of {', '.join(ParticipantRole.values)}")
    employee_number = serializers.CharField(required=False, allow_blank=True,
                                            help_text="工号 of a colleague of the same company (optional)")


    def validate_role(self, value: str) -> str:
        if value not in ParticipantRole.values:
            raise serializers.ValidationError(f"one of {', '.join(ParticipantRole.values)}")
        return value


class NextStepWrite(serializers.Serializer):
    action = serializers.CharField()
    owner = serializers.CharField()
    due_date = serializers.DateField(required=False, allow_null=True)


class ConversationWrite(serializers.ModelSerializer):
    participants = ParticipantWrite(many=True, required=False, help_text="replaces the list when given")
    next_steps = NextStepWrite(many=True, required=False, help_text="replaces the list when given")

    class Meta:
        model = Conversation
        fields = [*services.RECORD_FIELDS, "participants", "next_steps"]
        extra_kwargs = {f: {"required": False} for f in services.RECORD_FIELDS}


def _rows(rows: list, form_class, name: str) -> list[dict]:
    """Each row through the page's form; errors as {name: {"<index>": {field: [...]}}}."""
    cleaned, errors = [], {}
    for index, raw in enumerate(rows):
        form = form_class({k: ("" if v is None else v) for k, v in raw.items()})
        if form.is_valid():
            cleaned.append(form.cleaned_data)
        else:
            errors[str(index)] = {f: [str(m) for m in ms] for f, ms in form.errors.items()}
    if errors:
        raise serializers.ValidationError({name: errors})
    return cleaned


@extend_schema(tags=["talks"], parameters=[CODE])
class ConversationDetail(api.ConversationDetail):
    """GET: one version of a record (see the read API). PATCH: change a draft — its texts, participants
    and next steps (HR); a signed record is changed only by a correction (409)."""

    http_method_names = ["get", "patch", "head", "options"]

    @extend_schema(request=ConversationWrite, responses={
        200: api.ConversationDetailSerializer, 400: OpenApiTypes.OBJECT, 409: _Conflict},
        summary="Change a draft conversation record (HR)")
    def patch(self, request, code):
        conversation = get_conversation_for_user(request.user, code, "talks.edit")
        _draft(conversation)
        body = ConversationWrite(data=request.data, partial=True)
        body.is_valid(raise_exception=True)
        data = dict(body.validated_data)
        people = steps = None
        if "participants" in request.data:
            people = []
            for row in _rows(request.data.get("participants") or [], ParticipantForm, "participants"):
                if not (row.get("name") or row.get("employee_number")):
                    continue
                employee = None
                if row.get("employee_number"):
                    employee = Employee.objects.filter(company_id=conversation.employee.company_id,
                                                       employee_number=row["employee_number"]).first()
                people.append({"name": row.get("name") or (employee.name if employee else ""), "role": row["role"],
                               "employee": employee})
        if "next_steps" in request.data:
            steps = [{"action": r["action"], "owner": r["owner"], "due_date": r.get("due_date")}
                     for r in _rows(request.data.get("next_steps") or [], NextStepForm, "next_steps")
                     if r.get("action")]
        fields = {f: data[f] for f in services.RECORD_FIELDS if f in data}
        try:
            services.update_conversation(conversation, actor=request.user, fields=fields, participants=people,
                                         next_steps=steps)
        except services.TalkError as exc:
            raise Conflict({"detail": str(exc)}) from None
        return Response(_conversation_data(request.user, code))


class TickSerializer(serializers.Serializer):
    done = serializers.BooleanField()


@extend_schema(tags=["talks"], parameters=[CODE, OpenApiParameter("order", int, OpenApiParameter.PATH)],
               request=TickSerializer, responses={200: api.ChecklistItemSerializer, 400: OpenApiTypes.OBJECT,
                                                  409: _Conflict},
               summary="Tick (or untick) one item of a draft record's compliance checklist (HR)")
class ChecklistTick(APIView):
    permission_classes = [policy_permission("talks.edit")]

    def post(self, request, code, order):
        conversation = get_conversation_for_user(request.user, code, "talks.edit")
        item = get_object_or_404(ChecklistItem, conversation=conversation, order=order)
        item.conversation = conversation
        body = TickSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            services.tick(item, body.validated_data["done"], actor=request.user)
        except services.TalkError as exc:
            raise Conflict({"detail": str(exc)}) from None
        return Response(api.ChecklistItemSerializer(item).data)


class AttachmentUpload(serializers.Serializer):
    file = serializers.FileField(help_text="a document (PDF, Word, JPG, PNG, ≤ 10 MB) or a recording (MP3, WAV, "
                                           "M4A, OGG, FLAC, AMR, WebM, ≤ 100 MB), judged on its content")
    kind = serializers.ChoiceField(choices=AttachmentKind.choices, default=AttachmentKind.DOCUMENT)


@extend_schema(tags=["talks"], parameters=[CODE], request={"multipart/form-data": AttachmentUpload},
               responses={201: api.AttachmentSerializer, 400: OpenApiTypes.OBJECT, 409: _Conflict},
               summary="Attach a document or a recording to a draft record (HR): checked on its content, "
                       "encrypted at rest, its SHA-256 in the ledger; a recording needs the employee's consent")
class AttachmentAdd(APIView):
    permission_classes = [policy_permission("talks.edit")]
    parser_classes = [MultiPartParser, FormParser]

    def post(self, request, code):
        conversation = get_conversation_for_user(request.user, code, "talks.edit")
        _draft(conversation)
        body = AttachmentUpload(data=request.data)
        body.is_valid(raise_exception=True)
        kind = body.validated_data["kind"]
        try:
            attachment = services.add_attachment(conversation, body.validated_data["file"], actor=request.user,
                                                 kind=kind)
        except services.TalkError as exc:
            # Refused on its content, its size or (a recording) the missing consent: the file's fault.
            raise _refused(exc, "file") from None
        return Response(api.AttachmentSerializer(attachment).data, status=status.HTTP_201_CREATED)


class AnyFileRenderer(renderers.BaseRenderer):
    """Lets a client ask for an attachment with `Accept: application/octet-stream`; the view answers the file."""

    media_type = "application/octet-stream"
    format = "bin"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


@extend_schema(tags=["talks"], parameters=[CODE], responses={
    (200, "application/octet-stream"): OpenApiResponse(OpenApiTypes.BINARY, description="the file as uploaded")},
    summary="Download an attachment, decrypted, the read in the access log (a recording: HR and legal; a "
            "document: also a manager who took part)")
class AttachmentDownload(APIView):
    permission_classes = [policy_permission("talks.view")]
    renderer_classes = [renderers.JSONRenderer, AnyFileRenderer]

    def get(self, request, code):
        attachment = get_attachment_for_user(request.user, code)
        return download(request._request, attachment, "file", employee=attachment.conversation.employee,
                        purpose=gettext_noop("API: 下载谈话附件"), filename=attachment.name, data=read_attachment(attachment))


@extend_schema(tags=["talks"], parameters=[CODE], request=None,
               responses={200: api.ConversationDetailSerializer, 409: _Conflict},
               summary="Sign a draft record off (HR): from then on it is evidence, changed only by a correction")
class ConversationSign(APIView):
    permission_classes = [policy_permission("talks.edit")]

    def post(self, request, code):
        conversation = get_conversation_for_user(request.user, code, "talks.edit")
        try:
            services.sign_conversation(conversation, actor=request.user,
                                       untold_confirmed=request.data.get("confirm_untold") in (True, "1", "true"))
        except services.TalkError as exc:
            raise Conflict({"detail": str(exc)}) from None
        return Response(_conversation_data(request.user, code))


class CorrectSerializer(serializers.Serializer):
    reason = serializers.CharField(max_length=1000)


@extend_schema(tags=["talks"], parameters=[CODE], request=CorrectSerializer,
               responses={201: api.ConversationDetailSerializer, 400: OpenApiTypes.OBJECT, 409: _Conflict},
               summary="Open a correction of a signed record (HR): a new draft version pointing to it")
class ConversationCorrect(APIView):
    permission_classes = [policy_permission("talks.edit")]

    def post(self, request, code):
        conversation = get_conversation_for_user(request.user, code, "talks.edit")
        body = CorrectSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            new = services.correct_conversation(conversation, actor=request.user, reason=body.validated_data["reason"])
        except services.TalkError as exc:
            raise Conflict({"detail": str(exc)}) from None
        return Response(_conversation_data(request.user, new.code), status=status.HTTP_201_CREATED)


class ZipRenderer(renderers.BaseRenderer):
    media_type = "application/zip"
    format = "zip"
    charset = None
    render_style = "binary"

    def render(self, data, accepted_media_type=None, renderer_context=None):
        return data if isinstance(data, bytes) else b""


@extend_schema(tags=["talks"], parameters=[OpenApiParameter("case_code", OpenApiTypes.UUID, OpenApiParameter.PATH)],
               request=None, responses={(200, "application/zip"): OpenApiResponse(
                   OpenApiTypes.BINARY, description="the ZIP: summary PDF, signed records, files and manifest")},
               summary="The case's evidence package (HR, legal), recorded in the ledger with every file's hash")
class EvidencePackage(APIView):
    permission_classes = [policy_permission("talks.export")]
    renderer_classes = [renderers.JSONRenderer, ZipRenderer]

    def post(self, request, case_code):
        from .evidence import build_package

        case = get_case_for_user(request.user, case_code, "talks.export")
        name, data = build_package(case, actor=request.user)
        response = HttpResponse(data, content_type="application/zip")
        response["Content-Disposition"] = attachment_header(name)
        return response


# --- settings: plan templates and escalation phrases ------------------------------------------

CONFIGURE = "talks.configure"


class TemplateSerializer(serializers.ModelSerializer):
    company = serializers.IntegerField(source="company_id", read_only=True)
    situation = serializers.CharField(read_only=True)

    class Meta:
        model = PlanTemplate
        fields = ["company", "situation", *services.PLAN_TEXT_FIELDS, "updated_at"]
        read_only_fields = ["updated_at"]


@extend_schema(tags=["settings"], parameters=[COMPANY], responses=TemplateSerializer(many=True),
               summary="The company's talk-plan templates, one per situation (谈话方案模板)")
class TemplateList(APIView):
    permission_classes = [policy_permission(CONFIGURE)]

    def get(self, request):
        company = settings_company_for_api(request, CONFIGURE)
        return Response(TemplateSerializer(PlanTemplate.objects.filter(company=company).order_by("situation"),
                                           many=True).data)


@extend_schema(tags=["settings"], parameters=[COMPANY, OpenApiParameter("situation", str, OpenApiParameter.PATH,
                                                                        enum=list(Situation.values))])
class TemplateDetail(APIView):
    """One situation's template; PUT its texts (plans generated afterwards use them; `{name}`
    placeholders from the documented list only)."""

    permission_classes = [policy_permission(CONFIGURE)]

    def _template(self, request, situation) -> PlanTemplate:
        company = settings_company_for_api(request, CONFIGURE)
        return get_object_or_404(PlanTemplate, company=company, situation=situation)

    @extend_schema(responses=TemplateSerializer)
    def get(self, request, situation):
        return Response(TemplateSerializer(self._template(request, situation)).data)

    @extend_schema(request=TemplateSerializer, responses={200: TemplateSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request, situation):
        template = self._template(request, situation)
        data = {f: getattr(template, f) for f in services.PLAN_TEXT_FIELDS}
        data.update({f: request.data[f] for f in services.PLAN_TEXT_FIELDS if f in request.data})
        form = TemplateForm(data, instance=template)
        if not form.is_valid():
            raise form_errors(form)
        services.save_template(form.save(commit=False), actor=request.user)
        return Response(TemplateSerializer(PlanTemplate.objects.get(pk=template.pk)).data)


class PhrasesSerializer(serializers.Serializer):
    company = serializers.IntegerField(read_only=True)
    phrases = serializers.ListField(child=serializers.CharField(max_length=50, allow_blank=True),
                                    help_text="the whole active list (phrases left out are deactivated)")


@extend_schema(tags=["settings"], parameters=[COMPANY])
class Phrases(APIView):
    """The company's escalation phrases (风险用语): a transcript using one prompts legal."""

    permission_classes = [policy_permission(CONFIGURE)]

    @extend_schema(responses=PhrasesSerializer)
    def get(self, request):
        company = settings_company_for_api(request, CONFIGURE)
        return Response({"company": company.pk, "phrases": services.active_phrases(company.pk)})

    @extend_schema(request=PhrasesSerializer, responses={200: PhrasesSerializer, 400: OpenApiTypes.OBJECT})
    def put(self, request):
        company = settings_company_for_api(request, CONFIGURE)
        body = PhrasesSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        form = PhrasesForm({"phrases": "\n".join(body.validated_data["phrases"])})
        if not form.is_valid():
            raise form_errors(form)
        saved = services.save_phrases(company, form.cleaned_phrases(), actor=request.user)
        return Response({"company": company.pk, "phrases": saved})

