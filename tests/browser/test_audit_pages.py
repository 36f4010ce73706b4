"""A real browser: the audit admin filters the ledger by employee and event, pages, and presses
校验证据链 (htmx swaps in the result and the newest anchor). Screenshot: audit_ledger.png."""

from __future__ import annotations

import os

import pytest

from farewell.ledger.anchor import current_anchor, write_anchor
from farewell.ledger.services import record
from tests.factories import PASSWORD, restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(world):
    restore_seeded_rows()
    return world


def test_the_audit_admin_filters_the_ledger_and_verifies_it(page, live_server, seeded, settings, tmp_path,
                                                              screenshot_dir):
    world = seeded
    settings.FAREWELL_ANCHOR_DIR = tmp_path
    hr = world.users["hr_admin"]
    for i in range(60):  # more than a page of entries about 李四
        record("org.employee", world.lisi.code, {"change": i}, actor=hr, event="employee_changed")
    record("cases.separationcase", "case-1", {"employee": str(world.lisi.code)}, actor=hr, event="case.opened")
    record("org.employee", world.chenqi.code, {"change": "x"}, actor=hr, event="employee_changed")
    write_anchor(tmp_path, current_anchor())

    page.set_viewport_size({"width": 1280, "height": 1000})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill("auditor")
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()
    assert page.url.endswith("/ledger/")

    # Filters: 李四's entries of one kind; the list pages (61 rows about her, 50 a page).
    page.locator("#id_employee").fill(world.lisi.employee_number)
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert "共 61 条" in page.locator("nav[aria-label='分页']").inner_text()
    assert page.locator("#ledger-rows tbody tr").count() == 50
    page.get_by_role("link", name="下一页").click()
    page.wait_for_load_state()
    assert page.locator("#ledger-rows tbody tr").count() == 11
    page.locator("#id_event").select_option("case.opened")
    page.get_by_role("button", name="查询").click()
    page.wait_for_load_state()
    assert page.locator("#ledger-rows tbody tr").count() == 1
    assert "employee=" in page.locator("#export-xlsx").get_attribute("href")  # the export takes the filters

    # The verify button: the result and the last anchor appear without leaving the page.
    page.locator("#verify-button").click()
    page.wait_for_selector("#verify-status")
    assert "校验通过" in page.locator("#verify-status").inner_text()
    anchor_text = page.locator("#verify-anchor").inner_text()
    assert "ledger-anchor-" in anchor_text and "一致" in anchor_text
    assert "event=case.opened" in page.url  # still the filtered list
    page.screenshot(path=os.path.join(screenshot_dir, "audit_ledger.png"), full_page=True)
