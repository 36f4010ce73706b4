"""The former employee's own page (their read-only login) and HR's grant/revoke on the case."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from farewell.cases.access import get_case_for_user

from .. import former, settlement_services
from ..models import FormerAccess, GeneratedDocument
from ._common import back_to_case


def _access(request: HttpRequest):
    """The one access helper here: the signed-in user's own access in force, else 404."""
    access = former.active_access(request.user)
    if access is None:
        raise Http404
    return access


@require_GET
def former_home(request: HttpRequest) -> HttpResponse:
    access = _access(request)
    frozen = settlement_services.frozen(access.case)
    return render(request, "offboarding/former_home.html", {
        "access": access, "documents": former.documents(access), "sheet": frozen.sheet if frozen else None,
    })


@require_GET
def former_download(request: HttpRequest, code) -> HttpResponse:
    access = _access(request)
    try:
        document = GeneratedDocument.objects.get(code=code, case=access.case, kind__in=former.FORMER_KINDS)
    except (GeneratedDocument.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    former.log_download(access, document)
    return FileResponse(document.pdf.open("rb"), as_attachment=True, filename=f"{document.get_kind_label()}.pdf")


@require_POST
def former_grant(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "offboarding.manage")
    try:
        former.grant(case, (request.POST.get("email") or "").strip(), acting_user=request.user)
    except former.FormerAccessError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已开通离职人员下载权限，设置密码的链接已发送到个人邮箱"))
    return back_to_case(case)


@require_POST
def former_revoke(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "offboarding.manage")
    access = FormerAccess.objects.filter(case=case).select_related("user", "case").first()
    if access is None:
        raise Http404
    former.revoke(access, acting_user=request.user)
    messages.success(request, _("已停用离职人员下载权限"))
    return back_to_case(case)
