"""A real browser: an approved case whose local average was corrected after approval shows the difference; the
HRBP follows the banner to 重新提交审批, writes the reason, and the case is back in review on the new figures, the
banner gone; the first approver finds the case's step active again."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType, StepKind, StepStatus
from farewell.org.models import LocalWageFigure
from tests.browser.test_case_flow import _login, _logout
from tests.factories import Role, make_contract, make_user, make_wages, restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True, serialized_rollback=True)]


@pytest.fixture
def drifted(world):
    """李四's approved mutual agreement (HR review by a second HRBP, legal, the approver), then the city's
    average corrected: the approved amount stands and the difference is recorded (services.hold_approved_run)."""
    restore_seeded_rows()
    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(12000)] * 12)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    reviewer = make_user("hrbp2", Role.HRBP, company=world.company, unit=world.sales)
    hr = world.users["hrbp_sales"]
    services.save_workflow(world.company, CaseType.MUTUAL_EMPLOYER, [
        {"kind": StepKind.HR_REVIEW, "condition": "always", "due_working_days": 1},
        {"kind": StepKind.LEGAL_REVIEW, "condition": "always", "due_working_days": 1},
        {"kind": StepKind.LEADERSHIP_APPROVAL, "condition": "always", "due_working_days": 1},
    ], actor=world.users["hr_admin"])
    separation = today + dt.timedelta(days=45)
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=separation)
    services.submit_case(case, actor=hr)
    for kind, user in (("hr_review", reviewer), ("legal_review", world.users["legal"]),
                       ("leadership_approval", world.users["approver"])):
        services.decide_step(case.steps.get(kind=kind, status=StepStatus.ACTIVE), "approve", actor=user,
                             comment="同意")
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    LocalWageFigure.objects.create(city=world.company.city, kind="average", year=separation.year - 1,
                                   amount=Decimal(1000), source="测试：更正后的统计公报")
    services.rerun_where_references_move(actor=None)
    return world, case


def test_hr_reopens_an_approved_case_from_the_drift_banner(page, live_server, drifted, screenshot_dir):
    world, case = drifted
    approved = case.statutory_amount
    page.set_viewport_size({"width": 1280, "height": 900})
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    banner = page.locator("#reference-drift")
    assert banner.is_visible()
    assert f"{approved:,.2f}" in banner.inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "case_reopen_offered.png"), full_page=True)
    banner.locator("#reference-drift-reopen").click()
    form = page.locator("#reopen-form")
    assert form.is_visible()
    # The browser itself refuses an empty reason (required); the server refuses it too (tests/cases).
    form.get_by_role("button", name="重新提交审批").click()
    assert page.locator("#case-status[data-status=approved]").count() == 1
    page.get_by_label("重新提交审批的理由").fill("当地社平工资更正，按新数据重新审批")
    form.get_by_role("button", name="重新提交审批").click()
    page.wait_for_selector("#case-status[data-status=in_review]")
    assert "已重新提交审批" in page.locator(".messages .alert-success").inner_text()
    assert page.locator("#reference-drift").count() == 0
    assert page.locator("#reopen").count() == 0
    assert "重新提交审批（此前的审批失效）" in page.locator("#timeline").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "case_reopened.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW and case.statutory_amount < approved
    _logout(page, live_server)

    # The second HRBP decides HR review again (round 2).
    _login(page, live_server, "hrbp2")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.wait_for_selector("#decide-hr_review")
    assert page.locator("[data-step=hr_review][data-status=active]").count() == 1
