"""Notifications: in-app rows, and e-mail through a REAL local SMTP server (aiosmtpd), after commit."""

from __future__ import annotations

import socket
import time

import pytest
from aiosmtpd.controller import Controller
from django.db import transaction

from farewell.cases import services
from farewell.common.notifications import Notification, notify


class Inbox:
    def __init__(self):
        self.messages = []

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        self.messages.append(envelope)
        return "250 OK"


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp(settings):
    inbox = Inbox()
    port = _free_port()
    controller = Controller(inbox, hostname="127.0.0.1", port=port)
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    settings.DEFAULT_FROM_EMAIL = "farewell@example.test"
    yield inbox
    controller.stop()


def _wait_for(inbox, count, timeout=5.0):
    deadline = time.monotonic() + timeout
    while len(inbox.messages) < count and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_notification_is_mailed_after_commit_to_a_real_smtp_server(world, smtp, django_capture_on_commit_callbacks):
    user = world.users["hrbp_sales"]
    user.email = "hrbp@example.test"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user, "待办：HR审核", "请处理", link="/cases/inbox/")
        assert smtp.messages == []  # nothing leaves before the commit
    _wait_for(smtp, 1)
    assert len(smtp.messages) == 1
    envelope = smtp.messages[0]
    assert envelope.rcpt_tos == ["hrbp@example.test"]
    assert "/cases/inbox/" in envelope.content.decode("utf-8", "replace") or envelope.content
    note.refresh_from_db()
    assert note.email_status == Notification.EmailStatus.SENT and note.emailed_at


def test_a_rolled_back_decision_sends_nothing(world, smtp, django_capture_on_commit_callbacks):
    user = world.users["hrbp_sales"]
    user.email = "hrbp@example.test"
    user.save()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        try:
            with transaction.atomic():
                notify(user, "x", "y")
                raise RuntimeError
        except RuntimeError:
            pass
    assert callbacks == [] and smtp.messages == []


def test_a_failed_send_is_recorded(world, settings, django_capture_on_commit_callbacks):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", _free_port(), 2
    user = world.users["hrbp_sales"]
    user.email = "hrbp@example.test"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        note = notify(user, "x", "y")
    note.refresh_from_db()
    # The first failure is recorded and tried again later (tests/common/test_email_retries.py).
    assert note.email_status == Notification.EmailStatus.RETRYING and note.email_error


def test_no_address_is_recorded_and_in_app_only_is_not_mailed(world):
    note = notify(world.users["legal"], "x", "y")
    assert note.email_status == Notification.EmailStatus.NO_ADDRESS
    assert notify(world.users["legal"], "x", "y", email=False).email_status == Notification.EmailStatus.NOT_REQUESTED


def test_opening_a_resignation_mails_the_hrbp(staffed, smtp, django_capture_on_commit_callbacks):
    world = staffed
    hrbp = world.users["hrbp_sales"]
    hrbp.email = "hrbp@example.test"
    hrbp.save()
    with django_capture_on_commit_callbacks(execute=True):
        services.give_notice(world.lisi, actor=world.users["employee"])
    _wait_for(smtp, 1)
    assert [m.rcpt_tos for m in smtp.messages] == [["hrbp@example.test"]]
    assert Notification.objects.get(user=hrbp).email_status == Notification.EmailStatus.SENT


def test_the_mailed_link_is_absolute(world, smtp, settings, django_capture_on_commit_callbacks):
    settings.FAREWELL_BASE_URL = "https://farewell.example.test/"
    user = world.users["hrbp_sales"]
    user.email = "hrbp@example.test"
    user.save()
    with django_capture_on_commit_callbacks(execute=True):
        notify(user, "待办", "请处理", link="/cases/inbox/")
    _wait_for(smtp, 1)
    body = smtp.messages[0].content.decode("utf-8", "replace")
    assert "https://farewell.example.test/cases/inbox/" in body


