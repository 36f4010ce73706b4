"""Civil-service cases in a real browser (screenshots): HR answers the 公务员法 第八十六条 checklist on a
辞去公职 case and sees a "yes" block it, with the approval period's date; on an approved 辞退 HR records the
written decision's delivery with its proof. No money card, no LCL text on either page."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from farewell.cases import civil_service, civil_service_actions, services
from tests.browser.test_case_flow import _login, seeded  # noqa: F401 - the fixture
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import open_dismissal, open_resignation
from tests.cases.conftest import walk
from tests.factories import Role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)


def test_hr_answers_the_article_86_checklist_and_a_yes_blocks(page, live_server, seeded, servant, screenshot_dir,  # noqa: F811
                                                              tmp_path):
    world = seeded
    hr = world.users["hrbp_sales"]
    case = open_resignation(world, servant, received=timezone.localdate() - dt.timedelta(days=24))
    for item in civil_service.RESIGNATION_BARS[:-2]:
        civil_service_actions.answer_item(case, item.code, False, actor=hr, note="经核查，不存在此情形")
    evidence = tmp_path / "审计通知.pdf"
    evidence.write_bytes(b"%PDF-1.4 audit notice")
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    due = (case.notice_date + dt.timedelta(days=30)).isoformat()
    assert due in page.locator("#cs-approval-due").inner_text()
    assert "还有 6 天" in page.locator("#cs-approval-due").inner_text()
    item = page.locator('[data-item="under_investigation"]')
    item.locator('input[value="yes"]').check()
    item.locator('input[name="note"]').fill("正在接受离任经济责任审计")
    item.locator('input[name="document_file"]').set_input_files(str(evidence))
    item.get_by_role("button", name="记录回答").click()
    page.wait_for_load_state()
    item = page.locator('[data-item="under_investigation"]')
    assert item.get_attribute("data-answer") == "yes"
    assert "不得批准辞去公职" in item.inner_text() and "审计通知.pdf" in item.inner_text()
    assert "《公务员法》第八十六条第四项" in page.locator("#verdict").inner_text()
    assert page.locator("#cs-missing").count() == 1  # the fifth item is still unanswered
    body = page.locator("body").inner_text()
    assert "劳动合同法" not in body and "经济补偿" not in body and page.locator("#proposal").count() == 0
    page.screenshot(path=os.path.join(screenshot_dir, "cs_resignation_case.png"), full_page=True)
    page.locator("#civil-service").screenshot(path=os.path.join(screenshot_dir, "cs_resignation_checklist.png"))


def test_hr_records_the_written_dismissal_decision(page, live_server, seeded, servant, screenshot_dir,  # noqa: F811
                                                   tmp_path):
    world = seeded
    world.users["hr_reviewer"] = make_user("hrreviewer", Role.HRBP, company=world.company, unit=world.sales)
    hr = world.users["hrbp_sales"]
    case = open_dismissal(world, servant, ground="cs_dismissal_absence",
                          reason="2026年内无正当理由旷工累计三十五天，经两次书面督促仍未返岗。")
    for item in civil_service.DISMISSAL_BARS:
        civil_service_actions.answer_item(case, item.code, False, actor=hr, note="经核查，不存在此情形")
    case.refresh_from_db()
    services.submit_case(case, actor=hr)
    walk(case, world)
    case.refresh_from_db()
    assert case.status == "approved"
    receipt = tmp_path / "辞退决定签收回执.pdf"
    receipt.write_bytes(b"%PDF-1.4 signed receipt")
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    form = page.locator("#cs-delivery-form")
    today = timezone.localdate().isoformat()
    form.locator('input[name="decided_on"]').fill(today)
    form.locator('input[name="delivered_on"]').fill(today)
    form.locator('select[name="method"]').select_option("in_person")
    form.locator('input[name="document_file"]').set_input_files(str(receipt))
    form.get_by_role("button", name="记录送达").click()
    page.wait_for_load_state()
    decision = page.locator("#cs-decision").inner_text()
    assert "直接送达本人（签收）" in decision and "辞退决定签收回执.pdf" in decision
    receives = page.locator("#cs-receives").inner_text()
    assert "第九十条第二款" in receives and "由本地规定决定" in receives
    body = page.locator("body").inner_text()
    assert "劳动合同法" not in body and "经济补偿" not in body and page.locator("#proposal").count() == 0
    page.screenshot(path=os.path.join(screenshot_dir, "cs_dismissal_case.png"), full_page=True)
