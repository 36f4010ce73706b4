"""交接: the leaver's items, the items to receive, and HR's changes to a case's checklist."""

from __future__ import annotations

from django.contrib import messages
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from farewell.accounts import policy
from farewell.accounts.models import User
from farewell.cases.access import get_case_for_user

from .. import handover, overview, receivers
from ..access import get_item_for_user
from ..forms import CommentForm, ItemAddForm, ItemChangeForm
from ._common import back_to_case

LIST_LIMIT = overview.LIST_LIMIT


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """交接: my own items to hand over (ticked in the portal sense), the items I receive, and for HR the
    cases in handover in scope with their progress."""
    user = request.user
    if not policy.allows(user, "handover.take_part"):
        policy.require(user, "offboarding.manage")
    today = timezone.localdate()
    seen = overview.overview_for(user)  # the same figures as GET /api/offboarding/
    return render(request, "offboarding/index.html", {
        "mine": seen.mine, "to_receive": seen.to_receive, "cases": seen.cases, "today": today,
        "comment_form": CommentForm(), "families": seen.families, "to_sign": seen.to_sign,
    })


@require_POST
def item_tick(request: HttpRequest, code) -> HttpResponse:
    item = get_item_for_user(request.user, code, role="owner")
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        handover.tick_item(item, acting_user=request.user, note=form.cleaned_data.get("comment", ""))
    except handover.HandoverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已标记完成，等待接收人确认"))
    return redirect("offboarding:index")


def _after_receiver(request, item):
    if request.POST.get("next") == "case":
        return back_to_case(item.case)
    return redirect("offboarding:index")


@require_POST
def item_confirm(request: HttpRequest, code) -> HttpResponse:
    item = get_item_for_user(request.user, code, role="receiver")
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        handover.confirm_item(item, acting_user=request.user, comment=form.cleaned_data.get("comment", ""))
    except handover.HandoverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已确认接收"))
    return _after_receiver(request, item)


@require_POST
def item_return(request: HttpRequest, code) -> HttpResponse:
    item = get_item_for_user(request.user, code, role="receiver")
    form = CommentForm(request.POST)
    form.is_valid()
    try:
        handover.return_item(item, acting_user=request.user, comment=form.cleaned_data.get("comment", ""))
    except handover.HandoverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已退回交接人"))
    return _after_receiver(request, item)


def _receiver(case, username: str):
    """A login named by HR as receiver: active, and not the leaver."""
    if not username:
        return None
    user = User.objects.filter(username=username, is_active=True).exclude(employee=case.employee).first()
    if user is None or not policy.company_ids(user) & {case.company_id}:
        raise handover.HandoverError(_("接收人 %(u)s 不存在、已停用或不属于本公司") % {"u": username})
    return user


@require_POST
def item_change(request: HttpRequest, code) -> HttpResponse:
    item = get_item_for_user(request.user, code, role="hr")
    form = ItemChangeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return back_to_case(item.case)
    c = form.cleaned_data
    try:
        handover.change_item(item, acting_user=request.user, receiver=_receiver(item.case, c["receiver"]),
                             due_date=c["due_date"], blocks_closing=c["blocks_closing"])
    except handover.HandoverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("交接事项已修改"))
    return back_to_case(item.case)


@require_POST
def item_add(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "offboarding.manage")
    form = ItemAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return back_to_case(case)
    c = form.cleaned_data
    try:
        handover.add_item(case, acting_user=request.user, category=c["category"], title=c["title"],
                          due_date=c["due_date"], receiver=_receiver(case, c["receiver"]),
                          blocks_closing=c["blocks_closing"])
    except handover.HandoverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已新增交接事项"))
    return back_to_case(case)


@require_POST
def case_prepare(request: HttpRequest, code) -> HttpResponse:
    """Build the checklist and the duties of a case that has none (e.g. approved before offboarding)."""
    case = get_case_for_user(request.user, code, "offboarding.manage")
    if case.status not in handover.WORKING_STATUSES:
        messages.error(request, _("案件当前状态下不能办理交接"))
        return back_to_case(case)
    with transaction.atomic():
        items, duties = receivers.prepare(case, acting_user=request.user)
    messages.success(request, _("已生成 %(i)s 个交接事项、%(d)s 个离职后事项") % {"i": items, "d": duties})
    return back_to_case(case)


@require_POST
def item_wecom(request: HttpRequest, code) -> HttpResponse:
    """HR runs 企业微信 离职继承 on the WeCom item (the adapter, when configured)."""
    item = get_item_for_user(request.user, code, role="hr")
    try:
        handover.transfer_wecom(item, acting_user=request.user,
                                handover_userid=(request.POST.get("handover_userid") or "").strip(),
                                takeover_userid=(request.POST.get("takeover_userid") or "").strip())
    except handover.HandoverError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, item.owner_note)
    return back_to_case(item.case)
