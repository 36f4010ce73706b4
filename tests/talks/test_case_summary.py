"""The case page's 尚未告知的事项: an item is still to be told when no talk of the case ticked it, listed once."""

from __future__ import annotations

from django.utils import timezone

from farewell.talks import services
from farewell.talks.models import Conversation
from farewell.talks.presentation import case_summary


def test_an_item_told_in_a_later_talk_is_no_longer_listed_and_none_is_listed_twice(client, world, case, plan):
    hr = world.users["hrbp_sales"]
    first = services.start_conversation(plan, actor=hr, held_at=timezone.now(), place="3楼小会议室")
    second = services.start_conversation(plan, actor=hr, held_at=timezone.now(), place="3楼小会议室")
    told = second.checklist.all()[0]
    services.tick(told, True, actor=hr)
    summary = case_summary(list(Conversation.objects.filter(pk__in=[first.pk, second.pk])))
    texts = [i.text for _c, i in summary["unticked"]]
    assert told.text not in texts  # told in the second talk: it stayed red from the first
    assert len(texts) == len(set(texts)) == first.checklist.count() - 1  # every other item, once (it was twice)

    client.force_login(hr)
    page = client.get(f"/cases/{case.code}/").content.decode()
    listed = page.split("尚未告知的事项", 1)[1].split("</ul>", 1)[0]
    assert listed.count("<li>") == first.checklist.count() - 1
