"""Issue 12 in a real browser: a case made unlawful after submission cannot be approved; an extra raised
after legal's approval goes back to legal. Four eyes (the opener, hrbp, never decides) and routing (each
step goes to the login holding the role over the unit) as in test_case_flow."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType, StepStatus
from tests.browser.test_case_flow import _login, _logout, seeded  # noqa: F401 - the fixture
from tests.factories import Role, make_contract, make_user, make_wages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _staff(world):
    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(12000)] * 12)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    return make_user("hrbp2", Role.HRBP, company=world.company, unit=world.sales)


def _approve(page, kind, comment="同意"):
    form = page.locator(f"#decide-{kind}")
    form.locator("textarea[name=comment]").fill(comment)
    form.get_by_role("button", name="通过").click()
    page.wait_for_load_state()


def test_a_case_made_unlawful_after_the_union_step_cannot_be_approved(page, live_server, seeded, screenshot_dir):  # noqa: F811
    world = seeded
    hrbp2 = _staff(world)
    opener = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MISCONDUCT, actor=opener,
                              separation_date=timezone.localdate() + dt.timedelta(days=40), reason="严重违纪")
    services.submit_case(case, actor=opener)
    case.refresh_from_db()
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=hrbp2, comment="同意")
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"], comment="同意")
    services.decide_step(case.steps.get(kind="union_notification"), "approve", actor=hrbp2,
                         document_date=timezone.localdate(),
                         document_file=SimpleUploadedFile("工会.pdf", b"%PDF-1.4 x", content_type="application/pdf"))
    page.set_viewport_size({"width": 1280, "height": 900})

    # HR (the opener) sets 是否已事先通知工会 to 否 after the union step.
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    assert page.locator("#decide-leadership_approval").count() == 0  # four eyes / not the approver's role
    page.locator("#facts-form").evaluate("f => f.closest('details').open = true")
    page.locator("#facts-form select[name=union_notified]").select_option("false")
    page.locator("#facts-form").get_by_role("button", name="保存并重新检查").click()
    page.wait_for_load_state()
    _logout(page, live_server)

    # The approver (routed: the company-wide approver) sees the verdict and is refused.
    _login(page, live_server, "approver")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    assert "违法" in page.locator("#verdict").inner_text()
    _approve(page, "leadership_approval")
    page.wait_for_selector(".alert-danger >> text=违法/阻断")
    page.screenshot(path=os.path.join(screenshot_dir, "case_unlawful_refused.png"), full_page=True)
    assert page.locator("#case-status").get_attribute("data-status") == "in_review"
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert case.steps.get(kind="leadership_approval").status == StepStatus.ACTIVE


def test_an_extra_raised_after_legals_approval_goes_back_to_legal(page, live_server, seeded, screenshot_dir):  # noqa: F811
    world = seeded
    hrbp2 = _staff(world)
    opener = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener,
                              separation_date=timezone.localdate() + dt.timedelta(days=40),
                              extra_compensation=Decimal(25000), reason="协商")
    services.submit_case(case, actor=opener)
    case.refresh_from_db()
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=hrbp2, comment="同意")
    page.set_viewport_size({"width": 1280, "height": 900})

    # Legal approves 25,000 with a reason (the cap warning).
    _login(page, live_server, "legal")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    _approve(page, "legal_review", comment="25,000 合理")
    page.wait_for_selector("[data-step=leadership_approval][data-status=active]")
    _logout(page, live_server)

    # HR raises it to 500,000.
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    page.locator("#facts-form").evaluate("f => f.closest('details').open = true")
    page.locator("#facts-form input[name=extra_compensation]").fill("500000")
    page.locator("#facts-form").get_by_role("button", name="保存并重新检查").click()
    page.wait_for_selector("[data-step=legal_review][data-status=active]")
    assert page.locator("[data-step=leadership_approval]").get_attribute("data-status") == "waiting"
    assert "审批步骤重新打开" in page.locator("#timeline").inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "case_extra_back_to_legal.png"), full_page=True)
    _logout(page, live_server)

    # The approver has nothing to decide until legal has.
    _login(page, live_server, "approver")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    assert page.locator("#decide-leadership_approval").count() == 0
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
