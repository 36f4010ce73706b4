"""The employee page's talks and cases panels (queries compiled once, the scope decided from the grants where
they can, issue 14) list what the access helpers give each persona."""

from __future__ import annotations

import pytest
from django.test import RequestFactory
from django.utils import timezone

from farewell.cases.access import cases_for
from farewell.cases.panels import employee_cases
from farewell.talks import services
from farewell.talks.access import conversations_for
from farewell.talks.models import TalkPlan
from farewell.talks.panels import employee_talks
from tests.factories import Role, make_user
from tests.panels import built

PERSONAS = ["hr_admin", "hrbp_sales", "hrbp_rnd", "legal", "manager", "approver", "employee", "auditor"]


def _request(user):
    request = RequestFactory().get("/")
    request.user = type(user).objects.get(pk=user.pk)  # a new request: nothing remembered
    return request


@pytest.fixture
def talks(world, conversation, plan):
    """Two records and two plans of 李四, one plan of 赵六; an HRBP of 研发部 (not 李四's unit)."""
    world.users["hrbp_rnd"] = make_user("hrbprnd", Role.HRBP, company=world.company, unit=world.rnd)
    services.start_conversation(plan, actor=world.users["hrbp_sales"], held_at=timezone.now(), place="二楼")
    services.generate_plan(world.lisi, actor=world.users["hrbp_sales"])
    services.generate_plan(world.zhaoliu, actor=world.users["hr_admin"])
    return world


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_talks_panel_lists_what_the_access_helper_gives(talks, persona):
    user = talks.users[persona]
    panel = built(employee_talks(_request(user), talks.lisi))
    if panel is None:
        return
    expected = list(conversations_for(user).filter(employee=talks.lisi).order_by("-held_at")[:5])
    assert [c.pk for c in panel.context["conversations"]] == [c.pk for c in expected]
    plans = TalkPlan.objects.filter(employee=talks.lisi).order_by("-created_at")[:5]
    assert [p.pk for p in panel.context["plans"]] == [p.pk for p in plans]
    assert len(panel.context["conversations"]) == 2 and len(panel.context["plans"]) == 2


@pytest.mark.parametrize("persona", PERSONAS)
def test_the_cases_panel_lists_what_the_access_helper_gives(talks, case, persona):
    user = talks.users[persona]
    for person in (talks.lisi, talks.chenqi):
        panel = built(employee_cases(_request(user), person))
        if panel is None:
            continue
        expected = list(cases_for(user).filter(employee=person).order_by("-created_at")[:10])
        assert [c.pk for c in panel.context["cases"]] == [c.pk for c in expected], (persona, person.name)
