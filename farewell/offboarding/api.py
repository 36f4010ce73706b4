"""/api/offboarding/: 交接 (the handover checklist) and the post-exit duties, through the same access helpers,
forms and services as the pages (views/handover.py, views/duties.py); the settlement and the documents are
in api_settlement.py and api_documents.py."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework import serializers, status
from rest_framework.exceptions import PermissionDenied
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.permissions import policy_permission
from farewell.cases.access import get_case_for_user
from farewell.cases.api_support import form_data
from farewell.cases.models import SeparationCase
from farewell.common.api import NON_FIELD, form_errors

from . import document_services, duties, handover, overview, receivers, settlement_services
from .access import get_duty_for_user, get_item_for_user, may_on
from .forms import CommentForm, DutyForm, ItemAddForm, ItemChangeForm
from .models import FormerAccess, HandoverItem, PostExitDuty
from .views.handover import _receiver

CODE = OpenApiParameter("code", str, OpenApiParameter.PATH, description="UUID code")


def refused(exc: Exception, status_code: int = status.HTTP_409_CONFLICT) -> Response:
    """A service's refusal (the state of the case or the item, or a rule): 409 with the reason."""
    return Response({NON_FIELD: [str(exc)]}, status=status_code)


def case_for(user, code, action: str) -> SeparationCase:
    try:
        return get_case_for_user(user, code, action)
    except DjangoPermissionDenied as exc:
        raise PermissionDenied(str(exc)) from None


def form_body(request, form_class) -> dict:
    """The request's fields as the page form's data (a field the form does not have: 400 naming it)."""
    return form_data(request, form_class.base_fields)


# --- serializers ----------------------------------------------------------------------------------------


class HandoverItemSerializer(serializers.ModelSerializer):
    case = serializers.UUIDField(source="case.code", read_only=True)
    employee_name = serializers.CharField(source="owner.name", read_only=True)
    receiver = serializers.CharField(source="receiver.username", default=None, read_only=True,
                                     help_text="the receiver's login name")
    category = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)

    class Meta:
        model = HandoverItem
        fields = ["code", "case", "order", "category", "title", "description", "employee_name", "receiver",
                  "due_date", "blocks_closing", "status", "owner_note", "ticked_at", "decided_at", "return_comment"]


class PostExitDutySerializer(serializers.ModelSerializer):
    kind = serializers.CharField(read_only=True)
    status = serializers.CharField(read_only=True)
    owner = serializers.CharField(source="owner.username", default=None, read_only=True)
    citation = serializers.CharField(source="shown_citation", read_only=True)  # in the request's language

    class Meta:
        model = PostExitDuty
        fields = ["code", "kind", "due_date", "until_date", "citation", "owner", "status", "note", "done_at"]


class HandoverProgressSerializer(serializers.Serializer):
    total = serializers.IntegerField()
    confirmed = serializers.IntegerField()
    ticked = serializers.IntegerField()
    returned = serializers.IntegerField()
    overdue = serializers.IntegerField()
    blocking_open = serializers.IntegerField()
    percent = serializers.IntegerField()
    complete = serializers.BooleanField()


class SettlementSummarySerializer(serializers.Serializer):
    code = serializers.UUIDField()
    version = serializers.IntegerField()
    status = serializers.CharField()
    net = serializers.SerializerMethodField()

    def get_net(self, settlement) -> str | None:
        value = (settlement.sheet or {}).get("net")
        return None if value is None else str(value)


class DocumentSummarySerializer(serializers.Serializer):
    code = serializers.UUIDField()
    kind = serializers.CharField()
    created_at = serializers.DateTimeField()
    has_pdf = serializers.SerializerMethodField()

    def get_has_pdf(self, document) -> bool:
        return bool(document.pdf)

    stale = serializers.SerializerMethodField(
        help_text="it states a last day that is no longer the case's separation date (the date changed since)")
    needs_reissue = serializers.SerializerMethodField(
        help_text="stale and the newest of its kind: generate it again")
    superseded = serializers.SerializerMethodField(
        help_text="generated before the case's latest reopen (重新提交审批): not sent nor recorded as signed")

    def get_stale(self, document) -> bool:
        return document_services.marked(document).stale

    def get_needs_reissue(self, document) -> bool:
        return document_services.marked(document).reissue

    def get_superseded(self, document) -> bool:
        return document_services.marked(document).superseded


