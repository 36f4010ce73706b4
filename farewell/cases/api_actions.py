"""/api/cases/<code>/civil-service/… and /api/layoffs/: the case page's civil-service steps and the
layoff batch (LCL 41), through the same services, forms and access helpers as the pages."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db.models import Count, Prefetch, Q
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import generics, serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.parsers import JSONParser, MultiPartParser
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts import policy
from farewell.accounts.permissions import policy_permission
from farewell.common.api import NON_FIELD, CappedPageNumberPagination, form_errors

from . import civil_service_actions, layoff_routing, layoffs
from .access import cases_for, get_case_for_user
from .api import CaseDetailSerializer
from .layoff_forms import (
    AddMembersForm,
    BatchActionForm,
    BatchDecisionForm,
    BatchForm,
    CreateBatchForm,
    FilingForm,
)
from .layoff_models import FilingKind, LayoffStep
from .layoff_views import batches_for, get_batch_for_user
from .models import CaseFamily, SeparationCase
from .workflow import CaseError

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="UUID code")


def _refused(exc: CaseError) -> Response:
    """The state machine's or a rule's refusal: 409 with the reason (as the case transitions answer)."""
    return Response({NON_FIELD: [str(exc)]}, status=status.HTTP_409_CONFLICT)


def _case_for(user, code, action="case.edit") -> SeparationCase:
    try:
        return get_case_for_user(user, code, action)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None


def _case_answer(request, case: SeparationCase) -> Response:
    return Response(CaseDetailSerializer(SeparationCase.objects.select_related("employee").get(pk=case.pk),
                                         context={"request": request}).data)


# --- civil-service steps on a case -------------------------------------------------------------------


class AnswerRequest(serializers.Serializer):
    item = serializers.CharField(help_text="the checklist item's code (CSL 86 or CSL 89)")
    answer = serializers.ChoiceField(choices=["yes", "no"])
    note = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)
    document_file = serializers.FileField(required=False, allow_null=True, default=None,
                                          help_text="evidence (multipart/form-data)")


@extend_schema(tags=["cases"], parameters=[CODE], request={"multipart/form-data": AnswerRequest,
                                                          "application/json": AnswerRequest},
               responses={200: CaseDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class CivilServiceAnswer(APIView):
    """Answer one civil-service checklist item (是/否, a note, optional evidence); the legal check re-runs."""

    permission_classes = [policy_permission("case.edit")]
    parser_classes = [JSONParser, MultiPartParser]

    def post(self, request, code):
        case = _case_for(request.user, code)
        body = AnswerRequest(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            civil_service_actions.answer_item(case, data["item"], data["answer"] == "yes", actor=request.user,
                                              note=data["note"], document_file=data["document_file"])
        except CaseError as exc:
            return _refused(exc)
        return _case_answer(request, case)


class LeadingMemberRequest(serializers.Serializer):
    leading_member = serializers.BooleanField(help_text="领导成员: the approval period is 90 days instead of 30")


@extend_schema(tags=["cases"], parameters=[CODE], request=LeadingMemberRequest,
               responses={200: CaseDetailSerializer, 409: OpenApiTypes.OBJECT})
class CivilServiceLeadingMember(APIView):
    permission_classes = [policy_permission("case.edit")]

    def post(self, request, code):
        case = _case_for(request.user, code)
        body = LeadingMemberRequest(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            civil_service_actions.set_leading_member(case, body.validated_data["leading_member"], actor=request.user)
        except CaseError as exc:
            return _refused(exc)
        return _case_answer(request, case)


class DeliveryRequest(serializers.Serializer):
    decided_on = serializers.DateField()
    delivered_on = serializers.DateField()
    method = serializers.CharField(help_text="how the written decision was delivered (DeliveryMethod)")
    note = serializers.CharField(required=False, allow_blank=True, default="")
    document_file = serializers.FileField(help_text="the proof of delivery (multipart/form-data)")


@extend_schema(tags=["cases"], parameters=[CODE], request={"multipart/form-data": DeliveryRequest},
               responses={200: CaseDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class CivilServiceDelivery(APIView):
    """Record the delivery of the written 辞退决定 (dates, method, proof)."""

    permission_classes = [policy_permission("case.edit")]
    parser_classes = [MultiPartParser]

    def post(self, request, code):
        case = _case_for(request.user, code)
        body = DeliveryRequest(data=request.data)
        body.is_valid(raise_exception=True)
        data = body.validated_data
        try:
            civil_service_actions.record_delivery(
                case, actor=request.user, decided_on=data["decided_on"], delivered_on=data["delivered_on"],
                method=data["method"], document_file=data["document_file"], note=data["note"])
        except CaseError as exc:
            return _refused(exc)
        return _case_answer(request, case)


# --- layoff batches ------------------------------------------------------------------------------------


class LayoffStepSerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = LayoffStep
        fields = ["code", "round", "order", "kind", "status", "due_date"]


class BatchSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    reason_code = serializers.CharField(read_only=True)
    members_in_scope = serializers.IntegerField(read_only=True, required=False,
                                                help_text="members whose cases you may view")

    class Meta:
        model = CaseFamily
        fields = ["code", "title", "status", "reason_code", "reason", "planned_date", "long_term_months", "round",
                  "rehire_until", "created_at", "members_in_scope"]


class BatchDetailSerializer(BatchSerializer):
    members = serializers.SerializerMethodField(help_text="the members' cases you may view")
    steps = LayoffStepSerializer(many=True, read_only=True)

    class Meta(BatchSerializer.Meta):
        fields = [*BatchSerializer.Meta.fields, "members", "steps"]

    def get_members(self, family) -> list[dict]:
        return [{"case": str(c.code), "employee": str(c.employee.code), "employee_number": c.employee.employee_number,
                 "employee_name": c.employee.name, "status": c.status} for c in family.visible_members]


def _batch_answer(request, family: CaseFamily, code=None, status_code=200) -> Response:
    family = CaseFamily.objects.prefetch_related(
        Prefetch("steps", queryset=LayoffStep.objects.order_by("round", "order"))).get(pk=family.pk)
    family.visible_members = list(cases_for(request.user).filter(family=family).select_related("employee")
                                  .defer("employee__id_number", "employee__bank_account").order_by("pk"))
    return Response(BatchDetailSerializer(family).data, status=status_code)


class BatchRequest(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    planned_date = serializers.DateField()
    reason_code = serializers.CharField(help_text="the LCL 41 ¶1 situation")
    reason = serializers.CharField(required=False, allow_blank=True)
    long_term_months = serializers.IntegerField(required=False)
    employee_numbers = serializers.CharField(help_text="工号, separated by spaces, commas or new lines")


def _employees_by_number(user, numbers: list[str]):
    employees = list(policy.employees_for(user, "case.open").filter(employee_number__in=numbers)
                     .select_related("company"))
    return employees, sorted(set(numbers) - {e.employee_number for e in employees})


@extend_schema(tags=["layoffs"])
class BatchList(generics.ListAPIView):
    """经济性裁员: batches with a member in your scope, newest first; POST creates one (HR)."""

    permission_classes = [policy_permission("case.view")]
    serializer_class = BatchSerializer
    pagination_class = CappedPageNumberPagination
    filterset_class = None

    def get_queryset(self):
        mine = cases_for(self.request.user).values("pk")
        return batches_for(self.request.user).annotate(
            members_in_scope=Count("cases", filter=Q(cases__in=mine))).order_by("-created_at", "-id")

    @extend_schema(request=BatchRequest, responses={201: BatchDetailSerializer, 400: OpenApiTypes.OBJECT})
    def post(self, request):
        if not policy.allows(request.user, "case.edit"):
            raise PermissionDenied("case.edit")
        data = dict(request.data.items()) if hasattr(request.data, "items") else {}
        data.setdefault("long_term_months", CreateBatchForm.base_fields["long_term_months"].initial)
        form = CreateBatchForm(data)
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        employees, unknown = _employees_by_number(request.user, form.numbers())
        if unknown:
            raise serializers.ValidationError({"employee_numbers": [_("工号不存在或不在您的权限范围内：%(n)s") % {"n": "、".join(unknown)}]})
        if len({e.company_id for e in employees}) > 1:
            raise serializers.ValidationError({"employee_numbers": [_("一个裁员批次只能包含同一公司的员工")]})
        try:
            family = layoffs.create_batch(
                employees[0].company if employees else None, employees, acting_user=request.user, title=c["title"],
                planned_date=c["planned_date"], reason_code=c["reason_code"], reason=c["reason"],
                long_term_months=c["long_term_months"])
        except CaseError as exc:
            raise serializers.ValidationError({NON_FIELD: [str(exc)]}) from None
        return _batch_answer(request, family, status_code=status.HTTP_201_CREATED)


def _batch_for(user, code, action="case.view") -> CaseFamily:
    try:
        return get_batch_for_user(user, code, action)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None


@extend_schema(tags=["layoffs"], parameters=[CODE])
class BatchDetail(APIView):
    """One batch: its facts, the members you may view, its approval steps; PATCH its facts (HR, draft)."""

    permission_classes = [policy_permission("case.view")]

    @extend_schema(responses=BatchDetailSerializer)
    def get(self, request, code):
        return _batch_answer(request, _batch_for(request.user, code))

    @extend_schema(request=BatchRequest, responses={200: BatchDetailSerializer, 400: OpenApiTypes.OBJECT,
                                                    409: OpenApiTypes.OBJECT})
    def patch(self, request, code):
        family = _batch_for(request.user, code, "case.edit")
        data = {"title": family.title, "planned_date": family.planned_date, "reason_code": family.reason_code,
                "reason": family.reason, "long_term_months": family.long_term_months}
        data.update({k: v for k, v in request.data.items() if k in data})
        form = BatchForm(data)
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        try:
            layoffs.update_batch(family, acting_user=request.user, title=c["title"], planned_date=c["planned_date"],
                                 reason_code=c["reason_code"], reason=c["reason"],
                                 long_term_months=c["long_term_months"])
        except CaseError as exc:
            return _refused(exc)
        return _batch_answer(request, family)


class MembersRequest(serializers.Serializer):
    employee_numbers = serializers.CharField(help_text="工号, separated by spaces, commas or new lines")


@extend_schema(tags=["layoffs"], parameters=[CODE], request=MembersRequest,
               responses={200: BatchDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class BatchMembers(APIView):
    """Add members to a draft batch."""

    permission_classes = [policy_permission("case.edit")]

    def post(self, request, code):
        family = _batch_for(request.user, code, "case.edit")
        form = AddMembersForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        employees, unknown = _employees_by_number(request.user, form.numbers())
        if unknown:
            raise serializers.ValidationError({"employee_numbers": [_("工号不存在或不在您的权限范围内：%(n)s") % {"n": "、".join(unknown)}]})
        try:
            layoffs.add_members(family, employees, acting_user=request.user)
        except CaseError as exc:
            return _refused(exc)
        return _batch_answer(request, family)


class CommentRequest(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@extend_schema(tags=["layoffs"], parameters=[CODE, OpenApiParameter("case_code", str, OpenApiParameter.PATH)],
               request=CommentRequest, responses={200: BatchDetailSerializer, 409: OpenApiTypes.OBJECT})
class BatchRemoveMember(APIView):
    permission_classes = [policy_permission("case.edit")]

    def post(self, request, code, case_code):
        family = _batch_for(request.user, code, "case.edit")
        case = get_object_or_404(family.cases.select_related("employee", "family"), code=case_code)
        body = CommentRequest(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            layoffs.remove_member(family, case, acting_user=request.user, comment=body.validated_data["comment"])
        except CaseError as exc:
            return _refused(exc)
        return _batch_answer(request, family)


class MemberAnswer(serializers.Serializer):
    case = serializers.UUIDField(help_text="the member's case code")
    sole_earner = serializers.BooleanField(default=False, help_text="LCL 41 ¶2(3): the family's only earner")
    reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)
    retention_reason = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


class AnswersRequest(serializers.Serializer):
    answers = MemberAnswer(many=True)


@extend_schema(tags=["layoffs"], parameters=[CODE], request=AnswersRequest,
               responses={200: BatchDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class BatchAnswers(APIView):
    """HR's answers per member (the LCL 41 ¶2 priority groups, the retention reason)."""

    permission_classes = [policy_permission("case.edit")]

    def post(self, request, code):
        family = _batch_for(request.user, code, "case.edit")
        body = AnswersRequest(data=request.data)
        body.is_valid(raise_exception=True)
        members = {c.code: c.pk for c in layoff_routing.counted_members(family)}
        unknown = [str(a["case"]) for a in body.validated_data["answers"] if a["case"] not in members]
        if unknown:
            raise serializers.ValidationError({"answers": ["not members of the batch: " + ", ".join(unknown)]})
        answers = {members[a["case"]]: layoffs.Answer(sole_earner=a["sole_earner"], reason=a["reason"],
                                                      retention_reason=a["retention_reason"])
                   for a in body.validated_data["answers"]}
        try:
            layoffs.answer_members(family, answers, acting_user=request.user)
        except CaseError as exc:
            return _refused(exc)
        return _batch_answer(request, family)


