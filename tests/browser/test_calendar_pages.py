"""A real browser: the HR admin keeps 设置 › 节假日 (the 2027 note disappears once entered), and a case with
an older local average reads as provisional (screenshots)."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest

from farewell.cases import services
from farewell.cases.models import CaseType
from farewell.org.models import Holiday, LocalWageFigure
from tests.cases.conftest import give_wages
from tests.factories import PASSWORD, make_contract, restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"


def _login(page, live_server, username):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_load_state()


def test_hr_admin_enters_2027_days_and_the_calculators_note_goes(page, live_server, seeded, screenshot_dir):
    for day in range(2, 8):
        Holiday.objects.create(day=dt.date(2027, 10, day), kind="holiday", notice=NOTICE)
    Holiday.objects.create(day=dt.date(2027, 9, 26), kind="workday", notice=NOTICE)
    _login(page, live_server, "hradmin")
    page.goto(f"{live_server.url}/settings/holidays/")
    page.locator("#id_day").fill("2027-10-01")
    page.locator("#id_kind").select_option("holiday")
    page.locator("#id_notice").fill(NOTICE)
    page.get_by_role("button", name="保存").click()
    page.wait_for_selector('tr[data-day="2027-10-01"]')
    assert page.locator('#years li[data-year="2027"]').get_attribute("data-known") == "1"
    page.screenshot(path=os.path.join(screenshot_dir, "holidays.png"), full_page=True)

    page.goto(f"{live_server.url}/cases/calculator/")
    page.locator("#id_ground").select_option("mutual_employer_initiated")
    page.locator("#id_hire_date").fill("2020-01-01")
    page.locator("#id_separation_date").fill("2027-09-16")
    page.locator("#id_monthly_wages").fill("10000")
    page.get_by_role("button", name="计算").click()
    page.wait_for_selector("#procedure")
    assert page.locator("#procedure").get_by_text("2027-10-08").is_visible()
    assert page.locator('[data-code="calendar_year_unknown"]').count() == 0


@pytest.fixture
def seeded(world):
    """Earlier browser tests flush the database (transactional): restore what migrations seeded."""
    restore_seeded_rows()
    return world


def test_a_provisional_case_reads_as_such(page, live_server, seeded, screenshot_dir):
    world = seeded
    world.company.city = "测试市"
    world.company.save(update_fields=["city"])
    # 4,500: 李四's 12,000 is within reach of three times a newer figure, so the older one marks it provisional.
    LocalWageFigure.objects.create(city="测试市", kind="average", year=2024, amount=Decimal("4500"),
                                   source="测试市统计局 2024年度城镇单位就业人员平均工资")
    give_wages(world.lisi)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                              separation_date=dt.date.today() + dt.timedelta(days=40))
    _login(page, live_server, "hrbp")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    assert "暂定（按2024年度平均工资）" in page.locator("#provisional").inner_text()
    assert page.locator('[data-code="local_average_provisional"] a[data-note-link]').is_visible()
    page.locator("#legality").screenshot(path=os.path.join(screenshot_dir, "case_provisional.png"))
    page.screenshot(path=os.path.join(screenshot_dir, "case_provisional_page.png"), full_page=True)
