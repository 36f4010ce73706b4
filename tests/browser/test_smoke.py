"""A real browser walks the main path: log in as HR, find an employee, open the page."""

from __future__ import annotations

import datetime as dt
import os
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from farewell.common.fields import blind_index
from farewell.org.models import StatusPeriod
from tests.factories import PASSWORD, make_contract, make_employee, make_position, make_wages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def company(world):
    """The shared personas plus enough records to make the pages look real."""
    sales_rep = make_position(world.company, "销售代表")
    world.lisi.position = sales_rep
    world.lisi.id_number = "11010519900307002X"
    world.lisi.id_number_index = blind_index(world.lisi.id_number)
    world.lisi.first_work_date = dt.date(2012, 7, 1)
    world.lisi.union_member = True
    world.lisi.save()
    make_contract(world.lisi, sequence=1, start_date=dt.date(2020, 3, 1), end_date=dt.date(2023, 2, 28),
                  probation_end_date=dt.date(2020, 8, 31), signed_date=dt.date(2020, 2, 25))
    make_contract(world.lisi, kind="open_ended", sequence=2, start_date=dt.date(2023, 3, 1), end_date=None,
                  signed_date=dt.date(2023, 2, 20))
    first = timezone.localdate().replace(day=1) - relativedelta(months=24)
    make_wages(world.lisi, first, [Decimal(12000 + 150 * (i % 5)) for i in range(24)])
    StatusPeriod.objects.create(employee=world.lisi, kind="pregnancy", notes="预产期 2026 年 12 月",
                                start_date=dt.date(2026, 5, 1))
    for i, name in enumerate(["周一鸣", "吴晓燕", "郑浩然", "冯雪", "陈思远", "褚天宇", "卫欣怡", "蒋文博"]):
        make_employee(world.sales if i % 2 else world.rnd, name, position=sales_rep,
                      gender="female" if i % 3 == 0 else "male", hire_date=dt.date(2018 + i % 6, 1 + i, 10))
    return world


def log_in(page, live_server, username: str) -> None:
    page.goto(f"{live_server.url}/accounts/login/")
    page.get_by_label("用户名").fill(username)
    page.get_by_label("密码").fill(PASSWORD)
    page.get_by_role("button", name="登录").click()
    page.wait_for_url(f"{live_server.url}/employees/")


def test_hr_finds_an_employee_and_opens_the_page(page, live_server, company, screenshot_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/accounts/login/")
    page.screenshot(path=os.path.join(screenshot_dir, "login.png"))
    log_in(page, live_server, "hradmin")
    assert page.get_by_role("heading", name="员工档案").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "employee_list.png"), full_page=True)

    page.get_by_role("searchbox").fill("李四")
    page.get_by_role("button", name="查询").click()
    page.wait_for_url("**/employees/?q=*")
    rows = page.locator("table.employee-table tbody tr")
    assert rows.count() == 1
    rows.first.get_by_role("link", name="李四").click()
    page.wait_for_url("**/employees/*-*/")

    assert page.get_by_role("heading", name="李四", level=1).is_visible()
    assert page.get_by_text("销售代表").first.is_visible()
    assert page.locator(".tenure").inner_text().endswith("天")
    assert "11010519900307002X" not in page.content()

    # The ID number comes back through htmx and the read is logged.
    page.locator("#id-number").get_by_role("button", name="显示").click()
    page.get_by_text("11010519900307002X").wait_for()
    from farewell.accounts.models import AccessLog

    assert AccessLog.objects.filter(field="id_number", employee=company.lisi).count() == 1
    page.screenshot(path=os.path.join(screenshot_dir, "employee_detail.png"), full_page=True)


def test_the_list_fits_a_phone(page, live_server, company, screenshot_dir):
    page.set_viewport_size({"width": 390, "height": 844})
    log_in(page, live_server, "hradmin")
    assert page.locator(".navbar-toggler").is_visible()
    # Nothing is wider than the screen.
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    page.screenshot(path=os.path.join(screenshot_dir, "employee_list_phone.png"), full_page=True)
    page.locator(".navbar-toggler").click()
    page.locator("#main-nav.collapse.show").wait_for()  # the menu has finished opening
    assert page.locator("#main-nav").get_by_role("link", name="员工档案").is_visible()
    page.screenshot(path=os.path.join(screenshot_dir, "employee_list_phone_menu.png"))