def test_the_base_url_has_a_local_default():
    from farewell import settings as project_settings

    assert project_settings.FAREWELL_BASE_URL == "http://127.0.0.1:8000"


# --- reading them ------------------------------------------------------------------------------


def test_it_marks_my_notification_read(client, world):
    user = world.users["hrbp_sales"]
    note = notify(user, "待办", "x", email=False)
    client.force_login(user)
    response = client.post(f"/cases/notifications/{note.pk}/read/")
    assert response.status_code == 302
    note.refresh_from_db()
    assert note.read_at is not None


def test_it_rejects_get_on_mark_read(client, world):
    user = world.users["hrbp_sales"]
    note = notify(user, "待办", "x", email=False)
    client.force_login(user)
    assert client.get(f"/cases/notifications/{note.pk}/read/").status_code == 405
    note.refresh_from_db()
    assert note.read_at is None


def test_it_will_not_mark_someone_elses_notification(client, world):
    note = notify(world.users["legal"], "待办", "x", email=False)
    client.force_login(world.users["hrbp_sales"])
    assert client.post(f"/cases/notifications/{note.pk}/read/").status_code == 404
    note.refresh_from_db()
    assert note.read_at is None


def test_it_requires_a_login_to_mark_read(client, world):
    note = notify(world.users["legal"], "待办", "x", email=False)
    assert client.post(f"/cases/notifications/{note.pk}/read/").status_code == 302
    note.refresh_from_db()
    assert note.read_at is None


def test_mark_all_read_touches_only_my_notifications(client, world):
    mine = [notify(world.users["hrbp_sales"], f"n{i}", "", email=False) for i in range(3)]
    theirs = notify(world.users["legal"], "n", "", email=False)
    client.force_login(world.users["hrbp_sales"])
    assert client.post("/cases/notifications/read-all/", {"next": "/cases/inbox/"})["Location"] == "/cases/inbox/"
    assert all(Notification.objects.get(pk=n.pk).read_at for n in mine)
    assert Notification.objects.get(pk=theirs.pk).read_at is None


def test_mark_read_refuses_an_outside_next_url(client, world):
    note = notify(world.users["hrbp_sales"], "n", "", email=False)
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/cases/notifications/{note.pk}/read/", {"next": "https://evil.example/"})
    assert response["Location"] == "/cases/notifications/"


def test_the_navbar_shows_the_unread_count(client, world):
    user = world.users["employee"]  # an employee sees their own notifications too (no case.view)
    client.force_login(user)
    page = client.get("/me/").content.decode()
    assert 'id="unread-badge"' in page and 'hx-get="/cases/notifications/badge/"' in page
    assert 'data-count="0"' in client.get("/cases/notifications/badge/").content.decode()
    notes = [notify(user, f"n{i}", "", email=False) for i in range(2)]
    notify(world.users["legal"], "not mine", "", email=False)
    badge = client.get("/cases/notifications/badge/").content.decode()
    assert 'data-count="2"' in badge and 'hx-trigger="every 60s"' in badge
    listing = client.get("/cases/notifications/").content.decode()
    assert "n0" in listing and "not mine" not in listing
    client.post(f"/cases/notifications/{notes[0].pk}/read/")
    assert 'data-count="1"' in client.get("/cases/notifications/badge/").content.decode()


def test_the_badge_costs_a_page_no_query(client, world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    client.force_login(world.users["employee"])
    client.get("/me/")
    with CaptureQueriesContext(connection) as before:
        client.get("/me/")
    notify(world.users["employee"], "n", "", email=False)
    with CaptureQueriesContext(connection) as after:
        client.get("/me/")
    assert len(after) == len(before)
    assert not any("common_notification" in q["sql"] for q in after.captured_queries)


def test_a_user_without_a_role_has_no_notification_pages(client, world):
    client.force_login(world.users["outsider"])
    assert client.get("/cases/notifications/").status_code == 403
    assert client.get("/cases/notifications/badge/").status_code == 403
    assert client.post("/cases/notifications/read-all/").status_code == 403
