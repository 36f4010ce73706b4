"""A real browser at phone size: the employee reads their own estimate."""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from tests.factories import PASSWORD, make_wages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_employee_reads_their_estimate_on_a_phone(page, live_server, world, screenshot_dir):
    make_wages(world.lisi, timezone.localdate().replace(day=1) - relativedelta(months=12), [Decimal(9500)] * 12)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("lisi")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/me/")
    assert page.locator("#estimate-total").is_visible()
    page.locator("#id_ground").select_option("expiry_employer_not_renewing")
    page.get_by_role("button", name="估算").click()
    page.wait_for_url(lambda url: "ground=expiry_employer_not_renewing" in url)
    assert page.locator("[data-item=economic_compensation]").is_visible()
    # Nothing wider than the phone: no sideways scrolling.
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    page.screenshot(path=os.path.join(screenshot_dir, "portal_phone.png"), full_page=True)
