"""Notifications: in-app rows, e-mailed by the task worker, each recorded with how its sending went.

`notify(user, subject, body, *, link, email=True)` is called inside a service's transaction;
the row is written there, and only after the commit is the e-mail queued for the worker
(`farewell db_worker`; a rolled-back decision sends nothing, a slow SMTP server never holds
up a page). A failed send is tried again after 1, 5, 30 and 120 minutes (the worker's deferred
task, and `farewell sweep` for any retry that fell due); after the last try it is 发送失败,
listed for the HR admin (设置 › 用户与权限 › 邮件发送), who can send it again.
When 企业微信 is configured (common/wecom_app.py), the same notification also goes as a WeCom app
message to a user with a WeCom userid: one try by the worker, its outcome in wecom_status/wecom_error.

A subject or body given as common.wording parts (a msgid and its values) is kept in `words` and worded
when shown — the inbox and the API in the reader's language, the e-mail and WeCom message in the
recipient's (recipient_language) — so a notification the Chinese sweep wrote reads in English on an
English page. `subject`/`body` hold it worded in the recipient's language too (what a query by subject
reads), and are all there is for rows written before `words` and for typed text (shown as stored).
"""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.core.mail import send_mail
from django.db import models, transaction
from django.db.models import F
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _
from django_tasks import task

from . import wecom_app, wording

log = logging.getLogger(__name__)


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        NOT_REQUESTED = "none", _("仅站内")
        PENDING = "pending", _("待发送")
        RETRYING = "retrying", _("发送失败，待重试")
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
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_retry_at = models.DateTimeField(null=True, blank=True)
    # 企业微信 app message (common/wecom_app.py): one try after the commit, when WeCom is configured and
    # the user has a WeCom userid; a failure is kept here, as an e-mail's is.
    wecom_status = models.CharField(max_length=10, choices=EmailStatus.choices, default=EmailStatus.NOT_REQUESTED)
    wecom_error = models.CharField(max_length=300, blank=True)
    # {"subject": part, "body": part} in common.wording's JSON, for the parts given as words (not typed text):
    # worded in the reader's language when shown. Null for rows written before it, and for typed text only.
    words = models.JSONField(null=True, blank=True)

    class Meta:
        app_label = "common"
        ordering = ["-created_at", "-id"]
        indexes = [
            # The inbox: a user's unread notifications, newest first.
            models.Index(fields=["user", "read_at", "-created_at"], name="notification_user_read_idx"),
            # The sweep's retries and the HR admin's list of failed e-mails.
            models.Index(fields=["email_status", "email_retry_at"], name="notification_email_idx"),
        ]

    def __str__(self) -> str:
        return self.shown_subject

    @property
    def shown_subject(self) -> str:
        """The subject in the active language (as stored when it was not given as words)."""
        words = self.words or {}
        return wording.word(words["subject"])[:200] if "subject" in words else self.subject

    @property
    def shown_body(self) -> str:
        words = self.words or {}
        return wording.word(words["body"]) if "body" in words else self.body


def recipient_language(user) -> str:
    """The language a notification leaves in (e-mail, WeCom): users keep no language of their own (the
    menu's choice is a browser cookie), so the site's LANGUAGE_CODE."""
    return settings.LANGUAGE_CODE


def email_address(user) -> str:
    if user.email:
        return user.email
    employee = getattr(user, "employee", None)
    return getattr(employee, "email", "") or ""


def notify(user, subject, body, *, link: str = "", email: bool = True) -> Notification:
    """Record an in-app notification; send it by e-mail after the surrounding transaction commits.

    `subject` and `body` are text worded already (what someone typed) or common.wording parts, which
    are kept and worded in each reader's language when shown."""
    words = {name: wording.as_json(part) for name, part in (("subject", subject), ("body", body))
             if wording.is_deferred(part)}
    with translation.override(recipient_language(user)):
        subject, body = str(subject), str(body)
    address = email_address(user) if email else ""
    status = Notification.EmailStatus.NOT_REQUESTED
    if email:
        status = Notification.EmailStatus.PENDING if address else Notification.EmailStatus.NO_ADDRESS
    wecom = email and bool(wecom_app.userid_of(user))  # "" (no query) while WeCom is not configured
    note = Notification.objects.create(
        user=user, subject=subject[:200], body=body, link=link[:300], email_status=status, words=words or None,
        wecom_status=Notification.EmailStatus.PENDING if wecom else Notification.EmailStatus.NOT_REQUESTED,
    )
    if status == Notification.EmailStatus.PENDING:
        transaction.on_commit(lambda: queue_email(note.pk))
    if wecom:
        transaction.on_commit(lambda: queue_wecom(note.pk))
    return note


# Minutes to wait after the 1st, 2nd, … failed try; a try after the last is not made.
RETRY_AFTER_MINUTES = (1, 5, 30, 120)
MAX_EMAIL_ATTEMPTS = len(RETRY_AFTER_MINUTES) + 1
WAITING = (Notification.EmailStatus.PENDING, Notification.EmailStatus.RETRYING)


def queue_email(pk: int, *, run_after=None) -> None:
    """Hand the e-mail of notification `pk` to the task worker (at `run_after`, when the task
    backend can defer; otherwise the sweep picks it up when due)."""
    queued = deliver_notification_email
    if run_after is not None:
        if not queued.get_backend().supports_defer:
            return
        queued = queued.using(run_after=run_after)
    try:
        queued.enqueue(pk)
    except Exception as exc:  # noqa: BLE001 - the row stays waiting; the sweep queues it again
        log.warning("notification %s: could not queue its e-mail: %s", pk, exc)


