"""Large files stream, and an import's query count grows with chunks, not rows."""

from __future__ import annotations

import inspect
import time

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.records.importers import import_file
from farewell.records.models import MetricValue
from farewell.records.tables import open_table

from .conftest import write_csv

METRICS = ["late_count", "early_leave_count", "absent_days", "leave_days", "overtime_hours"]


def _metric_rows(employees, months):
    rows = [["工号", "指标", "周期", "数值"]]
    for month in range(months):
        for e in employees:
            for metric in METRICS:
                rows.append([e.employee_number, metric, f"{2020 + month // 12}-{month % 12 + 1:02d}", month % 7])
    return rows


def _employees(world, n):
    from tests.factories import make_employee

    return [make_employee(world.sales, f"员工{i}") for i in range(n)]


def test_a_large_csv_is_streamed_and_imported_in_reasonable_time(world, tmp_path):
    employees = _employees(world, 100)
    path = write_csv(tmp_path / "big.csv", _metric_rows(employees, 100))  # 50,000 rows
    with open_table(path) as table:
        rows = table.rows()
        assert inspect.isgenerator(rows)  # rows are read as they are consumed, never all at once
        assert table.estimated_rows == 50_000
    started = time.perf_counter()
    report = import_file("metrics", path, company=world.company)
    elapsed = time.perf_counter() - started
    assert report.errors == [] and report.created == 50_000
    assert MetricValue.objects.count() == 50_000
    assert elapsed < 30, f"50,000 rows took {elapsed:.1f} s"


def _count_queries(world, tmp_path, rows, chunk_size, name):
    path = write_csv(tmp_path / name, rows)
    with CaptureQueriesContext(connection) as ctx:
        report = import_file("metrics", path, company=world.company, chunk_size=chunk_size)
    assert report.errors == []
    return len(ctx.captured_queries)


def test_the_query_count_grows_with_chunks_not_rows(world, tmp_path):
    employees = _employees(world, 20)
    small = _count_queries(world, tmp_path, _metric_rows(employees, 1), 100, "small.csv")    # 100 rows, 1 chunk
    large = _count_queries(world, tmp_path, _metric_rows(employees, 10)[:1] + _metric_rows(employees, 10)[101:],
                           100, "large.csv")  # 900 new rows, 9 chunks
    # Per chunk: read the existing rows, write the new ones (PostgreSQL: one COPY, not counted —
    # it bypasses the cursor wrapper; SQLite: one executemany). The 工号 are resolved once, in
    # the first chunk that names them.
    per_chunk = 1 if connection.vendor == "postgresql" else 2
    assert large - small == 8 * per_chunk
    # The same 1,000 rows again in one chunk: no more queries than 100 rows (every row is
    # unchanged, so nothing is written; on SQLite that is one query fewer, COPY is not counted).
    one_chunk = _count_queries(world, tmp_path, _metric_rows(employees, 10), 5000, "again.csv")
    assert one_chunk <= small if connection.vendor == "postgresql" else one_chunk < small


def test_the_query_count_is_bounded_per_chunk(world, tmp_path, django_assert_max_num_queries):
    employees = _employees(world, 20)
    path = write_csv(tmp_path / "m.csv", _metric_rows(employees, 10))  # 1,000 rows
    # 8 for the import itself, 3 for its ledger entry (lock the chain head, insert, move the head).
    with django_assert_max_num_queries(11):
        report = import_file("metrics", path, company=world.company)
    assert report.created == 1000
