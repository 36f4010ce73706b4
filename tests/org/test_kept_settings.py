"""The holiday table and the local wage figures, kept per process (org/cached.py): read once, and
forgotten on any change so the next read sees it."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
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


# --- one version per table per transaction (a 30-row import: one write, not 30) ---------------------------------


def _version_writes(queries) -> int:
    return sum(1 for q in queries if q["sql"].startswith("UPDATE") and "org_referenceversion" in q["sql"])


def _token(name: str) -> str | None:
    from farewell.org.models import ReferenceVersion

    return ReferenceVersion.objects.filter(name=name).values_list("token", flat=True).first()


def test_a_30_row_import_writes_the_version_once(world, tmp_path, django_capture_on_commit_callbacks):
    from farewell.records.importers import import_file
    from tests.records.conftest import write_csv

    rows = [["日期", "类型", "通知"]] + [[(dt.date(2027, 1, 1) + dt.timedelta(days=n)).isoformat(), "放假", "测试"]
                                         for n in range(30)]
    from farewell.org.models import ReferenceVersion

    ReferenceVersion.objects.create(name="work_calendar", token="before")  # as after any earlier change
    before = _token("work_calendar")
    with CaptureQueriesContext(connection) as queries, django_capture_on_commit_callbacks() as callbacks:
        report = import_file("holidays", write_csv(tmp_path / "h.csv", rows), company=world.company,
                             user=world.users["hr_admin"])
    assert report.ok and report.created == 30, report.errors
    assert _version_writes(queries) == 1
    assert _token("work_calendar") != before
    # One drop of the kept copies after the commit, and one re-run of the open cases announced.
    from farewell.common.transactions import _Once

    assert sorted(c.tag for c in callbacks if isinstance(c, _Once)) == ["org.cached.changed.work_calendar",
                                                                        "org.reference_changed"]


def test_the_import_s_own_reads_see_its_rows_and_keep_no_copy(world):
    """Between two saves of one transaction the table is read as it stands in that transaction, and a copy built
    then is not kept: the next save would leave it behind, under the version the commit makes final."""
    from django.db import transaction

    from farewell.org import cached
    from farewell.org.models import Holiday

    first, second = dt.date(2027, 1, 4), dt.date(2027, 1, 5)
    with transaction.atomic():
        Holiday.objects.create(day=first, kind="holiday", notice="测试")
        assert holidays.work_calendar().is_day_off(first)
        Holiday.objects.create(day=second, kind="holiday", notice="测试")
        assert holidays.work_calendar().is_day_off(second)
        assert "work_calendar" not in cached._kept.values
    assert holidays.work_calendar().is_day_off(first) and holidays.work_calendar().is_day_off(second)


def test_a_change_after_a_rolled_back_savepoint_writes_the_version_again(world):
    """The first change's write went with its savepoint: the next change in the same transaction writes anew."""
    from django.db import transaction

    from farewell.org.models import Holiday

    before = _token("work_calendar")
    with transaction.atomic():
        try:
            with transaction.atomic():
                Holiday.objects.create(day=dt.date(2027, 1, 4), kind="holiday", notice="测试")
                raise RuntimeError
        except RuntimeError:
            pass
        assert _token("work_calendar") == before
        Holiday.objects.create(day=dt.date(2027, 1, 5), kind="holiday", notice="测试")
    assert _token("work_calendar") != before


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_outside_a_transaction_each_save_writes_its_version_and_a_rollback_none():
    """Autocommit: each save is its own transaction, seen by another worker at once; a rolled-back transaction
    leaves the version as it was (and the rows it saved never counted)."""
    from django.db import transaction

    from farewell.org.models import Holiday

    other = _Process(None)
    day, later = dt.date(2027, 1, 4), dt.date(2027, 1, 5)
    with other:
        assert not holidays.work_calendar().is_day_off(day)
    first = Holiday.objects.create(day=day, kind="holiday", notice="测试")
    token = _token("work_calendar")
    with other:
        assert holidays.work_calendar().is_day_off(day)
    first.kind = "workday"
    first.save()
    assert _token("work_calendar") != token
    with other:
        assert not holidays.work_calendar().is_day_off(day)
    token = _token("work_calendar")
    with CaptureQueriesContext(connection) as queries:
        try:
            with transaction.atomic():
                Holiday.objects.create(day=later, kind="holiday", notice="测试")
                Holiday.objects.create(day=later + dt.timedelta(days=1), kind="holiday", notice="测试")
                raise RuntimeError
        except RuntimeError:
            pass
    assert _version_writes(queries) == 1
    assert _token("work_calendar") == token
    with other:
        assert not holidays.work_calendar().is_day_off(later)
    with transaction.atomic():
        Holiday.objects.create(day=later, kind="holiday", notice="测试")
        Holiday.objects.create(day=later + dt.timedelta(days=1), kind="holiday", notice="测试")
    assert _token("work_calendar") != token
    with other:
        assert holidays.work_calendar().is_day_off(later)
        assert holidays.work_calendar().is_day_off(later + dt.timedelta(days=1))
