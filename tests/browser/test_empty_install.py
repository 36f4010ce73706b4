"""From an empty install to a decided case, in a real browser, with nothing but the product:
the first-run page, the set-password link, the template imports (units, positions, people,
contracts, wages), logins with role grants, and a case for someone in a unit no demo has —
whose steps reach the HRBP and the approver who were just given logins, by e-mail."""

from __future__ import annotations

import datetime as dt
import os
import re

import pytest
from dateutil.relativedelta import relativedelta
from django.core import mail
from django.utils import timezone

from farewell.cases.models import CaseStatus, SeparationCase
from farewell.common.identifiers import credit_code
from farewell.org.models import Company, Employee, OrgUnit
from farewell.records.tables import write_csv
from tests.factories import restore_seeded_rows

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "Huanan-2026-secret"
LINK = re.compile(r"https?://[^\s]+/accounts/set-password/[^\s/]+/[^\s/]+/")


@pytest.fixture
def seeded(db):
    """Earlier browser tests flush the database (transactional): restore what migrations seeded."""
    restore_seeded_rows()


def _files(folder, today: dt.date) -> list[tuple[str, str]]:
    """The files an HR admin fills from the templates (headers as HR files write them)."""
    write_csv(folder / "units.csv", ["部门路径", "部门编码"], [
        ["华南集团/广州分公司/天河营业部", "TH"],  # before its parents: order does not matter
        ["华南集团", "HN"], ["华南集团/广州分公司", "GZ"], ["华南集团/人力资源部", "HR"]])
    write_csv(folder / "positions.csv", ["岗位名称", "薪档下限", "薪档上限"], [
        ["总经理", "40000", "80000"], ["HRBP", "12000", "25000"], ["营业部经理", "20000", "35000"],
        ["客户经理", "8000", "16000"]])
    write_csv(folder / "people.csv", ["员工编号", "员工姓名", "性别", "出生日期", "入职时间", "所属部门", "岗位",
                                      "直接上级工号", "电子邮箱"], [
        ["G001", "刘华", "男", "1972-05-01", "2010-01-04", "华南集团", "总经理", "", "liu@huanan.example"],
        ["G002", "陈敏", "女", "1988-09-12", "2016-03-01", "华南集团/人力资源部", "HRBP", "G001", "chen@huanan.example"],
        ["G003", "王强", "男", "1983-02-20", "2012-07-02", "天河营业部", "营业部经理", "G001", ""],
        ["G004", "赵静", "女", "1990-11-03", "2015-04-01", "天河营业部", "客户经理", "G003", "zhao@huanan.example"]])
    write_csv(folder / "contracts.csv", ["工号", "合同类型", "起始日", "终止日"], [
        ["G004", "固定期限", "2015-04-01", "2018-03-31"], ["G004", "无固定期限", "2018-04-01", ""]])
    months = [today.replace(day=1) - relativedelta(months=n) for n in range(12, 0, -1)]
    write_csv(folder / "wages.csv", ["工号", "工资月份", "基本工资", "奖金", "应发合计"],
              [["G004", f"{m:%Y-%m}", "11000", "1000", ""] for m in months])
    return [("org_units", "units.csv"), ("positions", "positions.csv"), ("employees", "people.csv"),
            ("contracts", "contracts.csv"), ("wages", "wages.csv")]


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


def _set_password(page, link):
    page.goto(link)
    page.locator("#id_new_password1").fill(PASSWORD)
    page.locator("#id_new_password2").fill(PASSWORD)
    page.get_by_role("button", name="保存密码").click()
    page.wait_for_url("**/password-reset/complete/")


def _link_for(address) -> str:
    for message in reversed(mail.outbox):
        if address in message.to and (match := LINK.search(message.body)):
            return match.group(0)
    raise AssertionError(f"no set-password link was mailed to {address}")


