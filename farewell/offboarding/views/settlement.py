"""离职结算单: prepare (HR), approve (the approver; never the preparer), new version, payments."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from farewell.cases.access import get_case_for_user

from .. import handover, settlement_services
from ..access import get_settlement_for_user, may_on
from ..forms import PaymentForm, ReasonForm, SettlementForm
from ..models import SettlementStatus
from ._common import back_to_case


@require_http_methods(["GET", "POST"])
def settlement_page(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "offboarding.view")
    can_edit = may_on(request.user, "offboarding.manage", case.employee)
    latest = settlement_services.current(case)
    editable = can_edit and (latest is None or latest.status == SettlementStatus.DRAFT)
    if request.method == "POST":
        get_case_for_user(request.user, code, "offboarding.manage")
    inputs = latest.inputs if latest is not None else settlement_services.default_inputs(case)
    form = SettlementForm(request.POST or None, initial=SettlementForm.initial_from(inputs),
                          proration=settlement_services.proration(case))
    if request.method == "POST" and form.is_valid():
        try:
            settlement_services.save_draft(case, form.inputs(), acting_user=request.user)
        except settlement_services.SettlementError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("结算单已保存，等待审批"))
            return redirect("offboarding:settlement", code=case.code)
    versions = list(case.settlements.select_related("prepared_by", "approved_by").prefetch_related("payments"))
    # 财税〔2018〕164号: the year before the last day's average; an older figure's ceiling is provisional.
    sheet_provisional = settlement_services.shown_exempt_provisional(
        latest.sheet.get("exempt_ceiling_source", ""), latest.sheet.get("last_day")) if latest is not None else ""
    form_provisional = settlement_services.shown_exempt_provisional(
        inputs.get("exempt_ceiling_source", ""), case.separation_date) if editable else ""
    return render(request, "offboarding/settlement.html", {
        "case": case, "form": form if editable else None, "latest": latest, "versions": versions,
        # The latest sheet's lines worded in the reader's language (the sheet is shown, never rewritten).
        "lines": settlement_services.shown_lines(case, latest.sheet) if latest is not None else [],
        "exempt_provisional": sheet_provisional, "form_exempt_provisional": form_provisional,
        "can_edit": can_edit, "can_approve": may_on(request.user, "settlement.approve", case.employee),
        "handover_complete": handover.handover_complete(case),
        "reason_form": ReasonForm(), "payment_form": PaymentForm(initial={"paid_on": case.separation_date}),
    }, status=400 if request.method == "POST" else 200)


@require_POST
def settlement_approve(request: HttpRequest, code) -> HttpResponse:
    settlement = get_settlement_for_user(request.user, code, "settlement.approve")
    try:
        settlement_services.approve(settlement, acting_user=request.user)
    except settlement_services.SettlementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("结算单已批准并冻结"))
    return redirect("offboarding:settlement", code=settlement.case.code)


@require_POST
def settlement_revise(request: HttpRequest, code) -> HttpResponse:
    settlement = get_settlement_for_user(request.user, code, "offboarding.manage")
    form = ReasonForm(request.POST)
    try:
        if not form.is_valid():
            raise settlement_services.SettlementError(_("新建版本须写明变更原因"))
        settlement_services.revise(settlement, acting_user=request.user, reason=form.cleaned_data["reason"])
    except settlement_services.SettlementError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已新建版本，修改后需重新审批"))
    return redirect("offboarding:settlement", code=settlement.case.code)


@require_POST
def settlement_pay(request: HttpRequest, code) -> HttpResponse:
    settlement = get_settlement_for_user(request.user, code, "offboarding.manage")
    form = PaymentForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return redirect("offboarding:settlement", code=settlement.case.code)
    c = form.cleaned_data
    try:
        payment = settlement_services.record_payment(
            settlement, acting_user=request.user, paid_on=c["paid_on"], amount=c["amount"], reference=c["reference"],
            includes_compensation=c["includes_compensation"])
    except settlement_services.SettlementError as exc:
        messages.error(request, str(exc))
    else:
        if payment.late:
            messages.warning(request, _("已记录付款。注意：支付日期晚于最后一天，工资应在解除劳动合同时一次付清（《工资支付暂行规定》第九条）"))
        else:
            messages.success(request, _("已记录付款"))
    return back_to_case(settlement.case) if request.POST.get("next") == "case" else redirect(
        "offboarding:settlement", code=settlement.case.code)
