"""The former employee's own page (their read-only login) and HR's grant/revoke on the case."""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from farewell.cases.access import get_case_for_user

from .. import former, settlement_services
from ..models import FormerAccess
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
    offers = former.documents(access)
    return render(request, "offboarding/former_home.html", {
        "access": access, "documents": offers, "sheet": frozen.sheet if frozen else None,
        "agreement_unsigned": former.agreement_unsigned(access.case, offers),
    })


@require_GET
def former_download(request: HttpRequest, code) -> HttpResponse:
    access = _access(request)
    offer = former.offer_for(access.case, code)
    if offer is None:  # not hers, not a kind she downloads, or an agreement nobody has signed
        raise Http404
    return serve_offer(request, offer, lambda: former.log_download(access, offer), "offboarding:former_home")


def serve_offer(request: HttpRequest, offer: former.Offer, log, back: str) -> HttpResponse:
    """The offered file, once its hash is checked (a changed file is refused, not served) and the download logged."""
    if not former.intact(offer):
        messages.error(request, _("文件校验失败（与记录的SHA-256不符），未提供下载。请联系原单位人力资源部。"))
        return redirect(back)
    log()
    return FileResponse(former.open_offer(offer), as_attachment=True, filename=offer.filename)


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
