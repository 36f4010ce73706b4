"""The civil-service part of the case page's actions (POST, CSRF): answer a CSL 86 / CSL 89 checklist
item, say whether the applicant is a leading member, record the delivery of the 辞退决定; and the
download of their evidence for whoever may see the case (served by us, never MEDIA_URL)."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_POST

from farewell.accounts.file_reads import download

from . import civil_service_actions as actions
from . import services
from .access import get_case_for_user
from .civil_service_models import CivilServiceAnswer, DecisionDelivery
from .workflow import CaseError


def _back(case) -> HttpResponse:
    return redirect(f"{services.case_link(case)}#civil-service")


def _date(value: str | None) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if value else None
    except ValueError:
        return None


@require_POST
def answer(request: HttpRequest, code) -> HttpResponse:
    """HR answers one checklist item: 是 / 否, a note, optional evidence."""
    case = get_case_for_user(request.user, code, "case.edit")
    choice = request.POST.get("answer")
    if choice not in ("yes", "no"):
        messages.error(request, _("请选择“是”或“否”"))
        return _back(case)
    try:
        actions.answer_item(case, request.POST.get("item", ""), choice == "yes", actor=request.user,
                            note=request.POST.get("note", ""), document_file=request.FILES.get("document_file"))
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已记录回答，法律检查已重新计算"))
    return _back(case)


@require_POST
def leading_member(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "case.edit")
    try:
        actions.set_leading_member(case, request.POST.get("leading_member") == "yes", actor=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("审批期限已更新"))
    return _back(case)


@require_POST
def delivery(request: HttpRequest, code) -> HttpResponse:
    """The written 辞退决定 delivered: dates, how, the proof."""
    case = get_case_for_user(request.user, code, "case.edit")
    try:
        actions.record_delivery(
            case, actor=request.user, decided_on=_date(request.POST.get("decided_on")),
            delivered_on=_date(request.POST.get("delivered_on")), method=request.POST.get("method", ""),
            document_file=request.FILES.get("document_file"), note=request.POST.get("note", ""))
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已记录辞退决定送达"))
    return _back(case)


@require_GET
def document(request: HttpRequest, code) -> HttpResponse:
    """An answer's evidence or a delivery's proof, for whoever may see its case."""
    row = (CivilServiceAnswer.objects.filter(code=code).select_related("case").first()
           or DecisionDelivery.objects.filter(code=code).select_related("case").first())
    if row is None:
        raise Http404
    case = get_case_for_user(request.user, row.case.code, "case.view")
    return download(request, row, "document_file", employee=case.employee, purpose=gettext_noop("下载公务员案件文书"),
                    filename=row.document)
