"""How a step was routed (CaseStep.routing_note: the fallbacks used, or why no one can decide it) was stored
worded in the language of whatever routed it (a submit from a Chinese page, the sweep), so an English reader
read '直接上级无可用账号（孙经理：无登录账号），已转至上级 王经理' on the case page, in the inbox and the API.
The step keeps the note's words (routing_words, common/wording.py) and each page words them in its reader's
language; a step routed before keeps its note as stored. The ledger's `fallbacks` stay as they were written."""

from __future__ import annotations

import json

from django.utils import translation

from farewell.accounts.models import RoleGrant
from farewell.cases import services
from farewell.cases.models import CaseStep, CaseType, StepKind
from farewell.ledger.models import LedgerEntry
from tests.cases.conftest import give_wages
from tests.factories import Role, make_employee

CHINESE_NOTE = "直接上级无可用账号（孙经理：无登录账号），已转至上级 王经理"
ENGLISH_NOTE = "No usable login for the manager (孙经理: no login); passed up to 王经理"


def _only_manager_confirmation(world):
    services.save_workflow(world.company, CaseType.MUTUAL_EMPLOYER, [
        {"kind": StepKind.MANAGER_CONFIRMATION, "condition": "always", "due_working_days": 2}
    ], actor=world.users["hr_admin"])


def _submitted(world, employee, soon, language="zh-hans"):
    give_wages(employee)
    actor = world.users["hrbp_sales"]
    with translation.override(language):
        case = services.open_case(employee, CaseType.MUTUAL_EMPLOYER, actor=actor, separation_date=soon)
        services.submit_case(case, actor=actor)
    return case, case.steps.get(status="active")


def _fallback_case(world, soon, language="zh-hans"):
    _only_manager_confirmation(world)
    middle = make_employee(world.sales, "孙经理", manager=world.boss)  # no login: passed over
    return _submitted(world, make_employee(world.sales, "钱八", manager=middle), soon, language)


def _page(client, url, language):
    client.cookies["django_language"] = language
    return client.get(url).content.decode()


def test_a_fallback_routed_from_a_chinese_page_reads_english_on_the_english_page(client, world, soon):
    case, step = _fallback_case(world, soon)
    assert step.routing_note == CHINESE_NOTE  # the worded text is still kept (and the ledger's copy)
    client.force_login(world.users["hrbp_sales"])
    english = _page(client, f"/cases/{case.code}/", "en")
    assert ENGLISH_NOTE in english and "已转至上级" not in english
    assert CHINESE_NOTE in _page(client, f"/cases/{case.code}/", "zh-hans")
    client.cookies["django_language"] = "en"
    api = client.get(f"/api/cases/{case.code}/").json()
    assert [s["routing_note"] for s in api["steps"] if s["code"] == str(step.code)] == [ENGLISH_NOTE]
    entry = [json.loads(e.payload) for e in LedgerEntry.objects.filter(event="case.step.activated").order_by("seq")
             if str(step.code) in e.payload][-1]
    assert entry["fallbacks"] == [CHINESE_NOTE]


def test_a_fallback_routed_from_an_english_page_reads_chinese_on_the_chinese_page(client, world, soon):
    case, step = _fallback_case(world, soon, language="en")
    client.force_login(world.users["hrbp_sales"])
    chinese = _page(client, f"/cases/{case.code}/", "zh-hans")
    assert CHINESE_NOTE in chinese and "passed up to" not in chinese


def test_why_no_one_can_decide_reads_in_the_readers_language_in_the_inbox_and_its_api(client, world, soon):
    _only_manager_confirmation(world)
    RoleGrant.objects.filter(role=Role.HR_ADMIN).exclude(user=world.users["hr_admin"]).delete()
    RoleGrant.objects.filter(user=world.users["hr_admin"], role=Role.HR_ADMIN).update(role=Role.HRBP)
    case, step = _submitted(world, make_employee(world.sales, "冯十一"), soon)
    assert step.unrouted and step.routing_note == "无人可审批：需为 销售部 授予 直线经理 角色"
    RoleGrant.objects.filter(user=world.users["hr_admin"], role=Role.HRBP).update(role=Role.HR_ADMIN)
    client.force_login(world.users["hr_admin"])
    # The page would route it now that an HR admin exists: read the inbox and the API first.
    inbox = _page(client, "/cases/inbox/", "en")
    assert "No one can decide: grant the" in inbox and "无人可审批" not in inbox
    api = client.get("/api/inbox/unrouted/").json()
    items = api["results"] if isinstance(api, dict) else api
    assert [i["routing_note"] for i in items][0].startswith("No one can decide: grant the")
    assert "无人可审批：需为 销售部 授予 直线经理 角色" in _page(client, "/cases/inbox/", "zh-hans")


def test_a_step_routed_before_shows_its_note_as_stored(client, world, soon):
    case, step = _fallback_case(world, soon)
    CaseStep.objects.filter(pk=step.pk).update(routing_words=None, routing_note="旧的分派说明")
    client.force_login(world.users["hrbp_sales"])
    assert "旧的分派说明" in _page(client, f"/cases/{case.code}/", "en")