def test_logout_from_the_user_menu(page, live_server, company):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "hradmin")
    page.locator("#user-menu").click()
    page.get_by_role("button", name="退出登录").click()
    page.wait_for_url("**/accounts/login/")


def test_switching_to_english(page, live_server, company, screenshot_dir):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "hradmin")
    page.locator("#language-menu").click()
    page.get_by_role("button", name="English").click()
    page.get_by_role("heading", name="Employees").wait_for()
    page.screenshot(path=os.path.join(screenshot_dir, "employee_list_en.png"), full_page=True)


@pytest.mark.parametrize("width", [1200, 1280, 1400])
def test_the_hr_admins_pages_fit_the_window_in_both_languages(page, live_server, company, width):
    """The settings pages and the lists an HR admin opens: no page is wider than the window. Where the bar
    has just opened out it was too long with the demo's display name (English at 1400 px: 1435 px; Chinese
    at 1200 px: 1220 px): its entries now wrap onto a second line where they do not fit (app.css), and in
    English from 1400 px the brand drops its Chinese words so that they fit in one line."""
    admin = company.users["hr_admin"]
    admin.display_name = "HR管理员（公司与机关）"  # the demo's: the user menu at its longest (9em, then …)
    admin.save(update_fields=["display_name"])
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "hradmin")
    for language in ("en", "zh-hans"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        for path in ("/settings/", "/settings/wages/", "/settings/holidays/", "/employees/", "/cases/"):
            page.goto(f"{live_server.url}{path}")
            widths = page.evaluate("[document.documentElement.scrollWidth, window.innerWidth]")
            assert widths[0] <= widths[1], (language, width, path, widths)
        assert page.locator("#user-menu").is_visible() or page.locator(".navbar-toggler").is_visible()


@pytest.mark.parametrize("width", [1024, 1280, 1440])
def test_the_hr_admins_menu_never_pushes_the_page_sideways(page, live_server, company, width):
    """The HR admin has the most menu items: at no common laptop width does the bar overflow (it
    once pushed the notifications and the user menu off-screen at 1280 px)."""
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "hradmin")
    for language in ("zh-hans", "en"):
        page.context.add_cookies([{"name": "django_language", "value": language, "url": live_server.url}])
        page.goto(f"{live_server.url}/employees/")
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, (language, width, overflow)
        assert page.locator("#user-menu").is_visible() or page.locator(".navbar-toggler").is_visible()


@pytest.mark.parametrize("width", [1200, 1280, 1366])
def test_the_english_menu_stays_open_from_1200_px(page, live_server, company, width):
    """The bar opens out from 1200 px in English as in Chinese: its longer words folded it behind the toggler
    up to 1399 px, so at 1280 px an English-speaking HR admin had to open the menu for every page. The HR admin
    has the most entries; the demo's display name is the longest (shortened, in full on hover)."""
    admin = company.users["hr_admin"]
    admin.display_name = "HR管理员（公司与机关）"
    admin.save(update_fields=["display_name"])
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, "hradmin")
    page.context.add_cookies([{"name": "django_language", "value": "en", "url": live_server.url}])
    page.goto(f"{live_server.url}/employees/")
    assert not page.locator(".navbar-toggler").is_visible()
    for name in ("Employees", "Severance calculator", "Settings"):
        assert page.locator("#main-nav").get_by_role("link", name=name, exact=True).is_visible()
    assert page.locator("#user-menu").is_visible()
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, (width, overflow)
    # One line: the entries' list is no taller than one entry.
    heights = page.evaluate("[document.querySelector('#main-nav .navbar-nav.me-auto').offsetHeight,"
                            " document.querySelector('#main-nav .nav-link').offsetHeight]")
    assert heights[0] <= heights[1] + 2, (width, heights)
