"""/api/offboarding/…/settlement/: 离职结算单 — view it, prepare (compute and save the draft), approve (the
approver, never the preparer), a new version with a reason, payments; the settlement page's forms and
services (views/settlement.py)."""

from __future__ import annotations

from django.utils.translation import gettext
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema, extend_schema_field
from rest_framework import serializers, status
from rest_framework.response import Response
from rest_framework.views import APIView

from farewell.accounts.permissions import policy_permission
from farewell.common.api import NON_FIELD, form_errors

from . import handover, settlement_services
from .access import get_settlement_for_user, may_on
from .api import CODE, case_for, form_body, refused
from .forms import PaymentForm, ReasonForm, SettlementForm
from .models import Payment, Settlement, SettlementStatus
from .settlement import shown_scope_source


class SettlementPaymentSerializer(serializers.ModelSerializer):
    class Meta:
        model = Payment
        fields = ["code", "paid_on", "amount", "reference", "includes_compensation", "late", "created_at"]


class ShownLineSerializer(serializers.Serializer):
    code = serializers.CharField()
    kind = serializers.CharField()
    amount = serializers.CharField()
    label = serializers.CharField()
    formula = serializers.CharField(help_text="as the page shows it: amounts grouped, in the request's language")
    basis = serializers.CharField()


class ShownSheetSerializer(serializers.Serializer):
    """The sheet's texts in the request's language (Accept-Language), as the settlement page words them; `sheet`
    stays the record (Chinese, hashed)."""

    lines = ShownLineSerializer(many=True)
    exempt_ceiling_source = serializers.CharField()
    exempt_ceiling_provisional = serializers.JSONField(
        allow_null=True, help_text="{year_used, year_needed} when the exempt ceiling (财税〔2018〕164号: 3× the local "
                                   "average wage of the year before) used an older year's figure; null otherwise")
    exempt_ceiling_provisional_text = serializers.CharField(help_text="the provisional mark worded, or empty")
    severance_scope_source = serializers.CharField()


def shown_sheet(settlement: Settlement) -> dict:
    """A settlement's sheet worded in the active language (the page's words: settlement_services.shown_lines)."""
    sheet = settlement.sheet or {}
    source, last_day = sheet.get("exempt_ceiling_source", ""), sheet.get("last_day")
    return {
        "lines": [{"code": ln.get("code", ""), "kind": ln.get("kind", ""), "amount": ln.get("amount", ""),
                   "label": gettext(ln["label"]) if ln.get("label") else "", "formula": ln["shown_formula"],
                   "basis": ln["shown_basis"]}
                  for ln in settlement_services.shown_lines(settlement.case, sheet)],
        "exempt_ceiling_source": settlement_services.shown_exempt_source(source),
        "exempt_ceiling_provisional": settlement_services.exempt_provisional(source, last_day),
        "exempt_ceiling_provisional_text": settlement_services.shown_exempt_provisional(source, last_day),
        "severance_scope_source": shown_scope_source(sheet),
    }


class SettlementSerializer(serializers.ModelSerializer):
    status = serializers.CharField(read_only=True)
    prepared_by = serializers.CharField(source="prepared_by.username", default=None, read_only=True)
    approved_by = serializers.CharField(source="approved_by.username", default=None, read_only=True)
    inputs = serializers.JSONField(read_only=True, help_text="HR's inputs (the rest comes from the case)")
    sheet = serializers.JSONField(read_only=True, help_text="the computed sheet: lines, totals, tax, net "
                                                              "(the record, as hashed: its texts in Chinese)")
    shown = serializers.SerializerMethodField()
    payments = SettlementPaymentSerializer(many=True, read_only=True)

    class Meta:
        model = Settlement
        fields = ["code", "version", "status", "reason", "inputs", "sheet", "sheet_sha256", "shown", "prepared_by",
                  "created_at", "approved_by", "approved_at", "payments"]

    @extend_schema_field(ShownSheetSerializer)
    def get_shown(self, settlement) -> dict:
        return shown_sheet(settlement)


class SettlementPageSerializer(serializers.Serializer):
    case = serializers.UUIDField()
    editable = serializers.BooleanField(help_text="you may save the draft now (POST)")
    can_approve = serializers.BooleanField()
    handover_complete = serializers.BooleanField(help_text="LCL 50: compensation is paid once the handover is done")
    inputs = serializers.JSONField(help_text="the current version's inputs, or the defaults a first draft starts from")
    versions = SettlementSerializer(many=True, help_text="newest first")


class SettlementInputsRequest(serializers.Serializer):
    """The settlement page's form; a field not sent keeps the current draft's (or the default) value."""

    monthly_wage = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    paid_days_worked = serializers.DecimalField(max_digits=5, decimal_places=2, required=False)
    month_paid_days = serializers.DecimalField(
        max_digits=5, decimal_places=2, required=False,
        help_text="the last month's own paid days: used (and kept) only when the company prorates by them "
                  "(wage_proration actual); otherwise the wage is divided by 21.75 (劳社部发〔2008〕3号)")
    unused_leave_days = serializers.DecimalField(max_digits=5, decimal_places=1, required=False, allow_null=True)
    exempt_ceiling = serializers.DecimalField(max_digits=12, decimal_places=2, required=False)
    exempt_ceiling_source = serializers.CharField(required=False)
    si_amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    si_basis = serializers.CharField(required=False, allow_blank=True)
    hf_amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    hf_basis = serializers.CharField(required=False, allow_blank=True)
    offset_kind = serializers.CharField(required=False, allow_blank=True,
                                        help_text="damages_offset or other_offset")
    offset_amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True)
    offset_basis = serializers.CharField(required=False, allow_blank=True)


