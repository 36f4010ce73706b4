"""A conversation record's agenda, drawn from the talk plan, was stored worded in the language of the page that
drew it ('2. 事实回顾（4 项，见方案）', '方案：…'), so an English reader of the record read the framing in
Chinese. The record keeps the agenda's words (Conversation.agenda_words): the plan's own texts as HR wrote
them and the framing as msgids, worded in each reader's language until HR edits the agenda (then it is the
text as typed). `agenda` keeps the text as worded at drawing: the signed snapshot in the ledger is unchanged."""

from __future__ import annotations

import json

from django.utils import timezone

from farewell.ledger.models import LedgerEntry
from farewell.talks import services
from farewell.talks.models import Conversation


def _page(client, conversation, language: str) -> str:
    client.cookies["django_language"] = language
    return client.get(f"/talks/records/{conversation.code}/").content.decode()


def test_the_drawn_agenda_reads_in_the_readers_language(client, world, conversation, plan):
    client.force_login(world.users["hrbp_sales"])
    english = _page(client, conversation, "en")
    assert "Review of the facts (" in english and "Compliance items (tick each)" in english
    assert "事实回顾" not in english and "告知事项（逐项确认）" not in english
    assert plan.title in english  # the plan's own texts as HR wrote them
    chinese = _page(client, conversation, "zh-hans")
    assert "事实回顾（" in chinese and "告知事项（逐项确认）" in chinese and "Review of the facts" not in chinese
    client.cookies["django_language"] = "en"
    api = client.get(f"/api/talks/conversations/{conversation.code}/").json()
    assert "Compliance items (tick each)" in api["agenda"] and "告知事项" not in api["agenda"]


def test_a_record_drawn_on_an_english_page_reads_chinese_on_the_chinese_page(client, world, plan):
    from django.utils import translation

    with translation.override("en"):
        conversation = services.start_conversation(plan, actor=world.users["hrbp_sales"], held_at=timezone.now(),
                                                   place="3楼")
    assert "Compliance items" in conversation.agenda  # the text as worded when drawn
    client.force_login(world.users["hrbp_sales"])
    chinese = _page(client, conversation, "zh-hans")
    assert "告知事项（逐项确认）" in chinese and "Compliance items" not in chinese


def test_saving_the_draft_with_the_agenda_as_shown_keeps_it_worded_and_an_edit_is_kept_as_typed(world, conversation):
    from django.utils import translation

    hr = world.users["hrbp_sales"]
    with translation.override("en"):
        shown = conversation.shown_agenda
        services.update_conversation(conversation, actor=hr, fields={"agenda": shown.replace("\n", "\r\n"),
                                                                     "notes": "要点"})
    conversation.refresh_from_db()
    assert conversation.agenda_words and "事实回顾" in conversation.agenda and conversation.notes == "要点"
    services.update_conversation(conversation, actor=hr, fields={"agenda": "1. 开场\n2. 自由讨论"})
    conversation.refresh_from_db()
    assert conversation.agenda_words is None and conversation.shown_agenda == "1. 开场\n2. 自由讨论"


def test_the_signed_snapshot_keeps_the_agenda_as_worded_when_drawn(world, conversation):
    stored = conversation.agenda
    services.sign_conversation(conversation, actor=world.users["hrbp_sales"])
    entry = LedgerEntry.objects.filter(event="talks.conversation.signed").latest("seq")
    assert json.loads(entry.payload)["agenda"] == stored and "事实回顾" in stored


def test_a_record_drawn_before_shows_its_agenda_as_stored(client, world, conversation):
    Conversation.objects.filter(pk=conversation.pk).update(agenda_words=None, agenda="1. 旧议程")
    client.force_login(world.users["hrbp_sales"])
    assert "1. 旧议程" in _page(client, conversation, "en")
