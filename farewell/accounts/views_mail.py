"""设置 › 用户与权限 › 邮件发送: e-mails that failed or wait for another try, for the HR admin.

Only the notifications of the logins the admin manages (policy.users_for); the subject is
shown, never the body (it may name an employee the admin's scope does not cover in detail).
"""

from __future__ import annotations

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from farewell.common import wecom_app
from farewell.common.notifications import WAITING, Notification, send_again

from . import policy

PAGE_SIZE = 50
WECOM_SHOWN = 20
SHOWN = (Notification.EmailStatus.FAILED, Notification.EmailStatus.RETRYING)


def _notifications_for_admin(user):
    return Notification.objects.filter(user__in=policy.users_for(user).values("pk"))


@require_GET
def mail_outbox(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "users.accounts")
    rows = (
        _notifications_for_admin(request.user)
        .filter(email_status__in=SHOWN)
        .select_related("user")
        .only("pk", "subject", "words", "created_at", "email_status", "email_error", "email_attempts", "email_retry_at",
              "user__username", "user__display_name", "user__first_name", "user__last_name", "user__email")
        .order_by("-created_at", "-pk")
    )
    waiting = _notifications_for_admin(request.user).filter(email_status__in=WAITING).count()
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    # 企业微信 app messages that failed (one try each, docs/sso_wecom.md): the latest, while WeCom is on.
    wecom_failures = None
    if wecom_app.config() is not None:
        wecom_failures = list(
            _notifications_for_admin(request.user)
            .filter(wecom_status=Notification.EmailStatus.FAILED)
            .select_related("user")
            .only("pk", "subject", "words", "created_at", "wecom_error", "user__username", "user__display_name",
                  "user__first_name", "user__last_name")
            .order_by("-created_at", "-pk")[:WECOM_SHOWN]
        )
    return render(request, "accounts/mail_outbox.html",
                  {"page_obj": page_obj, "waiting": waiting, "wecom_failures": wecom_failures})


@require_POST
def mail_send_again(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "users.accounts")
    note = _notifications_for_admin(request.user).filter(pk=pk).first()
    if note is None:
        raise Http404
    if send_again(note):
        messages.success(request, _("已重新排队发送。"))
    else:
        messages.info(request, _("这封邮件已在发送队列中或已发送。"))
    return redirect("accounts:mail_outbox")
