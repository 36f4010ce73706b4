"""Employee self-service: only ever about the signed-in employee."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from farewell.cases import civil_service, services
from farewell.cases.access import get_case_for_user
from farewell.cases.models import SeparationCase
from farewell.common.filenames import attachment_header
from farewell.insights import explanations as insight_explanations
from farewell.insights.models import ExplanationStatus
from farewell.offboarding import former
from farewell.offboarding.views.former import serve_offer

from . import receipts, selfservice
from .employee_copy import build_employee_copy
from .forms import DemandForm, EstimateForm, NegotiateForm, NoticeForm, PortalMessageForm


def _own_employee(request: HttpRequest):
    """The signed-in employee's own record; there is no way to name another one."""
    return selfservice.own_employee(request.user)


_own_case = selfservice.own_case
_confirmation_step = selfservice.confirmation_step


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """我的离职信息: tenure, wage base, what the law would give, my case and my messages with HR."""
    employee = _own_employee(request)
    facts = selfservice.summary(employee)
    case = facts.case_row
    defaults, case_ground = selfservice.estimate_defaults(case)
    form = EstimateForm(request.GET or defaults, case_ground=case_ground)
    estimate = selfservice.Estimate()
    if form.is_valid():
        estimate = selfservice.estimate(employee, case, ground=form.cleaned_data["ground"],
                                        separation_date=form.cleaned_data["separation_date"])
    return render(request, "portal/home.html", {
        "employee": employee,
        "tenure": facts.tenure,
        "work_years": facts.work_years,
        "wage_months": facts.wage_months,
        "average_wage": facts.average_wage,
        "form": form,
        "estimate": estimate.result,
        "error": estimate.error,
        "wages_missing": estimate.wages_missing,
        "leave_days_taken_assumed": estimate.leave_days_taken_assumed,
        "leave_assumption": estimate.leave_assumption,
        "leave_year": estimate.leave_year_named,
        # The template never gets the case row (policy cap, internal notes): only the employee's projection.
        "case": facts.case,
        "case_open": facts.case_open,
        "employment_ended": bool(facts.ended_message),
        "ended_message": facts.ended_message,
        "next_step": facts.next_step,
        # 公务员法: the CSL 85 application instead of the LCL 37 notice and a negotiation; no demand.
        "civil": civil_service.portal_context(employee, case),
        "confirmation": facts.confirmation,
        "thread": list(case.messages.all()) if case else [],
        "notice_form": NoticeForm(),
        "negotiate_form": NegotiateForm(),
        "message_form": PortalMessageForm(),
        "demand_form": DemandForm(),
        "can_demand": facts.can_demand,
        "demands": list(case.demands.all()) if case else [],
        "signed_documents": selfservice.signed_documents(case),
        "has_receipt": facts.has_receipt,
        "today": timezone.localdate(),
    })


@require_POST
def give_notice(request: HttpRequest) -> HttpResponse:
    """Give written notice of resignation (LCL 37): recorded as received; the last day is computed."""
    employee = _own_employee(request)
    today = timezone.localdate()
    # The notice is dated the day it is given here; a stale page or a client naming another day is
    # refused, never back-dated (a past date could put the last day already behind us).
    posted_date = request.POST.get("notice_date")
    if posted_date and posted_date != today.isoformat():
        messages.error(request, _("通过本页提交的辞职通知以提交当天（%(today)s）为通知日期，不能填写其他日期。"
                                  "如果您更早已向HR递交书面通知，请联系HR登记。") % {"today": today})
        return redirect("portal:home")
    form = NoticeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请勾选确认"))
        return redirect("portal:home")
    civil = employee.rule_pack == "CN-civil-service"
    try:
        # 公务员法第八十五条 (civil): a written application the organ answers, not a notice. Either way the
        # text is recorded on the ledger with the case: the receipt (receipts.py) is printed from it.
        case = receipts.give_notice(employee, actor=request.user, notice_date=today, reason=form.cleaned_data["reason"])
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, civil_service.portal_applied_message(case) if civil else
                         _("辞职通知已送达HR。您的最后一天是 %(day)s。") % {"day": case.separation_date})
    return redirect("portal:home")


@require_POST
def negotiate(request: HttpRequest) -> HttpResponse:
    """Ask HR to part by agreement."""
    employee = _own_employee(request)
    form = NegotiateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写希望的最后一天和想说的话"))
        return redirect("portal:home")
    try:
        services.request_negotiation(employee, actor=request.user, separation_date=form.cleaned_data["separation_date"],
                                     message=form.cleaned_data["message"])
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("您的协商申请已发给HR"))
    return redirect("portal:home")


