"""/api/me/talks/… and /api/me/exit-survey/: the employee's signed talk records (talks:mine) and exit
survey (exits:my_exit) as an API, from the same projections and services as those pages."""

from __future__ import annotations

from django.conf import settings
from django.http import Http404
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.documents import html_to_pdf
from farewell.exits import services as exit_services
from farewell.exits.forms import SurveyForm
from farewell.exits.models import Departure, ExitSurvey, SurveyStatus
from farewell.exits.summary import career_summary
from farewell.talks import services as talk_services
from farewell.talks.models import Conversation, ConversationStatus
from farewell.talks.projection import record_for_employee

from .api import CODE, FILE_RENDERERS, PDF, TAGS, _Detail, _file
from .employee_copy import signed_records


def _own(user, action: str):
    policy.require(user, action)
    if user.employee is None:
        raise Http404
    return user.employee


# --- my talk records -------------------------------------------------------------------------------


class TalkRecordSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    held_at = serializers.DateTimeField()
    place = serializers.CharField()
    version = serializers.IntegerField()
    participants = serializers.JSONField(help_text="[{name, role}]")
    agenda = serializers.CharField()
    notes = serializers.CharField()
    employee_statements = serializers.CharField()
    agreed = serializers.CharField()
    next_steps = serializers.JSONField(help_text="[{action, owner, due_date}]")
    checklist = serializers.JSONField(help_text="[{text, done}]")
    acknowledged_at = serializers.DateTimeField(allow_null=True)


def _signed(employee, code) -> Conversation:
    conversation = (Conversation.objects.filter(employee=employee, status=ConversationStatus.SIGNED, code=code)
                    .select_related("acknowledgement", "case")
                    .prefetch_related("participants", "next_steps", "checklist").first())
    if conversation is None:  # not mine, not signed, or no such record
        raise Http404
    return conversation


@extend_schema(tags=TAGS, summary="My signed talk records, latest version of each (never drafts, transcripts or "
                                  "HR's internal lines)", responses=TalkRecordSerializer(many=True))
class TalkRecords(APIView):
    permission_classes = [policy_permission("talks.self")]

    def get(self, request):
        employee = _own(request.user, "talks.self")
        records = sorted(signed_records(employee), key=lambda r: (r.held_at, r.version), reverse=True)
        return Response(TalkRecordSerializer(records, many=True).data)


@extend_schema(tags=TAGS, summary="My copy of one signed talk record as a PDF", parameters=[CODE],
               responses={(200, PDF): OpenApiResponse(OpenApiTypes.BINARY, description="the PDF"), 404: _Detail})
class TalkRecordPdf(APIView):
    permission_classes = [policy_permission("talks.self")]
    renderer_classes = FILE_RENDERERS

    def get(self, request, code):
        employee = _own(request.user, "talks.self")
        conversation = _signed(employee, code)
        html = render_to_string("talks/mine_record_pdf.html", {
            "record": record_for_employee(conversation), "employee_name": employee.name})
        data = html_to_pdf(html, base_url=f"file://{settings.BASE_DIR}/")
        return _file(data, f"talk-{conversation.held_at:%Y%m%d}-v{conversation.version}.pdf", PDF)


