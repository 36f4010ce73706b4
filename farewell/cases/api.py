"""POST /api/law/compute: the `farewell law compute` contract over HTTP."""

from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiExample, extend_schema
from rest_framework import status
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.permissions import policy_permission

from . import engine_calls, services


class LawComputeView(APIView):
    """Is this separation lawful, what is owed, and why — one JSON object or a list of them."""

    permission_classes = [policy_permission("law.calculate")]
    parser_classes = [JSONParser]

    @extend_schema(
        request=OpenApiTypes.OBJECT,
        responses={200: OpenApiTypes.OBJECT, 400: OpenApiTypes.OBJECT},
        summary="Compute a separation under PRC law (the `farewell law compute` contract)",
        examples=[
            OpenApiExample(
                "mutual agreement",
                value={
                    "ground": "mutual_employer_initiated",
                    "hire_date": "2020-03-01",
                    "separation_date": "2022-08-31",
                    "monthly_wages": [10000],
                },
                request_only=True,
            )
        ],
    )
    def post(self, request):
        # The contract ignores unknown keys: `practice_options` is the app's own (a case's stored input),
        # not an API input, so a client's copy of it changes nothing.
        outcome = services.calculate(engine_calls.without_options(request.data))
        if outcome.error is not None:
            return Response(
                {"error": outcome.error.message, "field": outcome.error.field},
                status=status.HTTP_400_BAD_REQUEST,
            )
        return Response(outcome.result)




# --- separation cases ------------------------------------------------------------------------

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied  # noqa: E402
from django.db.models import Prefetch  # noqa: E402
from rest_framework import generics, serializers  # noqa: E402
from rest_framework.exceptions import PermissionDenied  # noqa: E402

from farewell.common.dates import validate_period_date  # noqa: E402

from . import workflow  # noqa: E402
from .access import cases_for, get_case_for_user, sees_extra_cap  # noqa: E402
from .models import CaseStep, SeparationCase, StepStatus  # noqa: E402


class CaseStepSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)  # plain strings: keeps the schema's enum names unambiguous
    kind = serializers.CharField(read_only=True)
    # In the request's language (kept as words since the step was routed; an older step's note as stored).
    routing_note = serializers.CharField(source="shown_routing_note", read_only=True)
    comment = serializers.SerializerMethodField(
        help_text="the decider's comment, or why the step was skipped (the cap's figure only for who may see it)")

    class Meta:
        model = CaseStep
        fields = ["code", "round", "order", "kind", "status", "due_date", "decided_at", "comment", "routing_note",
                  "unrouted"]

    def get_comment(self, step) -> str:
        # Set by CaseSerializer for the reader; a serializer built without one words it without the cap.
        return workflow.shown_comment(step, sees_cap=self.context.get("sees_cap", False))


class CaseSerializer(serializers.ModelSerializer):
    employee = serializers.UUIDField(source="employee.code")
    employee_name = serializers.CharField(source="employee.name")
    offered_amount = serializers.DecimalField(max_digits=12, decimal_places=2, read_only=True)
    status = serializers.CharField(read_only=True)
    case_type = serializers.CharField(read_only=True)
    risk = serializers.CharField(read_only=True)

    class Meta:
        model = SeparationCase
        fields = ["code", "employee", "employee_name", "case_type", "ground", "status", "risk", "lawful",
                  "separation_date", "last_working_day", "notice_date", "statutory_amount",
                  "extra_compensation", "extra_cap", "offered_amount", "employee_demand", "created_at"]

    def to_representation(self, instance):
        """`extra_cap` null for a reader who may not see the company's cap (the line manager: access.sees_extra_cap)."""
        request = self.context.get("request")
        # No request (a caller that forgot it): nothing the manager may not read.
        sees_cap = request is not None and sees_extra_cap(request.user, instance)
        self.context["sees_cap"] = sees_cap  # the steps' comments (CaseStepSerializer)
        data = super().to_representation(instance)
        if "extra_cap" in data and not sees_cap:
            data["extra_cap"] = None
        return data


class CaseDetailSerializer(CaseSerializer):
    steps = CaseStepSerializer(many=True, read_only=True)
    facts = serializers.JSONField(read_only=True, help_text="the facts HR entered beyond the dates (PATCH changes them)")

    class Meta(CaseSerializer.Meta):
        fields = CaseSerializer.Meta.fields + ["reason", "facts", "steps"]


class CaseListView(generics.ListAPIView):
    """Separation cases in the caller's scope."""

    permission_classes = [policy_permission("case.view")]
    serializer_class = CaseSerializer

    def get_queryset(self):
        return cases_for(self.request.user).select_related("employee").order_by("-created_at", "-id")


class CaseDetailView(generics.RetrieveAPIView):
    permission_classes = [policy_permission("case.view")]
    serializer_class = CaseDetailSerializer

    def get_object(self):
        qs = SeparationCase.objects.select_related("employee").prefetch_related(
            Prefetch("steps", queryset=CaseStep.objects.order_by("round", "order")))
        try:
            return get_case_for_user(self.request.user, self.kwargs["code"], "case.view", queryset=qs)
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None


class TransitionSerializer(serializers.Serializer):
    action = serializers.ChoiceField(choices=sorted(workflow.HR_ACTIONS | {"approve", "reject", "return"}))
    comment = serializers.CharField(required=False, allow_blank=True, default="")
    closed_on = serializers.DateField(required=False, allow_null=True, default=None, validators=[validate_period_date])
    document_date = serializers.DateField(required=False, allow_null=True, default=None,
                                          validators=[validate_period_date])
    document_file = serializers.FileField(required=False, allow_null=True, default=None,
                                          help_text="the union notification document (multipart/form-data)")


class CaseTransitionView(APIView):
    """HR actions on the case (submit, withdraw, acknowledge, start_handover, close, reopen) and step
    decisions (approve, reject, return the active step the caller may act on). `reopen` (重新提交审批) takes an
    approved case or one in handover back into review, `comment` its required reason. 409 when someone
    else got there first or the state machine refuses."""

    permission_classes = [policy_permission("case.view")]
    parser_classes = [JSONParser, MultiPartParser]

    @extend_schema(request=TransitionSerializer, responses={200: CaseDetailSerializer, 409: OpenApiTypes.OBJECT})
    def post(self, request, code):
        get_case_for_user(request.user, code)  # outside one's scope → 404 before the body is read (DESIGN)
        body = TransitionSerializer(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        action = data["action"]
        try:
            if action in workflow.HR_ACTIONS:
                case = get_case_for_user(request.user, code, "case.edit")
                services.perform(case, action, actor=request.user, comment=data["comment"],
                                 closed_on=data["closed_on"])
            else:
                case = get_case_for_user(request.user, code, "case.decide")
                active = list(case.steps.filter(status=StepStatus.ACTIVE).select_related("case"))
                step = next((s for s in active if workflow.can_act(request.user, s)), None)
                # The opener gets the four-eyes refusal (409 with the reason), not a bare 403.
                step = step or next((s for s in active if workflow.opener_refused(request.user, s)), None)
                if step is None:
                    raise DjangoPermissionDenied("case.decide")
                services.decide_step(step, action, actor=request.user, comment=data["comment"],
                                     document_date=data["document_date"], document_file=data["document_file"])
        except DjangoPermissionDenied as exc:
            raise PermissionDenied(str(exc)) from None
        except services.CaseError as exc:
            return Response({"error": str(exc)}, status=status.HTTP_409_CONFLICT)
        case = SeparationCase.objects.select_related("employee").get(pk=case.pk)
        return Response(CaseDetailSerializer(case, context={"request": request}).data)
