"""The employee page's 离职补偿测算 panel (registered by the cases app)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.utils import timezone

from farewell.org.models import StatusPeriod
from tests.factories import make_wages


def _page(client, user, employee):
    client.force_login(user)
    return client.get(f"/employees/{employee.code}/").content.decode()


def test_hr_sees_an_estimate_from_the_records(client, world):
    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(9000)] * 12)
    page = _page(client, world.users["hr_admin"], world.lisi)
    assert "离职补偿测算" in page
    assert f"/cases/calculator/?employee={world.lisi.code}" in page


def test_a_pregnant_employee_shows_no_block_for_mutual_agreement(client, world):
    # LCL 42 bars LCL 40/41 terminations only; mutual agreement (LCL 36) stays lawful.
    StatusPeriod.objects.create(employee=world.lisi, kind="pregnancy", start_date=dt.date(2026, 1, 1))
    page = _page(client, world.users["hr_admin"], world.lisi)
    assert "离职补偿测算" in page
    assert "text-danger" not in page.split("离职补偿测算")[1].split("</section>")[0]


def test_a_manager_does_not_see_the_panel(client, world):
    page = _page(client, world.users["manager"], world.lisi)
    assert "离职补偿测算" not in page


def test_the_lines_beside_the_compensation_are_named_so_the_total_adds_up(client, world):
    """New-user check: 经济补偿 419,481.86 but 合计 455,483.37 — the untaken annual leave was in the total only."""
    import re

    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(9000)] * 12)
    world.lisi.first_work_date = world.lisi.hire_date - relativedelta(years=12)  # 15 days of leave a year
    world.lisi.save(update_fields=["first_work_date"])
    page = _page(client, world.users["hr_admin"], world.lisi)
    panel = page[page.index("假设今天"):page.index("在计算器中打开")]
    money = lambda text: Decimal(text.replace(",", ""))  # noqa: E731
    boxes = re.findall(r'<div class="fs-5"[^>]*>([\d,]+\.\d\d)</div>', panel)
    compensation, total = money(boxes[1]), money(boxes[2])  # 月工资基数, 经济补偿, 合计
    others = re.findall(r'data-item="(\w+)">另含：[^<]*? ([\d,]+\.\d\d)', panel)
    assert compensation + sum(money(amount) for _item, amount in others) == total
    assert compensation < total and "annual_leave_pay" in dict(others)  # this year's untaken days, none taken
    assert "（按今年已休年休假 0 天计）" in panel
    client.cookies["django_language"] = "en"
    english = client.get(f"/employees/{world.lisi.code}/").content.decode()
    assert "Also included: " in english and "(counting 0 days of annual leave taken this year)" in english


def test_a_base_that_is_not_a_whole_fen_says_the_compensation_uses_the_exact_one(client, world):
    """New-user check: 22 × 18,585.10 shown, 408,872.27 paid — the base was 18,585.0955…, with no word of it."""
    today = timezone.localdate()
    first = today.replace(day=1) - relativedelta(months=12)
    make_wages(world.lisi, first, [Decimal(9000)] * 11 + [Decimal(9001)])  # 108,001 ÷ 12 = 9,000.0833…
    page = _page(client, world.users["hr_admin"], world.lisi)
    assert "9,000.08" in page and "data-base-inexact" in page and "（金额按未舍入的月工资基数计算）" in page
    world.lisi.wages.filter(total=Decimal(9001)).update(base=Decimal(9000), total=Decimal(9000))
    # a whole fen: nothing to explain
    assert "data-base-inexact" not in _page(client, world.users["hr_admin"], world.lisi)
