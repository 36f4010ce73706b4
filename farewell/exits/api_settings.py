"""/api/exits/reasons/, /api/exits/survey-questions/, /api/exits/replacement-costs/ (设置 › 离职原因,
离职问卷, 替换成本): the same forms and services as settings_views.py, under the same company rule
(accounts/company_settings.py: each company has its own; `?company=<id>` names it, another company's
is not found, a unit-scoped HR admin is refused)."""

from __future__ import annotations

from django.http import Http404
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.company_settings import settings_company_for_api, settings_company_ids
from farewell.accounts.permissions import policy_permission
from farewell.common.api import NON_FIELD, form_errors
from farewell.org.models import Position

from . import services
from .forms import QuestionForm, ReasonForm, ReplacementCostForm
from .models import ExitReason, ReplacementCost

ACTION = "exits.configure"
COMPANY = OpenApiParameter("company", int, description="company id (default: your first as HR admin)")
REASON_FIELDS = ("name", "evidence", "rehire_limit", "order", "active")


def _error(exc: services.ExitError) -> serializers.ValidationError:
    return serializers.ValidationError({NON_FIELD: [str(exc)]})


class ReasonSerializer(serializers.ModelSerializer):
    company = serializers.IntegerField(source="company_id", read_only=True)
    parent = serializers.CharField(source="parent.code", read_only=True, allow_null=True,
                                   help_text="the primary reason's code (empty: a primary reason)")

    class Meta:
        model = ExitReason
        fields = ["id", "company", "code", "name", "parent", "evidence", "rehire_limit", "order", "active"]


class ReasonWrite(serializers.Serializer):
    code = serializers.CharField(required=False, help_text="a new reason's code (fixed once saved)")
    name = serializers.CharField(required=False)
    parent = serializers.CharField(required=False, allow_blank=True, allow_null=True,
                                   help_text="the primary reason's code; empty: a primary reason")
    evidence = serializers.CharField(required=False, help_text="pay, training, appraisal, manager, …, none")
    rehire_limit = serializers.CharField(required=False, allow_blank=True)
    order = serializers.IntegerField(required=False)
    active = serializers.BooleanField(required=False)


def _reason_rows(company) -> list[ExitReason]:
    return list(ExitReason.objects.filter(company=company).select_related("parent").order_by("order", "id"))


def _save_reason(request, company, reason: ExitReason | None) -> ExitReason:
    """Validate with the page's form (a field left out keeps its value) and save through the service."""
    body = ReasonWrite(data=request.data)
    body.is_valid(raise_exception=True)
    given = body.validated_data
    data = {f: getattr(reason, f) for f in REASON_FIELDS} if reason is not None else {
        "order": 0, "active": True, "evidence": "none", "rehire_limit": ""}
    data["parent"] = reason.parent_id if reason is not None else None
    data.update({f: given[f] for f in REASON_FIELDS if f in given})
    if reason is None:
        data["code"] = given.get("code", "")
    if "parent" in given:
        data["parent"] = None
        if given["parent"]:
            data["parent"] = (ExitReason.objects.filter(company=company, code=given["parent"])
                              .values_list("pk", flat=True).first())
            if data["parent"] is None:
                raise serializers.ValidationError({"parent": [f"unknown reason: {given['parent']}"]})
    if not data.get("active"):
        data.pop("active", None)  # a checkbox: absent is off
    form = ReasonForm({k: v for k, v in data.items() if v is not None}, instance=reason, company=company)
    if not form.is_valid():
        raise form_errors(form)
    try:
        return services.save_reason(form.save(commit=False), acting_user=request.user)
    except services.ExitError as exc:
        raise _error(exc) from None


