"""A real browser: HR generates a talk plan from a case, records the conversation, uploads a
transcript and reads the emotion timeline."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services as case_services
from farewell.records.models import PerformanceReview, TrainingRecord
from tests.factories import PASSWORD, make_contract, make_wages, restore_seeded_rows
from tests.talks.conftest import TRANSCRIPT

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(world):
    """Earlier browser tests flush the database (transactional): restore what migrations seeded."""
    restore_seeded_rows()  # the company's own talk templates and phrases come with it (make_company)
    lisi = world.lisi
    make_wages(lisi, timezone.localdate().replace(day=1) - dt.timedelta(days=365), [Decimal(12000)] * 12)
    make_contract(lisi, kind="open_ended", end_date=None)
    for i, (mine, theirs) in enumerate([(72, 80), (64, 82), (57, 84)]):
        start = dt.date(2025, 1 + 3 * i, 1)
        PerformanceReview.objects.create(employee=lisi, period_kind="quarter", period_start=start, score=mine,
                                         kpi_completion=Decimal(90 - 10 * i))
        PerformanceReview.objects.create(employee=world.zhaoliu, period_kind="quarter", period_start=start,
                                         score=theirs, kpi_completion=Decimal(105))
    TrainingRecord.objects.create(employee=lisi, course="大客户销售训练营", course_date=dt.date(2025, 6, 3),
                                  status="declined")
    case = case_services.open_case(lisi, "incompetence", actor=world.users["hrbp_sales"],
                                   separation_date=timezone.localdate() + dt.timedelta(days=45))
    return world, case


def test_hr_plans_records_and_reads_the_timeline(page, live_server, seeded, screenshot_dir):
    world, case = seeded
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("hrbp")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()

    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.locator("#new-plan").click()
    assert page.locator("#id_situation").input_value() == "low_performer"
    page.get_by_role("button", name="生成方案").click()
    page.wait_for_url("**/talks/plans/*/")
    facts = page.locator("#plan-facts li")
    assert facts.count() >= 5
    assert page.locator("#plan-facts a", has_text="大客户销售训练营").count() == 1
    assert page.locator("#plan-compliance li").count() >= 4
    page.screenshot(path=os.path.join(screenshot_dir, "talks_plan.png"), full_page=True)

    page.get_by_label("地点").fill("3楼小会议室")
    page.get_by_role("button", name="创建谈话记录").click()
    page.wait_for_url("**/talks/records/*/")
    page.get_by_label("员工的陈述和提问").fill("员工认为考核目标定得过高，询问能否调岗。")
    page.get_by_label("达成一致的事项").fill("给予三个月绩效改进期，期间安排辅导。")
    page.locator(".step-row").first.locator("input").nth(0).fill("制定绩效改进计划")
    page.locator(".step-row").first.locator("input").nth(1).fill("王经理")
    page.get_by_role("button", name="保存记录").click()
    page.wait_for_load_state()
    page.locator("[data-tick='1']").click()  # htmx swaps the item in place
    page.locator("#check-1[data-done='1']").wait_for()
    page.get_by_label("或直接粘贴文本").fill(TRANSCRIPT)
    page.screenshot(path=os.path.join(screenshot_dir, "talks_record.png"), full_page=True)
    page.get_by_role("button", name="上传并分析").click()

    page.wait_for_url("**/talks/transcripts/*/")
    page.locator("#timeline-chart[data-ready='1']").wait_for()
    assert page.locator("#escalation-banner").is_visible()
    assert page.locator("#utterances tr[data-escalation]").count() >= 1
    assert page.locator("#timeline-chart canvas").count() >= 1
    page.wait_for_timeout(600)  # the chart's entry animation
    page.screenshot(path=os.path.join(screenshot_dir, "talks_timeline.png"), full_page=True)

    page.goto(f"{live_server.url}/cases/{case.code}/")
    assert page.locator("[data-escalation]").count() >= 1
    page.locator("#talks-panel").screenshot(path=os.path.join(screenshot_dir, "talks_case_panel.png"))
