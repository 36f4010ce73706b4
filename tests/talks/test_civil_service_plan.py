"""A civil servant's talk plan speaks from the annual assessments (年度考核) and the 公务员法, never from the
Labour Contract Law: no compensation, cap, ceiling, arbitration or LCL deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.records.models import PerformanceReview
from farewell.talks import plans, services
from farewell.talks.models import Situation
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import answer_all, open_dismissal, open_resignation

LCL_WORDS = ("劳动合同法", "经济补偿", "协商额外补偿", "上限", "HR当场可承诺", "劳动争议", "仲裁", "解除劳动合同证明",
             "社会保险关系转移")
PLAN_FIELDS = ("title", "opening", "facts_intro", "questions", "options", "closing", "compliance")

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)


def _text(plan) -> str:
    return "\n".join([getattr(plan, f) for f in PLAN_FIELDS] + [f["text"] for f in plan.facts])


@pytest.fixture
def assessed(servant):
    """孙九's annual assessments: 2024 不称职 (D), 2025 不称职 (D); a quarterly review that is not annual."""
    for year in (2024, 2025):
        PerformanceReview.objects.create(employee=servant, period_kind="year", period_start=dt.date(year, 1, 1),
                                         rating="D")
    PerformanceReview.objects.create(employee=servant, period_kind="quarter", period_start=dt.date(2025, 4, 1),
                                     rating="A")
    return servant


def test_the_dismissal_plan_states_the_annual_assessments_and_the_article_88_ground(world, assessed):
    case = open_dismissal(world, assessed, ground="cs_dismissal_two_years_incompetent")
    plan = services.generate_plan(assessed, actor=world.users["hrbp_sales"], case=case)
    assert plan.situation == Situation.CIVIL_SERVANT
    reviews = [f["text"] for f in plan.facts if f["section"] == "年度考核结果"]
    assert reviews == ["2025年度考核：不称职（记录等级 D）", "2024年度考核：不称职（记录等级 D）"]
    assert "2025年度考核：不称职（记录等级 D）；2024年度考核：不称职（记录等级 D）" in plan.options
    assert "在年度考核中，连续两年被确定为不称职的（《公务员法》第八十八条第一项）" in plan.options
    assert any(f["section"] == "不得辞退的情形" for f in plan.facts)
    text = _text(plan)
    assert [w for w in LCL_WORDS if w in text] == []
    assert "cs_dismissal" not in text  # the ground in words, not its code


def test_the_resignation_plan_has_its_own_template_the_period_and_the_checklist(world, assessed):
    case = open_resignation(world, assessed)
    answer_all(case, world.users["hrbp_sales"], yes={"unfinished_business"})
    plan = services.generate_plan(assessed, actor=world.users["hrbp_sales"], case=case)
    assert plan.situation == Situation.CS_RESIGNATION
    assert "辞去公职" in plan.title
    due = (case.notice_date + dt.timedelta(days=30)).isoformat()
    assert due in plan.options
    assert "重要公务尚未处理完毕，且须由本人继续处理的：是（《公务员法》第八十六条第三项）" in [f["text"] for f in plan.facts]
    assert "第八十五条" in plan.compliance and "第九十一条" in plan.compliance
    text = _text(plan)
    assert [w for w in LCL_WORDS if w in text] == []


def test_a_civil_servant_without_a_case_gets_no_labour_law_retention_talk(world, servant):
    assert plans.suggested_situation(servant, None) == Situation.CS_RESIGNATION
    plan = services.generate_plan(servant, actor=world.users["hrbp_sales"])
    assert "第三十七条" not in plan.compliance and "劳动合同法" not in _text(plan)


def test_a_civil_servant_is_offered_only_the_civil_service_situations(world, servant):
    assert [v for v, _label in plans.situations_for(servant)] == [Situation.CIVIL_SERVANT, Situation.CS_RESIGNATION]
    assert Situation.CIVIL_SERVANT not in [v for v, _label in plans.situations_for(world.lisi)]
    with pytest.raises(services.TalkError, match="公务员法"):
        services.generate_plan(servant, actor=world.users["hrbp_sales"], situation=Situation.MUTUAL_AGREEMENT)


def test_the_plan_page_offers_only_the_civil_service_situations(client, world, servant):
    from django.urls import reverse

    case = open_dismissal(world, servant)
    client.force_login(world.users["hrbp_sales"])
    page = client.get(reverse("talks:plan_new_for_case", args=[case.code])).content.decode()
    assert 'value="civil_servant"' in page and 'value="mutual_agreement"' not in page