class CaseOffboardingSerializer(serializers.Serializer):
    case = serializers.UUIDField(source="code")
    status = serializers.CharField()
    separation_date = serializers.DateField()
    progress = HandoverProgressSerializer()
    items = HandoverItemSerializer(many=True)
    duties = PostExitDutySerializer(many=True)
    settlement = SettlementSummarySerializer(allow_null=True, help_text="the current version (GET …/settlement/)")
    documents = DocumentSummarySerializer(many=True, help_text="for those who may read the case's documents")
    document_kinds = serializers.ListField(child=serializers.CharField(), help_text="what HR may generate")
    former_access = serializers.DictField(allow_null=True, help_text="the former employee's download login (HR)")


class OffboardingCaseProgressSerializer(serializers.Serializer):
    case = serializers.UUIDField(source="code")
    employee_name = serializers.CharField(source="employee.name")
    separation_date = serializers.DateField()
    progress = HandoverProgressSerializer()


class ToSignSerializer(serializers.Serializer):
    code = serializers.UUIDField()
    document = serializers.UUIDField(source="document.code")
    kind = serializers.CharField(source="document.kind")
    signer_url = serializers.CharField()


class OffboardingOverviewSerializer(serializers.Serializer):
    mine = HandoverItemSerializer(many=True, help_text="my own items to hand over")
    to_receive = HandoverItemSerializer(many=True, help_text="items I receive, not yet confirmed")
    to_sign = ToSignSerializer(many=True, help_text="documents waiting for my signature")
    cases = OffboardingCaseProgressSerializer(many=True, help_text="cases in handover in my scope (HR, managers, …)")
    layoff_batches = serializers.ListField(child=serializers.UUIDField(),
                                           help_text="batches whose documents HR may make as one job")


# --- 交接 overview and a case's offboarding -------------------------------------------------------------


@extend_schema(tags=["offboarding"], responses=OffboardingOverviewSerializer)
class Overview(APIView):
    """交接: my items to hand over, the items I receive, documents to sign, and (for those who see cases)
    the cases in handover with their progress — the 交接 page's lists (each at most 200)."""

    permission_classes = [policy_permission("handover.take_part")]

    def get(self, request):
        seen = overview.overview_for(request.user)  # the same figures as the 交接 page
        return Response(OffboardingOverviewSerializer({
            "mine": seen.mine, "to_receive": seen.to_receive, "to_sign": seen.to_sign, "cases": seen.cases,
            "layoff_batches": [family.code for family in seen.families]}).data)


def case_offboarding(request, case: SeparationCase) -> dict:
    user = request.user
    items = list(case.handover_items.select_related("case", "owner", "receiver").order_by("order"))
    can_manage = may_on(user, "offboarding.manage", case.employee)
    former = FormerAccess.objects.filter(case=case).select_related("user").first() if can_manage else None
    return {
        "code": case.code, "status": case.status, "separation_date": case.separation_date,
        "progress": handover.progress(items), "items": items,
        "duties": list(case.post_exit_duties.select_related("owner")),
        "settlement": settlement_services.current(case),
        "documents": (document_services.documents_of(case)
                      if may_on(user, "offboarding.documents", case.employee) else []),
        "document_kinds": document_services.kinds_for(case) if can_manage else [],
        "former_access": None if former is None else {
            "username": former.user.username, "email": former.email, "expires_on": former.expires_on.isoformat(),
            "revoked": former.revoked_at is not None},
    }


@extend_schema(tags=["offboarding"], parameters=[CODE], responses=CaseOffboardingSerializer)
class CaseOffboarding(APIView):
    """A case's offboarding, as its page's panel shows it: the checklist and its progress, the post-exit
    duties, the current settlement, the documents, the former employee's download login."""

    permission_classes = [policy_permission("offboarding.view")]

    def get(self, request, code):
        case = case_for(request.user, code, "offboarding.view")
        return Response(CaseOffboardingSerializer(case_offboarding(request, case)).data)