@require_POST
def send_message(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    case = _own_case(employee)
    form = PortalMessageForm(request.POST)
    if case is None:
        raise Http404
    if form.is_valid():
        services.post_message(case, form.cleaned_data["body"], actor=request.user, from_employee=True)
        messages.success(request, _("消息已发送给HR"))
    return redirect("portal:home")


@require_POST
def confirm(request: HttpRequest) -> HttpResponse:
    """Confirm the proposal (the workflow's employee confirmation step)."""
    employee = _own_employee(request)
    step = _confirmation_step(_own_case(employee))
    if step is None:
        raise Http404
    try:
        services.decide_step(step, "approve", actor=request.user, comment=_("员工在自助页面确认"))
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认"))
    return redirect("portal:home")


@require_POST
def demand(request: HttpRequest) -> HttpResponse:
    """Record my demand (amount and reason) on my own case; it cannot be edited afterwards."""
    employee = _own_employee(request)
    case = _own_case(employee)  # never a case named in the request
    if case is None:
        raise Http404
    form = DemandForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写诉求金额和理由"))
        return redirect("portal:home")
    try:
        services.record_demand(case, form.cleaned_data["amount"], form.cleaned_data["reason"], actor=request.user)
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("您的诉求已记录并转给HR"))
    return redirect("portal:home")


def _zip_response(name: str, data: bytes) -> HttpResponse:
    response = HttpResponse(data, content_type="application/zip")
    response["Content-Disposition"] = attachment_header(name)
    return response


@require_POST
def receipt(request: HttpRequest, fmt: str) -> HttpResponse:
    """辞职回执: the proof of my notice as a PDF, or the verifiable package (ZIP); each issue is recorded."""
    employee = _own_employee(request)
    case = _own_case(employee)  # never a case named in the request
    if fmt not in ("pdf", "zip") or not receipts.receipt_available(case):
        raise Http404
    return _receipt_response(case, fmt, actor=request.user)


def _receipt_response(case, fmt: str, *, actor) -> HttpResponse:
    issued = receipts.issue_receipt(case, actor=actor)
    name = receipts.file_stem(case)
    if fmt == "pdf":
        response = HttpResponse(issued.pdf, content_type="application/pdf")
        response["Content-Disposition"] = attachment_header(f"{name}.pdf")
        return response
    return _zip_response(f"{name}.zip", receipts.receipt_package(issued, case))


@require_POST
def case_receipt(request: HttpRequest, case_code, fmt: str) -> HttpResponse:
    """HR prints the receipt of a resignation notice (one recorded on paper, or given in the portal) to hand
    to the employee; each issue is recorded like the employee's own."""
    case = get_case_for_user(request.user, case_code, "case.edit")
    if fmt not in ("pdf", "zip") or not receipts.receipt_available(case):
        raise Http404
    return _receipt_response(case, fmt, actor=request.user)


@require_POST
def my_copy(request: HttpRequest) -> HttpResponse:
    """我的资料包: the employee's own copy of their signed talk records and case, as they may see them."""
    employee = _own_employee(request)
    name, data = build_employee_copy(employee, actor=request.user)
    return _zip_response(name, data)


@require_GET
def my_document(request: HttpRequest, code) -> HttpResponse:
    """One of my own signed documents (the e-signed file or the wet-signed scan), its hash checked, logged."""
    employee = _own_employee(request)
    case = SeparationCase.objects.filter(employee=employee, offboarding_documents__code=code).first()
    offer = former.offer_for(case, code, signed_only=True) if case else None
    if offer is None:
        raise Http404

    def log():
        former.log_offer_download(case, offer, actor=request.user, ledger_type=former.DOCUMENT_LEDGER_TYPE,
                                  ledger_id=offer.document.code, purpose=gettext_noop("员工下载本人已签署文书"),
                                  event="document.downloaded_by_employee")

    return serve_offer(request, offer, log, "portal:home")


@require_POST
def case_copy(request: HttpRequest, case_code) -> HttpResponse:
    """HR downloads the employee's copy of a case's records to hand over (never HR's own package)."""
    case = get_case_for_user(request.user, case_code, "talks.export")
    name, data = build_employee_copy(case.employee, actor=request.user, case=case)
    return _zip_response(name, data)


@require_GET
def explanations(request: HttpRequest) -> HttpResponse:
    """关于我的自动化评估: ask for an explanation (PIPL Art. 24 ¶3) and read HR's answers; only one's own."""
    employee = _own_employee(request)
    items, shown = selfservice.explanations(employee, actor=request.user)
    return render(request, "portal/explanations.html", {
        "employee": employee, "requests": shown, "answer_days": insight_explanations.ANSWER_DAYS,
        "can_ask": not any(i.status == ExplanationStatus.OPEN for i in items),
    })


@require_POST
def request_explanation(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    try:
        insight_explanations.request_explanation(employee, acting_user=request.user,
                                                 question=request.POST.get("question", ""))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, _("已提交。HR会在 %(n)s 天内答复，答复会显示在本页。")
                         % {"n": insight_explanations.ANSWER_DAYS})
    return redirect("portal:explanations")
