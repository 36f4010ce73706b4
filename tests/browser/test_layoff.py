"""A layoff is one batch, in a real browser (issue 12): HR creates a batch of 20, answers the priority
question, records the explanation to the union and the report to the labour bureau, submits once; each
step is approved once for the whole batch by the login holding its role; the 20 members' cases follow.
Screenshots of the batch page (submitted, approved) and of a member's case."""

from __future__ import annotations

import datetime as dt
import os

import pytest
from django.utils import timezone

from farewell.cases.layoff_choices import BatchStatus
from farewell.cases.models import CaseFamily, CaseStatus, StepStatus
from tests.browser.test_case_flow import _login, _logout, seeded  # noqa: F401 - the fixture
from tests.cases.layoff_support import make_staff
from tests.factories import Role, make_user

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

MEMBERS = 20


def _record(page, kind, addressee, name):
    page.locator(f"#filing-{kind}").evaluate("f => f.closest('details').open = true")
    form = page.locator(f"#filing-{kind}")
    form.locator(f"input[name='{kind}-done_on']").fill(timezone.localdate().isoformat())
    form.locator(f"input[name='{kind}-addressee']").fill(addressee)
    form.locator(f"input[name='{kind}-document_file']").set_input_files(
        {"name": name, "mimeType": "application/pdf", "buffer": b"%PDF-1.4 layoff filing"})
    form.get_by_role("button", name="记录").click()
    page.wait_for_load_state()


def _decide(page, live_server, family, username, kind, button, comment="同意"):
    _login(page, live_server, username)
    page.goto(f"{live_server.url}/cases/layoff/{family.code}/")
    form = page.locator(f"#decide-{kind}")
    form.locator("textarea[name=comment]").fill(comment)
    form.get_by_role("button", name=button).click()
    page.wait_for_load_state()
    family.refresh_from_db()
    _logout(page, live_server)


def test_a_batch_of_20_is_submitted_once_and_approved_once(page, live_server, seeded, screenshot_dir):  # noqa: F811
    world = seeded
    make_user("hrbp2", Role.HRBP, company=world.company, unit=world.sales)
    staff = make_staff(world.sales, MEMBERS, prefix="销售")
    page.set_viewport_size({"width": 1400, "height": 1000})

    # HR creates the batch from the list page.
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/layoffs/")
    page.get_by_role("link", name="新建裁员批次").click()
    planned = timezone.localdate() + dt.timedelta(days=45)
    page.get_by_label("裁员批次名称").fill("2026 销售部产线关停")
    page.get_by_label("计划解除日").fill(planned.isoformat())
    page.locator("select[name=reason_code]").select_option("change_of_production")
    page.get_by_label("事实与理由").fill("华东产线关停，经协商变更劳动合同未果")
    page.get_by_label("裁减人员工号").fill("\n".join(e.employee_number for e in staff))
    page.get_by_role("button", name="创建裁员批次").click()
    page.wait_for_selector("#batch-status")
    family = CaseFamily.objects.get(title="2026 销售部产线关停")
    assert page.locator("#layoff-headcount").inner_text() == str(MEMBERS)
    assert page.locator("#consultation").get_attribute("data-required") == "1"
    assert page.locator("#members tbody tr").count() == MEMBERS

    # The priority question answered for every member (no one supports a family alone), the procedure recorded.
    page.locator("#save-answers").click()
    page.wait_for_load_state()
    assert page.locator("[data-unanswered]").count() == 0
    _record(page, "explanation", "公司工会委员会", "说明会纪要.pdf")
    _record(page, "report", "区人力资源和社会保障局", "报告回执.pdf")
    assert page.locator("#procedure-complete").count() == 1

    # One submission for the whole batch.
    page.locator("button[data-action=submit]").click()
    page.wait_for_selector("#batch-status[data-status=in_review]")
    page.screenshot(path=os.path.join(screenshot_dir, "layoff_batch_submitted.png"), full_page=True)
    assert set(family.cases.values_list("status", flat=True)) == {CaseStatus.IN_REVIEW}
    assert page.locator("#decide-hr_review").count() == 0  # four eyes: the creator does not decide
    _logout(page, live_server)

    # One approval: each step once, by the login holding its role over every member.
    _decide(page, live_server, family, "hrbp2", "hr_review", "整批通过")
    _decide(page, live_server, family, "legal", "legal_review", "整批通过", comment="裁员情形与程序已核对，风险提示已知悉")
    _decide(page, live_server, family, "hrbp2", "union_notification", "确认已向工会说明")
    _decide(page, live_server, family, "approver", "leadership_approval", "整批通过")
    assert family.status == BatchStatus.APPROVED
    assert family.steps.filter(status=StepStatus.DONE).count() == 4
    assert list(family.cases.values_list("status", flat=True)) == [CaseStatus.APPROVED] * MEMBERS

    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/layoff/{family.code}/")
    assert page.locator("#batch-status").get_attribute("data-status") == "approved"
    assert page.locator("#rehire-until").get_attribute("data-active") == "1"
    page.screenshot(path=os.path.join(screenshot_dir, "layoff_batch_approved.png"), full_page=True)
    member = family.cases.order_by("id").first()
    page.goto(f"{live_server.url}/cases/{member.code}/")
    assert page.locator("#case-status").get_attribute("data-status") == "approved"
    assert page.locator("#case-layoff-threshold").get_attribute("data-required") == "1"
    page.locator("#case-layoff").scroll_into_view_if_needed()
    page.screenshot(path=os.path.join(screenshot_dir, "layoff_member_case.png"), full_page=True)