class OffboardingPrepareSerializer(serializers.Serializer):
    items = serializers.IntegerField(help_text="checklist items made")
    duties = serializers.IntegerField(help_text="post-exit duties made")


@extend_schema(tags=["offboarding"], parameters=[CODE], request=None,
               responses={200: OffboardingPrepareSerializer, 409: OpenApiTypes.OBJECT})
class CasePrepare(APIView):
    """Build the checklist and the duties of a case that has none (e.g. approved before offboarding existed)."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        case = case_for(request.user, code, "offboarding.manage")
        if case.status not in handover.WORKING_STATUSES:
            return refused(_("案件当前状态下不能办理交接"))
        with transaction.atomic():
            items, made = receivers.prepare(case, acting_user=request.user)
        return Response({"items": items, "duties": made})


class ItemAddRequest(serializers.Serializer):
    category = serializers.CharField(help_text="HandoverCategory: work, clients, assets, accounts, documents, wecom")
    title = serializers.CharField(max_length=200)
    due_date = serializers.DateField()
    receiver = serializers.CharField(required=False, allow_blank=True,
                                     help_text="the receiver's login name; blank: the line manager")
    blocks_closing = serializers.BooleanField(required=False, default=True)


@extend_schema(tags=["offboarding"], parameters=[CODE], request=ItemAddRequest,
               responses={201: HandoverItemSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class ItemAdd(APIView):
    """HR adds an item to a case's checklist (the receiver is notified)."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        case = case_for(request.user, code, "offboarding.manage")
        data = form_body(request, ItemAddForm)
        data.setdefault("blocks_closing", True)
        form = ItemAddForm(data)
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        try:
            receiver = _receiver(case, c["receiver"])
        except handover.HandoverError as exc:
            raise serializers.ValidationError({"receiver": [str(exc)]}) from None
        try:
            item = handover.add_item(case, acting_user=request.user, category=c["category"], title=c["title"],
                                     due_date=c["due_date"], receiver=receiver, blocks_closing=c["blocks_closing"])
        except handover.HandoverError as exc:
            return refused(exc)
        return Response(HandoverItemSerializer(item).data, status=status.HTTP_201_CREATED)


# --- one item -------------------------------------------------------------------------------------------


class ItemChangeRequest(serializers.Serializer):
    receiver = serializers.CharField(required=False, help_text="the receiver's login name")
    due_date = serializers.DateField(required=False)
    blocks_closing = serializers.BooleanField(required=False)


