"""Employee self-service: only ever about the signed-in employee."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_GET, require_POST

from farewell.accounts import policy
from farewell.cases import civil_service, engine_calls, services
from farewell.cases.access import get_case_for_user
from farewell.cases.models import CaseStatus, CaseStep, SeparationCase, StepKind, StepStatus
from farewell.cases.presentation import present
from farewell.insights import explanations as insight_explanations
from farewell.insights.models import ExplanationRequest, ExplanationStatus
from farewell.insights.riskviews import factor_rows
from farewell.offboarding import former
from farewell.offboarding.views.former import serve_offer
from farewell.org.tenure import cumulative_work_years, tenure

from . import receipts
from .employee_copy import build_employee_copy
from .forms import DemandForm, EstimateForm, NegotiateForm, NoticeForm, PortalMessageForm
from .projection import case_for_employee


def _own_employee(request: HttpRequest):
    """The signed-in employee's own record; there is no way to name another one."""
    policy.require(request.user, "portal.self")
    employee = request.user.employee
    if employee is None:
        raise Http404
    return employee


def _own_case(employee) -> SeparationCase | None:
    """The employee's current case (the open one, else the latest); never anyone else's."""
    cases = SeparationCase.objects.filter(employee=employee).order_by("-created_at", "-id")
    return cases.filter(status__in=[s for s in CaseStatus if s not in (
        CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)]).first() or cases.first()


def _confirmation_step(case) -> CaseStep | None:
    if case is None:
        return None
    return case.steps.filter(kind=StepKind.EMPLOYEE_CONFIRMATION, status=StepStatus.ACTIVE).first()


NEXT_STEPS = {
    CaseStatus.NOTICE_RECEIVED: gettext_lazy("HR将确认收到您的辞职通知，并与您约定交接安排。辞职是您的权利，不需要公司批准。"),
    CaseStatus.DRAFT: gettext_lazy("HR正在准备方案，会通过下面的消息与您联系。"),
    CaseStatus.IN_REVIEW: gettext_lazy("公司正在内部审核。需要您确认时，这里会出现确认按钮。"),
    CaseStatus.APPROVED: gettext_lazy("方案已经批准，HR会与您约定签署协议和交接的时间。"),
    CaseStatus.IN_HANDOVER: gettext_lazy("请按交接清单完成工作交接，并在最后一天前结清工资和手续。"),
    CaseStatus.CLOSED: gettext_lazy("离职手续已办结。离职证明和档案、社保转移请留意HR的通知。"),
    CaseStatus.REJECTED: gettext_lazy("此申请未获同意。如有疑问，可以给HR留言。"),
    CaseStatus.WITHDRAWN: gettext_lazy("此案件已撤回。"),
}


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """我的离职信息: tenure, wage base, what the law would give, my case and my messages with HR."""
    employee = _own_employee(request)
    today = timezone.localdate()
    case = _own_case(employee)
    is_open = case is not None and case.status not in (CaseStatus.CLOSED, CaseStatus.REJECTED, CaseStatus.WITHDRAWN)
    # With an open case the estimate starts from the case's ground and its end date, so the dates match the case.
    if is_open and case.ground and case.separation_date:
        defaults = {"ground": case.ground, "separation_date": case.separation_date}
        case_ground = (case.ground, case.ground_title)
    else:
        defaults = {"ground": "mutual_employer_initiated", "separation_date": today}
        case_ground = None
    form = EstimateForm(request.GET or defaults, case_ground=case_ground)
    estimate = None
    error = None
    wages_missing = ""
    if employee.rule_pack == "CN" and form.is_valid():
        data = services.engine_input_for(
            employee, ground=form.cleaned_data["ground"], separation_date=form.cleaned_data["separation_date"]
        )
        if is_open and case.facts and case.facts.get("untaken_days_previous_years") and "annual_leave" in data:
            # Earlier years' untaken leave HR recorded on the case (prc_rules §5).
            data["annual_leave"]["untaken_days_previous_years"] = Decimal(str(case.facts["untaken_days_previous_years"]))
        outcome = services.calculate(data)
        if engine_calls.wages_missing(data, outcome.result, outcome.error):
            wages_missing = engine_calls.wages_message(employee_side=True)
        elif outcome.error is None:
            cap_check = services.cap_unknown_check(data, outcome.result)
            estimate = present(outcome.result, [cap_check] if cap_check else None)
        else:
            error = outcome.error
    ended_message = "" if is_open else services.employment_end_refusal(employee)
    confirmation = _confirmation_step(case)
    wages = services.wage_months_before(employee, today)
    average = sum(w.total for w in wages) / len(wages) if wages else None
    return render(request, "portal/home.html", {
        "employee": employee,
        "tenure": tenure(employee.hire_date, as_of=today, separation_date=employee.separation_date),
        "work_years": cumulative_work_years(employee.first_work_date, as_of=today),
        "wage_months": len(wages),
        "average_wage": average,
        "form": form,
        "estimate": estimate,
        "error": error,
        "wages_missing": wages_missing,
        # The template never gets the case row (policy cap, internal notes): only the employee's projection.
        "case": case_for_employee(case, awaiting_confirmation=confirmation is not None),
        "case_open": is_open,
        # A closed case ended (or ends) the employment: no second notice (services.employment_end_refusal).
        "employment_ended": bool(ended_message),
        "ended_message": ended_message,
        "next_step": (civil_service.portal_next_step(case) or NEXT_STEPS.get(case.status)) if case else None,
        # 公务员法: the CSL 85 application instead of the LCL 37 notice and a negotiation; no demand.
        "civil": civil_service.portal_context(employee, case),
        "confirmation": confirmation,
        "thread": list(case.messages.all()) if case else [],
        "notice_form": NoticeForm(),
        "negotiate_form": NegotiateForm(),
        "message_form": PortalMessageForm(),
        "demand_form": DemandForm(),
        "can_demand": case is not None and case.status in services.DEMAND_STATUSES and not case.is_civil_service,
        "demands": list(case.demands.all()) if case else [],
        # The signed documents (the agreement once both sides signed it; never its unsigned draft).
        "signed_documents": former.offers(case, signed_only=True) if case else [],
        # 辞职回执: offered once the notice's text is on the ledger (a notice given in this portal).
        "has_receipt": receipts.notice_entry(case) is not None,
        "today": today,
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
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


@require_POST
def receipt(request: HttpRequest, fmt: str) -> HttpResponse:
    """辞职回执: the proof of my notice as a PDF, or the verifiable package (ZIP); each issue is recorded."""
    employee = _own_employee(request)
    case = _own_case(employee)  # never a case named in the request
    if fmt not in ("pdf", "zip") or receipts.notice_entry(case) is None:
        raise Http404
    issued = receipts.issue_receipt(case, actor=request.user)
    name = receipts.file_stem(case)
    if fmt == "pdf":
        response = HttpResponse(issued.pdf, content_type="application/pdf")
        response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
        return response
    return _zip_response(f"{name}.zip", receipts.receipt_package(issued, case))


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
                                  ledger_id=offer.document.code, purpose=_("员工下载本人已签署文书"),
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
    items = list(ExplanationRequest.objects.filter(employee=employee).select_related("answered_by"))
    for item in items:
        if item.status == ExplanationStatus.ANSWERED and item.read_at is None:
            insight_explanations.mark_read(item, acting_user=request.user)
    shown = [{"item": item, "factors": factor_rows(employee, item.assessment.get("factors", [])),
              "assessment": item.assessment,
              "percent": round(item.assessment["probability"] * 100) if item.assessment else None} for item in items]
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
