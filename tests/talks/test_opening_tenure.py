"""{tenure} is the service with the employer: the seeded openings said 你在{department}工作了{tenure} (a person moved
to 销售部 last month heard they had worked there for years). New companies get 你在{company}工作了{tenure}; the data
migration corrects a template still holding the seeded text exactly and leaves an edited one alone."""

from __future__ import annotations

from importlib import import_module

import pytest
from django.apps import apps

from farewell.talks.models import PlanTemplate, TalkPlan

M11 = import_module("farewell.talks.migrations.0011_opening_tenure_with_company")


def test_a_plan_says_the_service_is_with_the_company(client, world, records):
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/talks/plans/new/employee/{world.lisi.code}/", {"situation": "likely_leaver"},
                           follow=True)
    assert response.status_code == 200
    plan = TalkPlan.objects.get(employee=world.lisi)
    assert f"你在{world.company.name}工作了" in plan.opening
    assert f"你在{world.lisi.org_unit.name}工作了" not in plan.opening
    assert f"你在{world.company.name}工作了" in response.content.decode()


@pytest.mark.parametrize("situation", sorted(M11.OPENINGS))
def test_new_companies_are_seeded_with_the_corrected_opening(world, situation):
    template = PlanTemplate.objects.get(company=world.company, situation=situation)
    assert "{department}工作了{tenure}" not in template.opening
    assert template.opening == M11.OPENINGS[situation][1]


def test_the_migration_corrects_only_the_untouched_seeded_text(world):
    seeded, corrected = M11.OPENINGS["low_performer"]
    PlanTemplate.objects.filter(company=world.company, situation="low_performer").update(opening=seeded)
    edited = "{name}，你在{department}工作了{tenure}，我们自己改过这句。"
    PlanTemplate.objects.filter(company=world.company, situation="likely_leaver").update(opening=edited)
    M11.forward(apps, None)
    assert PlanTemplate.objects.get(company=world.company, situation="low_performer").opening == corrected
    assert PlanTemplate.objects.get(company=world.company, situation="likely_leaver").opening == edited
    M11.backward(apps, None)
    assert PlanTemplate.objects.get(company=world.company, situation="low_performer").opening == seeded