@extend_schema(tags=["offboarding"], parameters=[CODE])
class Item(APIView):
    """One checklist item, for its leaver, its receiver and those who see the case; PATCH is HR's change
    (receiver, due date, whether it blocks closing; not once confirmed)."""

    permission_classes = [policy_permission("handover.take_part")]

    @extend_schema(responses=HandoverItemSerializer)
    def get(self, request, code):
        return Response(HandoverItemSerializer(get_item_for_user(request.user, code, role=None)).data)

    @extend_schema(request=ItemChangeRequest,
                   responses={200: HandoverItemSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def patch(self, request, code):
        item = get_item_for_user(request.user, code, role="hr")
        data = {"receiver": item.receiver.username if item.receiver_id else "", "due_date": item.due_date,
                "blocks_closing": item.blocks_closing}
        data.update(form_body(request, ItemChangeForm))
        form = ItemChangeForm(data)
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        try:
            receiver = _receiver(item.case, c["receiver"])
        except handover.HandoverError as exc:
            raise serializers.ValidationError({"receiver": [str(exc)]}) from None
        try:
            handover.change_item(item, acting_user=request.user, receiver=receiver, due_date=c["due_date"],
                                 blocks_closing=c["blocks_closing"])
        except handover.HandoverError as exc:
            return refused(exc)
        return Response(HandoverItemSerializer(item).data)


class ItemCommentRequest(serializers.Serializer):
    comment = serializers.CharField(required=False, allow_blank=True, max_length=2000)


def _item_step(request, code, role: str, service, arg: str, *, comment_required: bool = False) -> Response:
    """`arg`: the service's name for the comment; a required comment left blank is a 400 naming `comment`."""
    item = get_item_for_user(request.user, code, role=role)
    form = CommentForm(form_body(request, CommentForm))
    if not form.is_valid():
        raise form_errors(form)
    comment = form.cleaned_data["comment"]
    try:
        service(item, acting_user=request.user, **{arg: comment})
    except handover.HandoverError as exc:
        if comment_required and not comment.strip():
            raise serializers.ValidationError({"comment": [str(exc)]}) from None
        return refused(exc)
    return Response(HandoverItemSerializer(item).data)


ITEM_STEP_SCHEMA = extend_schema(tags=["offboarding"], parameters=[CODE], request=ItemCommentRequest,
                                 responses={200: HandoverItemSerializer, 400: OpenApiTypes.OBJECT,
                                            403: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})


@ITEM_STEP_SCHEMA
class ItemTick(APIView):
    """The leaver marks an item handed over (`comment`: their note); the receiver is asked to confirm."""

    permission_classes = [policy_permission("handover.take_part")]

    def post(self, request, code):
        return _item_step(request, code, "owner", handover.tick_item, "note")


@ITEM_STEP_SCHEMA
class ItemConfirm(APIView):
    """The receiver confirms the item received."""

    permission_classes = [policy_permission("handover.take_part")]

    def post(self, request, code):
        return _item_step(request, code, "receiver", handover.confirm_item, "comment")


@ITEM_STEP_SCHEMA
class ItemReturn(APIView):
    """The receiver returns a ticked item to the leaver, with the reason (`comment`, required)."""

    permission_classes = [policy_permission("handover.take_part")]

    def post(self, request, code):
        return _item_step(request, code, "receiver", handover.return_item, "comment", comment_required=True)


class WeComTransferRequest(serializers.Serializer):
    handover_userid = serializers.CharField(help_text="the leaver's WeCom account")
    takeover_userid = serializers.CharField(help_text="the successor's WeCom account")


@extend_schema(tags=["offboarding"], parameters=[CODE], request=WeComTransferRequest,
               responses={200: HandoverItemSerializer, 409: OpenApiTypes.OBJECT})
class ItemWeCom(APIView):
    """HR runs 企业微信 离职继承 on the WeCom item (when the adapter is configured); the receiver still confirms."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        item = get_item_for_user(request.user, code, role="hr")
        body = WeComTransferRequest(data=request.data)
        body.is_valid(raise_exception=True)
        try:
            handover.transfer_wecom(item, acting_user=request.user,
                                    handover_userid=body.validated_data["handover_userid"].strip(),
                                    takeover_userid=body.validated_data["takeover_userid"].strip())
        except handover.HandoverError as exc:
            return refused(exc)
        return Response(HandoverItemSerializer(item).data)


# --- post-exit duties -----------------------------------------------------------------------------------


class DutyNoteRequest(serializers.Serializer):
    note = serializers.CharField(required=False, allow_blank=True, max_length=2000,
                                 help_text="what was done; for a waiver, why it does not apply (required)")


def _duty_step(request, code, service, key: str) -> Response:
    duty = get_duty_for_user(request.user, code)
    form = DutyForm(form_body(request, DutyForm))
    if not form.is_valid():
        raise form_errors(form)
    note = form.cleaned_data["note"]
    try:
        service(duty, acting_user=request.user, **{key: note})
    except duties.DutyError as exc:
        if key == "reason" and not note.strip():  # a waiver's reason is required: the field's fault
            raise serializers.ValidationError({"note": [str(exc)]}) from None
        return refused(exc)
    duty.refresh_from_db()
    return Response(PostExitDutySerializer(duty).data)


DUTY_SCHEMA = extend_schema(tags=["offboarding"], parameters=[CODE], request=DutyNoteRequest,
                            responses={200: PostExitDutySerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})


@DUTY_SCHEMA
class DutyDone(APIView):
    """HR marks a post-exit duty done (LCL 50: the certificate, the file and social-insurance transfers …)."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        return _duty_step(request, code, duties.complete, "note")


@DUTY_SCHEMA
class DutyWaive(APIView):
    """HR marks a post-exit duty as not applying, with the reason."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        return _duty_step(request, code, duties.waive, "reason")

