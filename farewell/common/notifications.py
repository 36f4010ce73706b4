"""Notifications: in-app rows, e-mailed on commit, each recorded with how its sending went.

`notify(user, subject, body, *, link, email=True)` is called inside a service's transaction;
the row is written there, the e-mail leaves only after the commit (a rolled-back decision
sends nothing).
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

log = logging.getLogger(__name__)


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        NOT_REQUESTED = "none", _("仅站内")
        PENDING = "pending", _("待发送")
        SENT = "sent", _("已发送")
        FAILED = "failed", _("发送失败")
        NO_ADDRESS = "no_address", _("无邮箱地址")

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notifications")
    subject = models.CharField(max_length=200)
    body = models.TextField(blank=True)
    link = models.CharField(max_length=300, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    read_at = models.DateTimeField(null=True, blank=True)
    email_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NOT_REQUESTED)
    email_error = models.CharField(max_length=300, blank=True)
    emailed_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        app_label = "common"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The inbox: a user's unread notifications, newest first.
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_read_idx"),
        ]

    def __str__(self) -> str:
        return self.subject


def email_address(user) -> str:
    if user.email:
        return user.email
    employee = getattr(user, "employee", None)
    return getattr(employee, "email", "") or ""


def notify(user, subject: str, body: str, *, link: str = "", email: bool = True) -> Notification:
    """Record an in-app notification; send it by e-mail after the surrounding transaction commits."""
    address = email_address(user) if email else ""
    status = Notification.EmailStatus.NOT_REQUESTED
    if email:
        status = Notification.EmailStatus.PENDING if address else Notification.EmailStatus.NO_ADDRESS
    note = Notification.objects.create(
        user=user, subject=subject[:200], body=body, link=link[:300], email_status=status
    )
    if status == Notification.EmailStatus.PENDING:
        transaction.on_commit(lambda: _send(note.pk, address))
    return note


def _send(pk: int, address: str) -> None:
    note = Notification.objects.get(pk=pk)
    text = note.body
    if note.link:
        text = f"{text}\n\n{absolute_url(note.link)}"
    try:
        send_mail(note.subject, text, None, [address], fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded, never raised to the user
        log.warning("notification %s: e-mail failed: %s", pk, exc)
        Notification.objects.filter(pk=pk).update(
            email_status=Notification.EmailStatus.FAILED, email_error=str(exc)[:300]
        )
        return
    Notification.objects.filter(pk=pk).update(
        email_status=Notification.EmailStatus.SENT, emailed_at=timezone.now()
    )


def absolute_url(link: str) -> str:
    """An e-mail is read outside the site: a path becomes FAREWELL_BASE_URL + path."""
    if link.startswith(("http://", "https://")):
        return link
    return settings.FAREWELL_BASE_URL.rstrip("/") + "/" + link.lstrip("/")


def unread_count(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).count()


def mark_read(user, pk: int) -> bool:
    """Mark one of `user`'s own notifications read (a conditional update: someone else's, or one
    already read, changes nothing); True when this call marked it."""
    return Notification.objects.filter(pk=pk, user=user, read_at__isnull=True).update(read_at=timezone.now()) == 1


def mark_all_read(user) -> int:
    return Notification.objects.filter(user=user, read_at__isnull=True).update(read_at=timezone.now())