class FilingRequest(serializers.Serializer):
    done_on = serializers.DateField()
    addressee = serializers.CharField(max_length=200)
    summary = serializers.CharField(required=False, allow_blank=True)
    document_file = serializers.FileField()
    correction_reason = serializers.CharField(required=False, allow_blank=True)


@extend_schema(tags=["layoffs"], parameters=[CODE, OpenApiParameter("kind", str, OpenApiParameter.PATH,
                                                                   enum=list(FilingKind.values))],
               request={"multipart/form-data": FilingRequest},
               responses={200: BatchDetailSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class BatchFiling(APIView):
    """Record the explanation to the union or staff, or the report to the labour bureau, with the document."""

    permission_classes = [policy_permission("case.edit")]
    parser_classes = [MultiPartParser]

    def post(self, request, code, kind):
        family = _batch_for(request.user, code, "case.edit")
        if kind not in FilingKind.values:
            from django.http import Http404

            raise Http404
        form = FilingForm(request.data, request.FILES)
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        try:
            layoffs.record_filing(family, kind, acting_user=request.user, done_on=c["done_on"],
                                  addressee=c["addressee"], summary=c["summary"], upload=c["document_file"],
                                  correction_reason=c["correction_reason"])
        except CaseError as exc:
            return _refused(exc)
        return _batch_answer(request, family)


class BatchActionRequest(serializers.Serializer):
    action = serializers.ChoiceField(choices=["submit", "withdraw"])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=2000)


@extend_schema(tags=["layoffs"], parameters=[CODE], request=BatchActionRequest,
               responses={200: BatchDetailSerializer, 409: OpenApiTypes.OBJECT})
class BatchAction(APIView):
    """HR's actions on the batch: submit (once, for every member) or withdraw."""

    permission_classes = [policy_permission("case.edit")]

    def post(self, request, code):
        family = _batch_for(request.user, code, "case.edit")
        form = BatchActionForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        try:
            layoffs.perform(family, form.cleaned_data["action"], acting_user=request.user,
                            comment=form.cleaned_data["comment"])
        except CaseError as exc:
            return _refused(exc)
        return _batch_answer(request, family)


class DecisionRequest(serializers.Serializer):
    decision = serializers.ChoiceField(choices=["approve", "reject", "return"])
    comment = serializers.CharField(required=False, allow_blank=True, default="", max_length=4000)


@extend_schema(tags=["layoffs"], parameters=[CODE], request=DecisionRequest,
               responses={200: BatchDetailSerializer, 403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class BatchStepDecide(APIView):
    """Approve, reject or return the batch's active step (for all members at once); `code` is the step's."""

    permission_classes = [policy_permission("case.decide")]

    def post(self, request, code):
        step = get_object_or_404(LayoffStep.objects.select_related("family"), code=code)
        family = _batch_for(request.user, step.family.code, "case.decide")
        step.family = family
        if not layoff_routing.can_act(request.user, step) and not layoff_routing.opener_refused(request.user, step):
            raise PermissionDenied("case.decide")
        form = BatchDecisionForm(request.data)
        if not form.is_valid():
            raise form_errors(form)
        try:
            layoffs.decide_step(step, form.cleaned_data["decision"], acting_user=request.user,
                                comment=form.cleaned_data["comment"])
        except CaseError as exc:
            return _refused(exc)
        return _batch_answer(request, family)
