"""A talk plan's facts read in the reader's language: they were stored worded in the language of the page that
generated the plan. The facts are the records' snapshot and never edited, so each is worded in every language
when the plan is generated (plans.worded_facts) and shown in the reader's; HR's texts (opening, questions…)
are the document HR edits and stay as written."""

from __future__ import annotations

from django.utils import translation

from farewell.talks import services
from farewell.talks.models import TalkPlan


def _plan_page(client, world, plan, language):
    client.force_login(world.users["hrbp_sales"])
    client.cookies["django_language"] = language
    return client.get(f"/talks/plans/{plan.code}/").content.decode()


def _facts_html(page):
    return page[page.index('id="plan-facts"'):].split("</div>", 1)[0]


def test_facts_generated_in_chinese_read_in_english_and_the_reverse(client, world, case):
    plan = services.generate_plan(world.lisi, actor=world.users["hrbp_sales"], case=case)
    english = _facts_html(_plan_page(client, world, plan, "en"))
    assert "Money proposal" in english and "补偿方案" not in english
    with translation.override("en"):
        other = services.generate_plan(world.lisi, actor=world.users["hrbp_sales"], case=case)
    assert any(f["section"] == "Money proposal" for f in TalkPlan.objects.get(pk=other.pk).facts)  # as worded
    chinese = _facts_html(_plan_page(client, world, other, "zh-hans"))
    assert "补偿方案" in chinese and "Money proposal" not in chinese


def test_the_api_gives_the_facts_in_the_requests_language(client, world, case):
    plan = services.generate_plan(world.lisi, actor=world.users["hrbp_sales"], case=case)
    client.force_login(world.users["hrbp_sales"])
    facts = client.get(f"/api/talks/plans/{plan.code}/", HTTP_ACCEPT_LANGUAGE="en").json()["facts"]
    assert "Money proposal" in {f["section"] for f in facts} and all("words" not in f for f in facts)


def test_a_plan_generated_before_shows_its_facts_as_stored(client, world, case):
    plan = services.generate_plan(world.lisi, actor=world.users["hrbp_sales"], case=case)
    TalkPlan.objects.filter(pk=plan.pk).update(facts=[{k: v for k, v in f.items() if k != "words"} for f in plan.facts])
    plan.refresh_from_db()
    assert "补偿方案" in _facts_html(_plan_page(client, world, plan, "en"))
