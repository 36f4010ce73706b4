"""My notifications: the list, mark one read, mark all read. A user only ever sees and marks
their own (every query filters on request.user, so anyone else's is a 404)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_GET, require_POST

from farewell.accounts import policy
from farewell.accounts.templatetags.notifications import badge_html
from farewell.common.notifications import Notification, mark_all_read, mark_read, unread_count

NOTIFICATIONS_SHOWN = 100


def _back(request: HttpRequest, default: str):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, require_https=request.is_secure()):
        return redirect(target)
    return redirect(default)


@require_GET
def notification_list(request: HttpRequest) -> HttpResponse:
    """通知: every signed-in user's own notifications (an employee's too), unread first."""
    policy.require(request.user, "notifications.own")
    notes = list(
        Notification.objects.filter(user=request.user).order_by("read_at", "-created_at", "-id")[:NOTIFICATIONS_SHOWN]
    )
    return render(request, "cases/notification_list.html", {
        "notifications": notes, "unread": sum(1 for n in notes if n.read_at is None),
    })


@require_GET
def notification_badge(request: HttpRequest) -> HttpResponse:
    """The navbar link with my unread count (htmx swaps it in; one COUNT on the user/read_at index)."""
    policy.require(request.user, "notifications.own")
    return HttpResponse(badge_html(unread_count(request.user)))


@require_POST
def notification_read(request: HttpRequest, pk: int) -> HttpResponse:
    policy.require(request.user, "notifications.own")
    note = get_object_or_404(Notification, pk=pk, user=request.user)
    mark_read(request.user, note.pk)
    return _back(request, "cases:notifications")


@require_POST
def notification_read_all(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "notifications.own")
    mark_all_read(request.user)
    return _back(request, "cases:notifications")
