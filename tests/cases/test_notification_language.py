"""A notification reads in its reader's language: it was stored worded in the language of whatever wrote it
(the sweep, a service run from a Chinese page), so an English reader saw Chinese. Its words are kept
(common/wording.py) and worded on the page, in the API and in the e-mail."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from farewell.cases import services
from farewell.common.notifications import Notification, deliver_email, notify
from farewell.common.wording import Words

NOTIFICATIONS = "/cases/notifications/"
INBOX = "/cases/inbox/"


def _overdue_reminders(world, soon, language):
    """The sweep, run in `language`, reminds both HRBPs of an overdue HR review."""
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hr_admin"], separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    step = case.steps.get(status="active")
    later = timezone.make_aware(dt.datetime.combine(step.due_date + dt.timedelta(days=1), dt.time(9, 0)))
    with translation.override(language):
        assert services.sweep_reminders(now=later) == 2
    return step


def _page(client, world, language, url=NOTIFICATIONS):
    client.force_login(world.users["hrbp_sales"])
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_a_reminder_written_in_chinese_reads_in_english_on_the_english_pages(client, staffed, soon):
    step = _overdue_reminders(staffed, soon, "zh-hans")
    name = step.case.employee.name
    for url in (NOTIFICATIONS, INBOX):
        english = _page(client, staffed, "en", url)
        assert f"Overdue: HR review · {name}" in english and "已逾期" not in english
    assert f"It was due on {step.due_date}; please act soon." in _page(client, staffed, "en")
    chinese = _page(client, staffed, "zh-hans")
    assert f"已逾期：HR审核 · {name}" in chinese and "Overdue" not in chinese


def test_a_reminder_written_in_english_reads_in_chinese_on_the_chinese_page(client, staffed, soon):
    step = _overdue_reminders(staffed, soon, "en")
    name = step.case.employee.name
    chinese = _page(client, staffed, "zh-hans")
    assert f"已逾期：HR审核 · {name}" in chinese and f"办理期限为 {step.due_date}，请尽快处理。" in chinese
    assert "Overdue" not in chinese
    # Stored worded in the recipient's language too (the site's: users keep none of their own).
    note = Notification.objects.filter(user=staffed.users["hrbp_sales"]).latest("pk")
    assert note.subject == f"已逾期：HR审核 · {name}"


def test_the_api_words_it_in_the_requests_language(client, staffed, soon):
    step = _overdue_reminders(staffed, soon, "zh-hans")
    client.force_login(staffed.users["hrbp_sales"])
    first = client.get("/api/notifications/", HTTP_ACCEPT_LANGUAGE="en").json()["results"][0]
    assert first["subject"] == f"Overdue: HR review · {step.case.employee.name}"
    first = client.get("/api/notifications/", HTTP_ACCEPT_LANGUAGE="zh-hans").json()["results"][0]
    assert first["subject"] == f"已逾期：HR审核 · {step.case.employee.name}"


def test_the_email_leaves_in_the_sites_language_whoever_wrote_it(world, mailoutbox):
    user = world.users["hrbp_sales"]
    user.email = "hrbp@example.test"
    user.save()
    with translation.override("en"):
        note = notify(user, Words(gettext_noop("HR已确认收到您的辞职通知")),
                      Words(gettext_noop("最后一天：%(day)s。"), day=dt.date(2026, 3, 31)))
    deliver_email(note.pk)
    assert [m.subject for m in mailoutbox] == ["HR已确认收到您的辞职通知"]
    assert mailoutbox[0].body.startswith("最后一天：2026-03-31。")


def test_a_typed_text_and_an_older_row_read_as_stored(client, world):
    user = world.users["hrbp_sales"]
    notify(user, Words(gettext_noop("员工留言：%(name)s"), name="张三"), "请尽快回电 <b>")
    Notification.objects.create(user=user, subject="旧通知：待办", body="旧的正文")
    english = _page(client, world, "en")
    assert "Message from 张三" in english
    assert "请尽快回电 &lt;b&gt;" in english and "旧通知：待办" in english and "旧的正文" in english


def test_the_page_reads_a_fixed_number_of_queries(client, world):
    user = world.users["hrbp_sales"]
    notify(user, Words(gettext_noop("员工留言：%(name)s"), name="张三"), "x")
    client.force_login(user)
    client.cookies["django_language"] = "en"
    with CaptureQueriesContext(connection) as few:
        client.get(NOTIFICATIONS)
    for i in range(10):
        notify(user, Words(gettext_noop("员工留言：%(name)s"), name=f"员工{i}"), "x")
    with CaptureQueriesContext(connection) as many:
        client.get(NOTIFICATIONS)
    assert len(many) == len(few)
