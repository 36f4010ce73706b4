"""The holiday table and the local wage figures, kept per process (org/cached.py): read once, and
forgotten on any change so the next read sees it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.org import holidays, wages
from farewell.org.models import LocalWageFigure


def test_the_calendar_is_read_once_and_follows_a_change(world):
    day = dt.date(2027, 1, 4)
    holidays.work_calendar()
    with CaptureQueriesContext(connection) as queries:
        holidays.work_calendar()
    assert len(queries) == 0
    assert not holidays.work_calendar().is_day_off(day)
    added = holidays.add_holiday(day=day, kind="holiday", notice="国办发明电〔2026〕1号",
                                 acting_user=world.users["hr_admin"])
    assert holidays.work_calendar().is_day_off(day)
    holidays.delete_holiday(added, acting_user=world.users["hr_admin"])
    assert not holidays.work_calendar().is_day_off(day)


def test_the_wage_table_is_read_once_and_follows_a_change(world):
    wages.wage_table()
    with CaptureQueriesContext(connection) as queries:
        wages.wage_table()
    assert len(queries) == 0
    figure = LocalWageFigure.objects.create(city="测试市", kind="minimum", effective_from=dt.date(2026, 1, 1),
                                            amount=Decimal("2500"), source="测试")
    assert wages.wage_inputs_for("测试市", dt.date(2026, 6, 1))["local_min_wage"] == Decimal("2500")
    figure.amount = Decimal("2600")
    figure.save()
    assert wages.wage_inputs_for("测试市", dt.date(2026, 6, 1))["local_min_wage"] == Decimal("2600")