def test_an_hr_admin_starts_from_an_empty_install(page, live_server, seeded, settings, tmp_path, screenshot_dir):
    settings.FAREWELL_BASE_URL = live_server.url  # the links the mails carry point here
    assert not Company.objects.exists()
    today = timezone.localdate()
    page.set_viewport_size({"width": 1280, "height": 900})

    # 1. The first-run page: the company and the first HR admin, who sets a password by the link.
    page.goto(f"{live_server.url}/")
    page.wait_for_url("**/setup/")
    page.get_by_label("公司名称").fill("华南商贸有限公司")
    page.get_by_label("统一社会信用代码").fill(credit_code("9", "1", "440100", "23456789"))
    page.get_by_label("所在城市").fill("广州")
    page.get_by_label("HR管理员用户名").fill("hrchief")
    page.get_by_label("HR管理员邮箱").fill("hrchief@huanan.example")
    page.screenshot(path=os.path.join(screenshot_dir, "empty_install_setup.png"), full_page=True)
    page.get_by_role("button", name="创建公司和HR管理员").click()
    link = page.locator("#set-password-link").inner_text().strip()
    _set_password(page, link)
    _login(page, live_server, "hrchief")

    # 2. The template files, each through upload → preview and mapping → confirm.
    for kind, name in _files(tmp_path, today):
        page.goto(f"{live_server.url}/records/")
        page.locator("#id_kind").select_option(kind)
        page.locator("#id_file").set_input_files(str(tmp_path / name))
        page.get_by_role("button", name="上传并预览").click()
        page.wait_for_url(re.compile(r".*/records/import/[0-9a-f-]+/$"))
        if kind == "employees":
            page.screenshot(path=os.path.join(screenshot_dir, "empty_install_mapping.png"), full_page=True)
        page.get_by_role("button", name="确认导入").click()
        page.wait_for_selector("#import-progress .alert-success", timeout=20_000)
    page.screenshot(path=os.path.join(screenshot_dir, "empty_install_imported.png"), full_page=True)
    zhao = Employee.objects.get(employee_number="G004")
    assert zhao.org_unit.code == "TH" and zhao.manager.employee_number == "G003"
    assert zhao.contracts.count() == 2 and zhao.wages.count() == 12

    # 3. Logins and grants: the HRBP for 广州分公司 and its sub-units, the company's approver.
    guangzhou = OrgUnit.objects.get(code="GZ")
    for number, role, unit in (("G002", "hrbp", guangzhou), ("G001", "approver", None)):
        page.goto(f"{live_server.url}/accounts/users/new/")
        page.get_by_label("工号").fill(number)
        page.get_by_label("角色").select_option(role)
        if unit is not None:
            page.locator("#id_org_unit").select_option(str(unit.pk))
        page.get_by_role("button", name="开通").click()
        page.wait_for_url(re.compile(r".*/accounts/user/[^/]+/$"))
    page.screenshot(path=os.path.join(screenshot_dir, "empty_install_user.png"), full_page=True)

    # 4. HR opens a mutual-agreement case for 赵静 of 天河营业部 and submits it.
    page.goto(f"{live_server.url}/employees/{zhao.code}/")
    panel = page.locator("#open-case-panel")
    panel.locator("select[name=type]").select_option("mutual_employer")
    panel.get_by_role("button", name="发起离职案件").click()
    page.wait_for_url("**/cases/open/**")
    page.locator("#id_separation_date").fill((today + dt.timedelta(days=45)).isoformat())
    page.locator("#id_reason").fill("业务调整，双方协商")
    page.get_by_role("button", name="创建案件并进行法律检查").click()
    page.wait_for_selector("#verdict")
    page.locator("button[data-action=submit]").click()
    page.wait_for_selector("#case-status[data-status=in_review]")
    case = SeparationCase.objects.get(employee=zhao)
    _logout(page, live_server)

    # 5. The HRBP, who had no password a minute ago, reviews; the approver is asked by e-mail.
    _set_password(page, _link_for("chen@huanan.example"))
    _login(page, live_server, "G002")
    page.goto(f"{live_server.url}/cases/{case.code}/")
    form = page.locator("#decide-hr_review")
    form.locator("textarea[name=comment]").fill("材料齐全，同意")
    form.get_by_role("button", name="通过").click()
    page.wait_for_selector("[data-step=leadership_approval][data-status=active]")
    _logout(page, live_server)
    asked = [m for m in mail.outbox if "liu@huanan.example" in m.to and not LINK.search(m.body)]
    assert asked, "the approver was not e-mailed about the step"
    assert str(case.code) in asked[-1].body

    _set_password(page, _link_for("liu@huanan.example"))
    _login(page, live_server, "G001")
    page.goto(f"{live_server.url}/cases/inbox/")
    page.locator("#my-approvals a").first.click()
    form = page.locator("#decide-leadership_approval")
    form.locator("textarea[name=comment]").fill("同意")
    form.get_by_role("button", name="通过").click()
    page.wait_for_selector("#case-status[data-status=approved]")
    page.screenshot(path=os.path.join(screenshot_dir, "empty_install_approved.png"), full_page=True)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
