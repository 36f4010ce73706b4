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


class _Process:
    """Another process's kept copies (a second gunicorn worker): its own org.cached state."""

    def __init__(self, monkeypatch):
        from farewell.org import cached

        self.monkeypatch, self.state = monkeypatch, cached._Kept()

    def __enter__(self):
        from farewell.org import cached

        self.saved = cached._kept
        cached._kept = self.state
        cached.begin()  # a new request in that process
        return self

    def __exit__(self, *exc):
        from farewell.org import cached

        cached._kept = self.saved


def test_another_process_sees_a_new_holiday_in_its_next_request(world, monkeypatch):
    """A change made in one worker: the other worker's next request computes on the new table at once, not a
    minute later (its copy's version is compared with the table's)."""
    day = dt.date(2027, 1, 4)
    other = _Process(monkeypatch)
    with other:
        assert not holidays.work_calendar().is_day_off(day)  # the other worker keeps the table
    added = holidays.add_holiday(day=day, kind="holiday", notice="国办发明电〔2026〕1号",
                                 acting_user=world.users["hr_admin"])
    with other:
        assert holidays.work_calendar().is_day_off(day)
    holidays.change_holiday(added, day=day, kind="workday", notice=added.notice, acting_user=world.users["hr_admin"])
    with other:
        assert not holidays.work_calendar().is_day_off(day)


def test_another_process_sees_a_corrected_wage_figure_in_its_next_request(world, monkeypatch):
    figure = LocalWageFigure.objects.create(city="测试市", kind="minimum", effective_from=dt.date(2026, 1, 1),
                                            amount=Decimal("2500"), source="测试")
    other = _Process(monkeypatch)
    with other:
        assert wages.wage_inputs_for("测试市", dt.date(2026, 6, 1))["local_min_wage"] == Decimal("2500")
    figure.amount = Decimal("2600")
    figure.save()
    with other:
        assert wages.wage_inputs_for("测试市", dt.date(2026, 6, 1))["local_min_wage"] == Decimal("2600")
    figure.delete()
    with other:
        assert wages.wage_inputs_for("测试市", dt.date(2026, 6, 1)).get("local_min_wage") != Decimal("2600")


def test_a_request_reads_the_version_once_and_the_table_not_at_all_when_unchanged(world, client):
    """The cost: one query by primary key per request that reads a kept table, however often it reads it."""
    from django.core.signals import request_started
    from django.db import close_old_connections

    holidays.work_calendar()
    wages.wage_table()
    request_started.disconnect(close_old_connections)  # as Django's test client does: the test's connection stays
    try:
        request_started.send(sender=None)  # the next request
    finally:
        request_started.connect(close_old_connections)
    with CaptureQueriesContext(connection) as queries:
        for _ in range(5):
            holidays.work_calendar()
            wages.wage_table()
    assert [q["sql"] for q in queries] == [queries[0]["sql"]] and "org_referenceversion" in queries[0]["sql"]


def test_a_rolled_back_change_leaves_no_version_behind(world):
    """The version is a random token: a rolled-back change's token never matches a later one's."""
    from django.db import transaction

    from farewell.org import cached

    day = dt.date(2027, 1, 5)
    before = cached._versions().get("work_calendar")
    try:
        with transaction.atomic():
            holidays.add_holiday(day=day, kind="holiday", notice="测试", acting_user=None)
            assert holidays.work_calendar().is_day_off(day)  # built in the transaction, on its version
            raise RuntimeError
    except RuntimeError:
        pass
    cached.begin()
    assert cached._versions().get("work_calendar") == before
    assert not holidays.work_calendar().is_day_off(day)