@extend_schema(tags=["settings"], parameters=[COMPANY])
class ReasonList(APIView):
    """A company's exit reasons (switched-off ones too); POST adds one."""

    permission_classes = [policy_permission(ACTION)]

    @extend_schema(responses=ReasonSerializer(many=True))
    def get(self, request):
        return Response(ReasonSerializer(_reason_rows(settings_company_for_api(request, ACTION)), many=True).data)

    @extend_schema(request=ReasonWrite, responses={201: ReasonSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        reason = _save_reason(request, settings_company_for_api(request, ACTION), None)
        return Response(ReasonSerializer(reason).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=["settings"], parameters=[OpenApiParameter("id", int, OpenApiParameter.PATH)])
class ReasonDetail(APIView):
    """One exit reason of a company the HR admin configures; PATCH changes it (not its code). Another
    company's reason is not found (issue 13)."""

    permission_classes = [policy_permission(ACTION)]

    def _reason(self, request, pk: int) -> ExitReason:
        ids = settings_company_ids(request.user, ACTION)
        if not ids:
            raise PermissionDenied("exits.configure: a whole-company HR admin grant is needed")
        reason = ExitReason.objects.filter(company_id__in=ids, pk=pk).select_related("parent", "company").first()
        if reason is None:
            raise Http404
        return reason

    @extend_schema(responses=ReasonSerializer)
    def get(self, request, pk):
        return Response(ReasonSerializer(self._reason(request, pk)).data)

    @extend_schema(request=ReasonWrite, responses={200: ReasonSerializer, 400: OpenApiTypes.OBJECT})
    def patch(self, request, pk):
        reason = self._reason(request, pk)
        reason = _save_reason(request, reason.company, reason)
        return Response(ReasonSerializer(ExitReason.objects.select_related("parent").get(pk=reason.pk)).data)


class SurveyQuestionSerializer(serializers.Serializer):
    id = serializers.IntegerField(required=False, allow_null=True, help_text="an existing question's id; none: new")
    text = serializers.CharField(max_length=300)
    kind = serializers.CharField(help_text="scale, reason or text")
    order = serializers.IntegerField(required=False, default=0)


class SurveyQuestionsWrite(serializers.Serializer):
    questions = SurveyQuestionSerializer(many=True, help_text="the whole questionnaire; questions left out are switched off")


def _questions(company) -> list[dict]:
    return [{"id": q.pk, "text": q.text, "kind": q.kind, "order": q.order}
            for q in services.active_questions(company.pk)]


@extend_schema(tags=["settings"], parameters=[COMPANY])
class QuestionList(APIView):
    """A company's exit survey (its active questions); PUT replaces it (answers keep the text as asked)."""

    permission_classes = [policy_permission(ACTION)]

    @extend_schema(responses=SurveyQuestionSerializer(many=True))
    def get(self, request):
        return Response(_questions(settings_company_for_api(request, ACTION)))

    @extend_schema(request=SurveyQuestionsWrite, responses={200: SurveyQuestionSerializer(many=True), 400: OpenApiTypes.OBJECT})
    def put(self, request):
        company = settings_company_for_api(request, ACTION)
        body = SurveyQuestionsWrite(data=request.data)
        body.is_valid(raise_exception=True)
        rows, errors = [], {}
        for number, item in enumerate(body.validated_data["questions"]):
            form = QuestionForm({k: v for k, v in item.items() if v is not None})
            if form.is_valid():
                rows.append(form.cleaned_data)
            else:
                errors[str(number)] = {f: [str(m) for m in ms] for f, ms in form.errors.items()}
        if errors:
            raise serializers.ValidationError({"questions": errors})
        services.save_questions(company, rows, acting_user=request.user)
        return Response(_questions(company))


class ReplacementCostSerializer(serializers.Serializer):
    position = serializers.IntegerField(help_text="position id (of the company)")
    position_name = serializers.CharField(read_only=True)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)


def _costs(company) -> list[dict]:
    return [{"position": c.position_id, "position_name": c.position.name, "amount": c.amount}
            for c in ReplacementCost.objects.filter(position__company=company).select_related("position")
            .order_by("position__name")]


@extend_schema(tags=["settings"], parameters=[COMPANY])
class ReplacementCostList(APIView):
    """What replacing a leaver costs per position of a company; PUT sets one position's."""

    permission_classes = [policy_permission(ACTION)]

    @extend_schema(responses=ReplacementCostSerializer(many=True))
    def get(self, request):
        return Response(ReplacementCostSerializer(_costs(settings_company_for_api(request, ACTION)), many=True).data)

    @extend_schema(request=ReplacementCostSerializer,
                   responses={200: ReplacementCostSerializer(many=True), 400: OpenApiTypes.OBJECT})
    def put(self, request):
        company = settings_company_for_api(request, ACTION)
        form = ReplacementCostForm({k: request.data.get(k) for k in ("position", "amount")
                                    if request.data.get(k) is not None},
                                   positions=Position.objects.filter(company=company))
        if not form.is_valid():
            raise form_errors(form)
        services.save_replacement_cost(form.cleaned_data["position"], form.cleaned_data["amount"],
                                       acting_user=request.user)
        return Response(ReplacementCostSerializer(_costs(company), many=True).data)