def deliver_email(pk: int) -> str:
    """One try at sending notification `pk` by e-mail; returns the status it left.

    The try is claimed by a conditional update of the attempt counter, so two workers holding
    the same task never both send it; a retry that is not due yet is left alone."""
    note = Notification.objects.select_related("user").filter(pk=pk).first()
    if note is None or note.email_status not in WAITING:
        return note.email_status if note else ""
    now = timezone.now()
    if note.email_retry_at and note.email_retry_at > now:
        return note.email_status
    attempt = note.email_attempts + 1
    claimed = Notification.objects.filter(
        pk=pk, email_status=note.email_status, email_attempts=note.email_attempts
    ).update(email_attempts=F("email_attempts") + 1)
    if not claimed:
        return note.email_status
    address = email_address(note.user)
    if not address:
        Notification.objects.filter(pk=pk).update(email_status=Notification.EmailStatus.NO_ADDRESS)
        return Notification.EmailStatus.NO_ADDRESS
    with translation.override(recipient_language(note.user)):
        subject, text = note.shown_subject, note.shown_body
    if note.link:
        text = f"{text}\n\n{absolute_url(note.link)}"
    try:
        send_mail(subject, text, None, [address], fail_silently=False)
    except Exception as exc:  # noqa: BLE001 - any transport failure is recorded, never raised to the user
        error = f"{exc.__class__.__name__}: {exc}"[:300]
        if attempt >= MAX_EMAIL_ATTEMPTS:
            log.warning("notification %s: e-mail failed for good after %d tries: %s", pk, attempt, error)
            Notification.objects.filter(pk=pk).update(
                email_status=Notification.EmailStatus.FAILED, email_error=error, email_retry_at=None
            )
            return Notification.EmailStatus.FAILED
        retry_at = now + dt.timedelta(minutes=RETRY_AFTER_MINUTES[attempt - 1])
        log.info("notification %s: e-mail try %d failed (%s); again at %s", pk, attempt, error, retry_at)
        Notification.objects.filter(pk=pk).update(
            email_status=Notification.EmailStatus.RETRYING, email_error=error, email_retry_at=retry_at
        )
        queue_email(pk, run_after=retry_at)
        return Notification.EmailStatus.RETRYING
    Notification.objects.filter(pk=pk).update(
        email_status=Notification.EmailStatus.SENT, emailed_at=timezone.now(), email_retry_at=None
    )
    return Notification.EmailStatus.SENT


@task()
def deliver_notification_email(notification_id: int) -> str:
    """The worker's task: one try at e-mailing a notification (a failure queues the next try)."""
    return deliver_email(notification_id)


def queue_wecom(pk: int) -> None:
    """Hand the WeCom app message of notification `pk` to the task worker."""
    try:
        deliver_notification_wecom.enqueue(pk)
    except Exception as exc:  # noqa: BLE001 - the row stays pending and says why
        log.warning("notification %s: could not queue its WeCom message: %s", pk, exc)
        Notification.objects.filter(pk=pk).update(
            wecom_status=Notification.EmailStatus.FAILED, wecom_error=f"queue: {exc}"[:300])


def deliver_wecom(pk: int) -> str:
    """One try at sending notification `pk` as a WeCom text card; returns the status it left. Claimed by a
    conditional update (pending → sent/failed), so two workers never both send it."""
    note = Notification.objects.select_related("user__employee").filter(
        pk=pk, wecom_status=Notification.EmailStatus.PENDING).first()
    client = wecom_app.client()
    if note is None or client is None:
        return note.wecom_status if note else ""
    userid = wecom_app.userid_of(note.user, client.cfg)
    try:
        if not userid:
            raise wecom_app.WeComAPIError("message/send", None, "no WeCom userid")
        with translation.override(recipient_language(note.user)):
            title, description = note.shown_subject, note.shown_body
        client.send_text_card(userid, title=title, description=description, url=absolute_url(note.link or "/"))
    except Exception as exc:  # noqa: BLE001 - any failure is recorded, never raised to the user
        error = f"{exc.__class__.__name__}: {exc}"[:300]
        log.warning("notification %s: WeCom message failed: %s", pk, error)
        Notification.objects.filter(pk=pk, wecom_status=Notification.EmailStatus.PENDING).update(
            wecom_status=Notification.EmailStatus.FAILED, wecom_error=error)
        return Notification.EmailStatus.FAILED
    Notification.objects.filter(pk=pk, wecom_status=Notification.EmailStatus.PENDING).update(
        wecom_status=Notification.EmailStatus.SENT, wecom_error="")
    return Notification.EmailStatus.SENT


@task()
def deliver_notification_wecom(notification_id: int) -> str:
    """The worker's task: one try at sending a notification as a WeCom app message."""
    return deliver_wecom(notification_id)


def queue_due_retries(now=None) -> int:
    """Queue every e-mail retry that has fallen due (the sweep calls this); returns how many."""
    now = now or timezone.now()
    due = list(
        Notification.objects.filter(email_status=Notification.EmailStatus.RETRYING, email_retry_at__lte=now)
        .values_list("pk", flat=True)[:1000]
    )
    for pk in due:
        queue_email(pk)
    return len(due)


def send_again(note: Notification) -> bool:
    """The HR admin sends a failed e-mail again: a fresh round of tries (a conditional update:
    one that is already waiting or sent changes nothing)."""
    changed = Notification.objects.filter(pk=note.pk, email_status=Notification.EmailStatus.FAILED).update(
        email_status=Notification.EmailStatus.PENDING, email_attempts=0, email_retry_at=None
    )
    if changed:
        transaction.on_commit(lambda: queue_email(note.pk))
    return bool(changed)


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
