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
