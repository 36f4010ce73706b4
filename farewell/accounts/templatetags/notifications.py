"""`{% unread_badge %}`: the navbar link to the signed-in user's notifications, with the unread count.

The count arrives by htmx right after the page loads (and every minute), from the badge view: a
page's own queries stay what they were, whatever page it is.
"""

from __future__ import annotations

from django import template
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from farewell.accounts import policy

register = template.Library()

POLL = "every 60s"


def badge_html(count: int | None) -> str:
    """The link; `count` None = not known yet (the first render asks for it on load)."""
    try:
        url, badge_url = reverse("cases:notifications"), reverse("cases:notification_badge")
    except NoReverseMatch:
        return ""
    label = _("通知")
    trigger = f"load, {POLL}" if count is None else POLL
    if not count:
        return format_html(
            '<a class="nav-link" href="{}" id="unread-badge" data-count="{}" hx-get="{}" hx-trigger="{}" '
            'hx-swap="outerHTML">{}</a>',
            url, "" if count is None else 0, badge_url, trigger, label,
        )
    return format_html(
        '<a class="nav-link" href="{}" id="unread-badge" data-count="{}" hx-get="{}" hx-trigger="{}" '
        'hx-swap="outerHTML">{} <span class="badge rounded-pill text-bg-danger">{}</span>'
        '<span class="visually-hidden">{}</span></a>',
        url, count, badge_url, trigger, label, count, _("条未读"),
    )


@register.simple_tag(takes_context=True)
def unread_badge(context) -> str:
    user = context.get("user")
    if user is None or not user.is_authenticated:
        return ""
    if not policy.allows(user, "notifications.own"):
        return ""
    return badge_html(None)