def _page(request, case) -> dict:
    latest = settlement_services.current(case)
    can_edit = may_on(request.user, "offboarding.manage", case.employee)
    return {
        "case": case.code,
        "editable": can_edit and (latest is None or latest.status == SettlementStatus.DRAFT),
        "can_approve": may_on(request.user, "settlement.approve", case.employee),
        "handover_complete": handover.handover_complete(case),
        "inputs": latest.inputs if latest is not None else settlement_services.default_inputs(case),
        "versions": list(case.settlements.select_related("prepared_by", "approved_by").prefetch_related("payments")),
    }


@extend_schema(tags=["offboarding"], parameters=[CODE])
class CaseSettlement(APIView):
    """A case's settlement sheet, every version; POST computes and saves the draft (HR)."""

    permission_classes = [policy_permission("offboarding.view")]

    @extend_schema(responses=SettlementPageSerializer)
    def get(self, request, code):
        case = case_for(request.user, code, "offboarding.view")
        return Response(SettlementPageSerializer(_page(request, case)).data)

    @extend_schema(request=SettlementInputsRequest,
                   responses={200: SettlementPageSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
    def post(self, request, code):
        case = case_for(request.user, code, "offboarding.manage")
        latest = settlement_services.current(case)
        data = SettlementForm.initial_from(latest.inputs if latest is not None
                                           else settlement_services.default_inputs(case))
        data.update(form_body(request, SettlementForm))
        form = SettlementForm({k: ("" if v is None else v) for k, v in data.items()},
                              proration=settlement_services.proration(case))
        if not form.is_valid():
            raise form_errors(form)
        inputs = form.inputs()
        try:
            settlement_services.compute(case, inputs)  # the inputs' own faults: a 400, before any state
        except settlement_services.SettlementError as exc:
            raise serializers.ValidationError({NON_FIELD: [str(exc)]}) from None
        try:
            settlement_services.save_draft(case, inputs, acting_user=request.user)
        except settlement_services.SettlementError as exc:
            return refused(exc)
        return Response(SettlementPageSerializer(_page(request, case)).data)


def _settlement_answer(settlement: Settlement, status_code: int = 200) -> Response:
    fresh = Settlement.objects.select_related("prepared_by", "approved_by").prefetch_related("payments").get(
        pk=settlement.pk)
    return Response(SettlementSerializer(fresh).data, status=status_code)


@extend_schema(tags=["offboarding"], parameters=[CODE], request=None,
               responses={200: SettlementSerializer, 409: OpenApiTypes.OBJECT})
class SettlementApprove(APIView):
    """The approver freezes a draft (its canonical JSON hashed into the ledger); never its preparer."""

    permission_classes = [policy_permission("settlement.approve")]

    def post(self, request, code):
        settlement = get_settlement_for_user(request.user, code, "settlement.approve")
        try:
            settlement_services.approve(settlement, acting_user=request.user)
        except settlement_services.SettlementError as exc:
            return refused(exc)
        return _settlement_answer(settlement)


class SettlementReasonRequest(serializers.Serializer):
    reason = serializers.CharField(max_length=2000, help_text="why the frozen sheet changes (to the ledger)")


@extend_schema(tags=["offboarding"], parameters=[CODE], request=SettlementReasonRequest,
               responses={201: SettlementSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class SettlementRevise(APIView):
    """A frozen sheet changes only as its next version (a reason, then a new approval)."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        settlement = get_settlement_for_user(request.user, code, "offboarding.manage")
        form = ReasonForm(form_body(request, ReasonForm))
        if not form.is_valid():
            raise form_errors(form)
        try:
            new = settlement_services.revise(settlement, acting_user=request.user,
                                             reason=form.cleaned_data["reason"])
        except settlement_services.SettlementError as exc:
            return refused(exc)
        return _settlement_answer(new, status.HTTP_201_CREATED)


class SettlementPaymentRequest(serializers.Serializer):
    paid_on = serializers.DateField()
    amount = serializers.DecimalField(max_digits=12, decimal_places=2)
    reference = serializers.CharField(max_length=100, help_text="the voucher or bank reference")
    includes_compensation = serializers.BooleanField(required=False, default=True)


@extend_schema(tags=["offboarding"], parameters=[CODE], request=SettlementPaymentRequest,
               responses={201: SettlementPaymentSerializer, 400: OpenApiTypes.OBJECT, 409: OpenApiTypes.OBJECT})
class SettlementPay(APIView):
    """Record a payment on the frozen sheet (`late` when paid after the last day, 工资支付暂行规定 第九条)."""

    permission_classes = [policy_permission("offboarding.manage")]

    def post(self, request, code):
        settlement = get_settlement_for_user(request.user, code, "offboarding.manage")
        data = form_body(request, PaymentForm)
        data.setdefault("includes_compensation", True)
        form = PaymentForm(data)
        if not form.is_valid():
            raise form_errors(form)
        c = form.cleaned_data
        try:
            payment = settlement_services.record_payment(
                settlement, acting_user=request.user, paid_on=c["paid_on"], amount=c["amount"],
                reference=c["reference"], includes_compensation=c["includes_compensation"])
        except settlement_services.SettlementError as exc:
            return refused(exc)
        return Response(SettlementPaymentSerializer(payment).data, status=status.HTTP_201_CREATED)