class AcknowledgeRequest(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


@extend_schema(tags=TAGS, summary="Acknowledge one of my signed talk records (with a comment, if any)",
               parameters=[CODE], request=AcknowledgeRequest,
               responses={200: TalkRecordSerializer, 404: _Detail, 409: _Detail})
class TalkRecordAcknowledge(APIView):
    permission_classes = [policy_permission("talks.self")]

    def post(self, request, code):
        employee = _own(request.user, "talks.self")
        conversation = _signed(employee, code)
        form = AcknowledgeRequest(data=request.data)
        form.is_valid(raise_exception=True)
        try:
            talk_services.acknowledge(conversation, actor=request.user, comment=form.validated_data.get("comment", ""))
        except talk_services.TalkError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return Response(TalkRecordSerializer(record_for_employee(_signed(employee, code))).data)


# --- my exit survey --------------------------------------------------------------------------------


class QuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    text = serializers.CharField()
    kind = serializers.CharField(help_text="scale (1–5), reason (a reason's id from `choices`) or text")
    choices = serializers.JSONField(help_text="reason questions: [{id, name}]")


class CareerSummarySerializer(serializers.Serializer):
    hire_date = serializers.DateField(source="departure.hire_date")
    separation_date = serializers.DateField(source="departure.separation_date")
    tenure = serializers.CharField()
    unit = serializers.CharField()
    position = serializers.CharField()
    training_count = serializers.IntegerField()
    training_hours = serializers.CharField()
    courses = serializers.SerializerMethodField()
    contributions = serializers.SerializerMethodField()
    rewards = serializers.SerializerMethodField()
    advice = serializers.CharField()

    def get_courses(self, summary) -> list[str]:
        return [c.course for c in summary["courses"]]

    def get_contributions(self, summary) -> list[dict]:
        return [{"date": c.date, "title": c.title, "role": c.role} for c in summary["contributions"]]

    def get_rewards(self, summary) -> list[dict]:
        return [{"date": r.date, "title": r.title} for r in summary["rewards"]]


class ExitSurveySerializer(serializers.Serializer):
    status = serializers.CharField(allow_null=True, help_text="sent (answer it), answered, or null (none sent)")
    sent_at = serializers.DateTimeField(allow_null=True)
    answered_at = serializers.DateTimeField(allow_null=True)
    questions = QuestionSerializer(many=True, help_text="the questions to answer while the survey is open")
    career_summary = CareerSummarySerializer(allow_null=True, help_text="shown once HR shares it")


class SurveyAnswerRequest(serializers.Serializer):
    answers = serializers.DictField(child=serializers.CharField(allow_blank=True),
                                    help_text="{question id: a score 1–5, a reason id, or text}; blanks are skipped")
    consent_named = serializers.BooleanField(default=False, help_text="true: the company may use my answers by "
                                                                      "name (else only in anonymous aggregates)")


def _survey_form(departure, data=None):
    """The page's form for the departure's company: its own questions and reasons (issue 13)."""
    return SurveyForm(data, company_id=departure.company_id,
                      questions=exit_services.active_questions(departure.company_id))


def _survey_state(employee):
    departure = (Departure.objects.filter(employee=employee).select_related("org_unit", "position", "employee")
                 .order_by("-separation_date").first())
    survey = ExitSurvey.objects.filter(departure=departure).first() if departure is not None else None
    return departure, survey


@extend_schema(tags=TAGS)
class ExitSurveyView(APIView):
    permission_classes = [policy_permission("exits.survey_self")]

    @extend_schema(summary="My exit survey (its questions while it is open) and my career summary if HR shared it",
                   responses=ExitSurveySerializer)
    def get(self, request):
        departure, survey = _survey_state(_own(request.user, "exits.survey_self"))
        questions = []
        if survey is not None and survey.status == SurveyStatus.SENT:
            form = _survey_form(departure)
            for question in form.questions:
                field = form.fields[f"q{question.pk}"]
                choices = ([{"id": r.pk, "name": r.name} for r in field.queryset] if question.kind == "reason"
                           else [])
                questions.append({"id": question.pk, "text": question.label, "kind": question.kind,
                                  "choices": choices})
        summary = career_summary(departure) if departure is not None and departure.summary_shared else None
        return Response(ExitSurveySerializer({
            "status": survey.status if survey else None, "sent_at": survey.sent_at if survey else None,
            "answered_at": survey.answered_at if survey else None, "questions": questions,
            "career_summary": summary}).data)

    @extend_schema(summary="Answer my exit survey (once)", request=SurveyAnswerRequest,
                   responses={200: ExitSurveySerializer, 400: OpenApiTypes.OBJECT, 409: _Detail})
    def post(self, request):
        employee = _own(request.user, "exits.survey_self")
        departure, survey = _survey_state(employee)
        if survey is None or survey.status != SurveyStatus.SENT:
            return Response({"detail": _("没有待填写的问卷")}, status=status.HTTP_409_CONFLICT)
        body = SurveyAnswerRequest(data=request.data)
        body.is_valid(raise_exception=True)
        data = {f"q{key}": value for key, value in body.validated_data["answers"].items()}
        if body.validated_data["consent_named"]:
            data["consent_named"] = "on"
        form = _survey_form(departure, data)
        if not form.is_valid():
            raise serializers.ValidationError({"answers": {key.removeprefix("q"): [str(m) for m in messages]
                                                           for key, messages in form.errors.items()}})
        try:
            exit_services.answer_survey(survey, acting_user=request.user, answers=form.answers(),
                                        consent_named=form.cleaned_data["consent_named"])
        except exit_services.ExitError as exc:
            return Response({"detail": str(exc)}, status=status.HTTP_409_CONFLICT)
        return self.get(request)

