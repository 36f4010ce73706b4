"""A real browser walks a mutual-agreement case from opening to approval — HR, legal, an approver,
each through the real login form — and the employee reads it on a phone."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from farewell.cases.models import CaseStatus, SeparationCase
from tests.factories import PASSWORD, Role, make_contract, make_user, make_wages, restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(world):
    """Earlier browser tests flush the database (transactional): restore what migrations seeded."""
    restore_seeded_rows()
    return world


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(lambda url: "/accounts/login/" not in url)


def _logout(page, live_server):
    page.locator("#user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url(f"{live_server.url}/accounts/login/")


def _approve(page, kind):
    form = page.locator(f"#decide-{kind}")
    form.locator("textarea[name=comment]").fill("同意")
    form.get_by_role("button", name="通过").click()
    page.wait_for_load_state()


def test_a_mutual_agreement_from_opening_to_approval(page, live_server, seeded, screenshot_dir):
    world = seeded
    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(12000)] * 12)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    separation = today + dt.timedelta(days=45)
    page.set_viewport_size({"width": 1280, "height": 900})

    # HR (the sales HRBP) opens the case from the employee's page and submits it.
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/employees/{world.lisi.code}/")
    panel = page.locator("#open-case-panel")
    panel.locator("select[name=type]").select_option("mutual_employer")
    panel.get_by_role("button", name="发起离职案件").click()
    page.wait_for_url("**/cases/open/**")
    page.locator("#id_separation_date").fill(separation.isoformat())
    page.locator("#id_extra_compensation").fill("20000")  # above the one-month cap → legal review
    page.locator("#id_reason").fill("业务调整，双方协商")
    page.get_by_role("button", name="创建案件并进行法律检查").click()
    page.wait_for_selector("#verdict")
    assert page.locator("#over-cap").is_visible()
    case = SeparationCase.objects.get(employee=world.lisi)
    page.screenshot(path=os.path.join(screenshot_dir, "case_opened.png"), full_page=True)
    page.locator("button[data-action=submit]").click()
    page.wait_for_selector("#case-status[data-status=in_review]")
    # Four eyes: the opener has no decision form; a second HRBP of 销售部 reviews.
    assert page.locator("#decide-hr_review").count() == 0
    _logout(page, live_server)
    make_user("hrbp2", Role.HRBP, company=world.company, unit=world.sales)
    _login(page, live_server, "hrbp2")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    _approve(page, "hr_review")
    page.wait_for_selector("[data-step=legal_review][data-status=active]")
    _logout(page, live_server)

    # Legal finds it in the inbox.
    _login(page, live_server, "legal")
    page.goto(f"{live_server.url}/cases/inbox/")
    page.wait_for_selector("#unread-badge .badge")  # the navbar count, fetched by htmx
    assert int(page.locator("#unread-badge").get_attribute("data-count")) >= 1
    page.locator("#my-approvals a").first.click()
    page.wait_for_selector("#decide-legal_review")
    _approve(page, "legal_review")
    page.wait_for_selector("[data-step=leadership_approval][data-status=active]")
    _logout(page, live_server)

    # The approver approves: the case is approved.
    _login(page, live_server, "approver")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    _approve(page, "leadership_approval")
    page.wait_for_selector("#case-status[data-status=approved]")
    assert "案件创建" in page.locator("#timeline").inner_text()  # readable labels, not event codes
    page.screenshot(path=os.path.join(screenshot_dir, "case_approved.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    _logout(page, live_server)

    # The employee reads it on a phone.
    page.set_viewport_size({"width": 390, "height": 844})
    _login(page, live_server, "lisi")
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.locator("#my-case-status[data-status=approved]").is_visible()
    assert page.locator("#my-last-day").inner_text() == separation.isoformat()
    assert page.locator("#my-offer").is_visible()
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=os.path.join(screenshot_dir, "case_employee_phone.png"), full_page=True)
