"""Amounts in tables are grouped in Chinese as in English (12,000.00): Django's zh_Hans formats have no
thousands separator, so floatformat:"2g" printed 12000.00 on a Chinese page and 12,000.00 on an English one."""

from __future__ import annotations

from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.urls import reverse
from django.utils import timezone

from tests.factories import make_position, make_wages


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_wage_and_position_tables_group_thousands(client, world, language):
    client.force_login(world.users["hr_admin"])
    client.cookies["django_language"] = language
    make_wages(world.lisi, timezone.localdate().replace(day=1) - relativedelta(months=2), [Decimal("12345.5")] * 2)
    position = make_position(world.company, "销售代表")
    position.wage_min, position.wage_max = Decimal(8000), Decimal(15000)
    position.save()
    wages = client.get(reverse("org:employee_wages", args=[world.lisi.code])).content.decode()
    assert "12,345.50" in wages and "12345.50" not in wages
    positions = client.get(reverse("settings:positions")).content.decode()
    assert "15,000.00" in positions and "15000.00" not in positions
