"""E-mail leaves the request: the task worker sends it, failures are tried again, and what still
fails is listed for the HR admin, who can send it again."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.core.mail.backends.base import BaseEmailBackend
from django.core.management import call_command
from django.utils import timezone

from farewell.common.notifications import (
    MAX_EMAIL_ATTEMPTS,
    Notification,
    deliver_email,
    notify,
)
from tests.factories import Role, make_company, make_user

LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
BROKEN = "tests.common.test_email_retries.BrokenBackend"


class BrokenBackend(BaseEmailBackend):
    """An SMTP server that refuses every message."""

    def send_messages(self, email_messages):
        raise ConnectionRefusedError("smtp.example.test:587 refused the connection")


@pytest.fixture
def hrbp(world):
    user = world.users["hrbp_sales"]
    user.email = "hrbp@example.test"
    user.save(update_fields=["email"])
    return user


def notify_now(user, django_capture_on_commit_callbacks, subject="待办：HR审核"):
    with django_capture_on_commit_callbacks(execute=True):
        return notify(user, subject, "请处理", link="/cases/inbox/")


def make_due(note):
    Notification.objects.filter(pk=note.pk).update(email_retry_at=timezone.now() - dt.timedelta(seconds=1))


def test_the_mail_is_sent_by_the_worker_not_in_the_request(hrbp, settings, django_capture_on_commit_callbacks,
                                                          monkeypatch):
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    # The real worker, inside this test's transaction: its between-tasks reconnect would close
    # the test's connection (PostgreSQL), so it is left out here.
    from django_tasks_db.management.commands import db_worker

    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)
    note = notify_now(hrbp, django_capture_on_commit_callbacks)
    assert mail.outbox == []
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.PENDING
    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert [m.to for m in mail.outbox] == [["hrbp@example.test"]]
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SENT and note.email_attempts == 1


def test_a_failed_send_is_tried_again_later(hrbp, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = BROKEN
    before = timezone.now()
    note = notify_now(hrbp, django_capture_on_commit_callbacks)
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.RETRYING
    assert note.email_attempts == 1 and "refused" in note.email_error
    assert note.email_retry_at >= before + dt.timedelta(minutes=1)
    # Not due yet: nothing is tried.
    assert deliver_email(note.pk) == Notification.EmailStatus.RETRYING
    note.refresh_from_db()
    assert note.email_attempts == 1
    # Due, and the server is back: the sweep queues it and it goes out.
    settings.EMAIL_BACKEND = LOCMEM
    make_due(note)
    call_command("sweep", verbosity=0)
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SENT and note.email_attempts == 2
    assert len(mail.outbox) == 1


def test_it_gives_up_after_the_last_try_and_the_hr_admin_sees_it(world, hrbp, settings, client,
                                                                 django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = BROKEN
    note = notify_now(hrbp, django_capture_on_commit_callbacks, subject="待办：审核张三的离职")
    for _ in range(MAX_EMAIL_ATTEMPTS - 1):
        make_due(note)
        deliver_email(note.pk)
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.FAILED
    assert note.email_attempts == MAX_EMAIL_ATTEMPTS and note.email_retry_at is None
    assert deliver_email(note.pk) == Notification.EmailStatus.FAILED  # no sixth try

    client.force_login(world.users["hr_admin"])
    page = client.get("/accounts/mail/")
    assert page.status_code == 200
    assert "待办：审核张三的离职" in page.content.decode() and "refused" in page.content.decode()
    assert "/accounts/mail/" in client.get("/accounts/users/").content.decode()

    settings.EMAIL_BACKEND = LOCMEM
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(f"/accounts/mail/{note.pk}/send-again/")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SENT
    assert [m.to for m in mail.outbox] == [["hrbp@example.test"]]


def test_only_the_hr_admin_of_the_company_sees_its_failed_mail(world, hrbp, settings, client,
                                                              django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = BROKEN
    note = notify_now(hrbp, django_capture_on_commit_callbacks, subject="待办：别人看不到")
    Notification.objects.filter(pk=note.pk).update(email_status=Notification.EmailStatus.FAILED)
    other_admin = make_user("otheradmin", Role.HR_ADMIN, company=make_company(name="别家公司"))
    client.force_login(other_admin)
    assert "待办：别人看不到" not in client.get("/accounts/mail/").content.decode()
    assert client.post(f"/accounts/mail/{note.pk}/send-again/").status_code == 404
    for persona in ("hrbp_sales", "legal", "auditor"):
        client.force_login(world.users[persona])
        assert client.get("/accounts/mail/").status_code == 403
        assert client.post(f"/accounts/mail/{note.pk}/send-again/").status_code == 403
    client.force_login(world.users["hr_admin"])
    assert client.get(f"/accounts/mail/{note.pk}/send-again/").status_code == 405


def test_the_failure_list_has_a_fixed_number_of_queries(world, hrbp, settings, client,
                                                       django_assert_max_num_queries,
                                                       django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = BROKEN
    for i in range(6):
        notify_now(world.users[("hrbp_sales", "legal", "approver")[i % 3]], django_capture_on_commit_callbacks,
                   subject=f"待办{i}")
    Notification.objects.update(email_status=Notification.EmailStatus.FAILED)
    client.force_login(world.users["hr_admin"])
    client.get("/accounts/mail/")
    with django_assert_max_num_queries(12):
        assert client.get("/accounts/mail/").status_code == 200
