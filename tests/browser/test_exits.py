"""A real browser: HR records an exit interview, checks the stated reason against the records and
records the verified one; leadership reads the quarterly turnover report and exports it."""

from __future__ import annotations

import datetime as dt
import io
import os
from decimal import Decimal

import openpyxl
import pytest
from django.utils import timezone

from farewell.exits import services
from farewell.exits.models import ExitReason, InterviewStatus
from farewell.org.models import Employee, Position
from tests.exits.conftest import leave, staff
from tests.factories import PASSWORD, make_wages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def seeded(world):
    """Earlier browser tests flush the database: restore the ledger head (the world's company has its own
    reasons and questions, seeded when it was made)."""
    from farewell.ledger.models import GENESIS_HASH, LedgerHead

    LedgerHead.objects.get_or_create(id=1, defaults={"seq": 0, "entry_hash": GENESIS_HASH})
    hr = world.users["hr_admin"]
    position = Position.objects.create(company=world.company, name="销售代表", grade="P3",
                                       wage_min=Decimal(8000), wage_max=Decimal(14000))
    Employee.objects.filter(pk=world.lisi.pk).update(position=position)
    world.lisi.refresh_from_db()
    make_wages(world.lisi, dt.date(2025, 6, 1), [8600] * 12)
    peers = staff(world.sales, 14, prefix="销售", position=position)
    for peer in peers:
        make_wages(peer, dt.date(2025, 6, 1), [11500] * 12)
    engineers = staff(world.rnd, 8, prefix="研发")
    # 2026 Q2: seven leavers in 销售部 (five give pay) and 李四 (recorded in the test), one in 研发部
    for i, person in enumerate(peers[:7]):
        departure = leave(person, dt.date(2026, 4, 3) + dt.timedelta(days=9 * i), actor=hr)
        interview = services.start_interview(departure, acting_user=hr, held_at=timezone.now())
        code = "pay_below_market" if i < 5 else "development_promotion"
        services.update_interview(interview, acting_user=hr, fields={},
                                  reasons=[{"reason": ExitReason.objects.get(code=code), "primary": True}])
        services.sign_interview(interview, acting_user=hr)
        if i < 5:
            services.verify_reason(departure, acting_user=hr, reason=ExitReason.objects.get(code="pay"), note="")
    leave(engineers[0], dt.date(2026, 5, 20), actor=hr)
    departure = leave(world.lisi, dt.date(2026, 6, 30), actor=hr)
    return world, departure


def _login(page, live_server, username):
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_interview_verified_and_quarterly_report(page, live_server, seeded, screenshot_dir):
    world, departure = seeded
    page.set_viewport_size({"width": 1360, "height": 900})
    _login(page, live_server, "hrbp")

    page.goto(f"{live_server.url}/exits/departures/{departure.code}/")
    page.get_by_role("button", name="开始记录").click()
    page.wait_for_url("**/exits/interviews/*/")
    pay = ExitReason.objects.get(code="pay_below_market")
    row = page.locator(".reason-row").first
    row.locator("select").select_option(str(pay.pk))
    row.locator("input[type=checkbox]").check()
    row.locator("input[type=text]").fill("同样的岗位外面多给三千")
    page.get_by_label("员工陈述（原话要点）").fill("三年没有调薪，同组新人工资比我高。")
    page.get_by_label("员工的建议").fill("希望调薪规则公开。")
    page.get_by_role("button", name="保存记录").click()
    page.wait_for_load_state()
    page.locator("#sign-button").click()
    page.locator("#signed-note").wait_for()
    assert page.locator("#record-status").get_attribute("data-status") == InterviewStatus.SIGNED
    page.screenshot(path=os.path.join(screenshot_dir, "exits_interview.png"), full_page=True)

    page.goto(f"{live_server.url}/exits/departures/{departure.code}/")
    finding = page.locator(".finding[data-reason='pay_below_market']")
    assert finding.get_attribute("data-verdict") == "supports"
    assert finding.locator(".facts-supporting li").count() == 2  # low in the band, below the peers' median
    page.locator("#verify-form select").select_option(str(ExitReason.objects.get(code="pay").pk))
    page.locator("#verify-form textarea").fill("工资位于薪档下三分之一，低于同岗位中位数")
    page.locator("#verify-form button").click()
    page.locator("#verified").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "exits_departure.png"), full_page=True)
    departure.refresh_from_db()
    assert departure.verified_reason.code == "pay"

    page.goto(f"{live_server.url}/accounts/login/")  # leadership reads the report
    page.context.clear_cookies()
    _login(page, live_server, "approver")
    page.get_by_role("link", name="离职分析").click()
    page.goto(f"{live_server.url}/exits/report/?granularity=quarter&year=2026&index=2&dimension=unit")
    page.locator("#chart-trend[data-rendered='true']").wait_for()
    page.locator("#chart-groups[data-rendered='true']").wait_for()
    assert page.locator("#total-leavers").inner_text() == "9"
    assert page.locator("#group-table tr[data-group='销售部'] .leavers").inner_text() == "8"
    page.screenshot(path=os.path.join(screenshot_dir, "exits_report.png"), full_page=True)
    with page.expect_download() as download:
        page.locator("#export-xlsx").click()
    sheet = openpyxl.load_workbook(io.BytesIO(open(download.value.path(), "rb").read())).active
    rows = {r[0]: r for r in sheet.iter_rows(values_only=True) if r and r[0]}
    assert rows["销售部"][4] == 8 and rows["合计"][4] == 9
