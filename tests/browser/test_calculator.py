"""A real browser: HR opens the calculator from an employee page and reads the result."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tests.factories import PASSWORD, make_wages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_hr_computes_a_separation_from_the_employee_page(page, live_server, world, screenshot_dir):
    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(12000)] * 12)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("hradmin")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/employees/")

    page.goto(f"{live_server.url}/employees/{world.lisi.code}/")
    assert page.get_by_text("离职补偿测算").first.is_visible()
    page.get_by_role("link", name="在计算器中打开，调整事由和日期").click()
    page.wait_for_url(f"**/cases/calculator/?employee={world.lisi.code}")

    # Change the facts: a dismissal for incompetence (LCL 40(2)) with 30 days' notice given.
    page.locator("#id_ground").select_option("incompetence")
    page.locator("#id_notice_given_days").fill("30")
    page.locator("#id_union_notified").select_option("true")
    page.get_by_role("button", name="计算").click()
    page.wait_for_selector("#verdict")
    assert page.locator("#verdict").get_by_text("合法").first.is_visible()
    assert page.locator("#money tr[data-item=economic_compensation]").count() == 1
    assert page.locator("#procedure").get_by_text("出具解除或者终止劳动合同的证明").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "calculator.png"), full_page=True)

    # Bad input names the field, and the typed values stay.
    page.locator("#id_monthly_wages").fill("12000, 一万")
    page.get_by_role("button", name="计算").click()
    error = page.locator("#field-monthly_wages .invalid-feedback")
    assert "一万" in error.inner_text()
    page.screenshot(path=os.path.join(screenshot_dir, "calculator_error.png"), full_page=True)
