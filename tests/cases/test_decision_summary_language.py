"""The summary a step's decider is sent (services.decision_summary, worded in each language when the step is
routed) wrote its money lines as '经济补偿：12,000.00 元' in English too ('Economic compensation：12,000.00 元'),
and a blocking check's article in full-width parentheses. Each line is a message with its own punctuation and
currency now, and the parentheses are the reader's marks."""

from __future__ import annotations

import re

from farewell.cases import services
from farewell.common.notifications import Notification

MONEY_LINE = "%(item)s：%(amount)s 元"


def _summary(client, world, soon, language: str) -> str:
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hr_admin"], separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    note = Notification.objects.filter(user=world.users["hrbp_sales"]).latest("id")
    client.force_login(world.users["hrbp_sales"])
    client.cookies["django_language"] = language
    items = client.get("/api/notifications/").json()
    items = items["results"] if isinstance(items, dict) else items
    return next(item["body"] for item in items if item["id"] == note.pk)


def test_the_chinese_summary_keeps_its_marks(client, staffed, soon):
    body = _summary(client, staffed, soon, "zh-hans")
    assert re.search(r"经济补偿：[\d,]+\.\d\d 元", body), body


def test_the_english_summary_reads_english_money_lines(client, staffed, soon):
    body = _summary(client, staffed, soon, "en")
    assert re.search(r"Severance pay: CNY [\d,]+\.\d\d", body), body
    assert "：" not in body and "元" not in body and "（" not in body, body
