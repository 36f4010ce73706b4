"""Benchmark: import a generated metric CSV (default 200,000 rows) and re-import it unchanged.

Not run in CI. Against SQLite (a scratch file) or PostgreSQL (a scratch database):

    .venv/bin/python benchmarks/import_metrics.py --rows 200000
    createdb -h 127.0.0.1 farewell_bench
    DATABASE_URL=postgres://root@127.0.0.1:5432/farewell_bench .venv/bin/python benchmarks/import_metrics.py

It migrates the database, creates a company with rows/(months × metrics) employees, writes the
CSV, imports it (all new rows), imports it again (all unchanged), and prints rows/s. On
PostgreSQL it also times a raw COPY of the same rows into a copy of the table, the DESIGN budget's
yardstick (import ≤ 3× COPY): once into an indexed copy without foreign keys (LIKE ... INCLUDING
ALL), once with the table's two foreign keys, whose per-row checks the import cannot skip.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

METRICS = ["late_count", "early_leave_count", "absent_days", "leave_days", "overtime_hours",
           "tickets_done", "customer_complaints", "job_posting_views", "non_work_app_minutes", "sales_amount"]
MONTHS = 20


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=200_000)
    parser.add_argument("--chunk-size", type=int, default=None)
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="farewell-bench-"))
    os.environ.setdefault("FAREWELL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from farewell.insights.services import recompute_flags
    from farewell.org.models import Company, Employee, OrgUnit
    from farewell.org.signals import company_set_up
    from farewell.records.importers import import_file
    from farewell.records.models import MetricValue

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    MetricValue.objects.all().delete()
    company, _ = Company.objects.get_or_create(credit_code="91310000BENCH00001",
                                               defaults={"name": "基准测试公司", "city": "上海"})
    company_set_up(company)  # its flag rules (without them the recompute below would time nothing)
    unit, _ = OrgUnit.objects.get_or_create(company=company, code="BENCH", defaults={"name": "总部", "path": "9999."})
    employees = args.rows // (MONTHS * len(METRICS))
    Employee.objects.bulk_create(
        [Employee(company=company, employee_number=f"B{n:07d}", name=f"员工{n}", gender="male",
                  birth_date=dt.date(1990, 1, 1), hire_date=dt.date(2020, 1, 1), org_unit=unit)
         for n in range(employees)],
        ignore_conflicts=True, batch_size=2000,
    )
    path = scratch / "metrics.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.writer(fh)
        writer.writerow(["工号", "指标", "周期", "数值"])
        for month in range(MONTHS):
            period = f"{2024 + month // 12}-{month % 12 + 1:02d}"
            for n in range(employees):
                for i, metric in enumerate(METRICS):
                    writer.writerow([f"B{n:07d}", metric, period, (n * 7 + month * 3 + i) % 40])
    rows = employees * MONTHS * len(METRICS)
    print(f"{rows:,} rows, {employees:,} employees, {path.stat().st_size / 1e6:.1f} MB")

    first = 0.0
    for label in ("first import (all new)", "re-import (all unchanged)"):
        # The import alone (its ANALYZE included); the flag recompute it would schedule is timed apart.
        started = time.perf_counter()
        report = import_file("metrics", path, company=company, chunk_size=args.chunk_size, recompute_flags=False)
        elapsed = time.perf_counter() - started
        assert report.ok, report.errors[:5]
        print(f"{label}: {elapsed:.1f} s, {rows / elapsed:,.0f} rows/s — {report.summary()}", flush=True)
        first = elapsed if label.startswith("first") else first
    started = time.perf_counter()
    recomputed = recompute_flags(company)
    recompute = time.perf_counter() - started
    rules = len(recomputed["by_rule"])
    print(f"flag recompute alone ({employees:,} employees, {rules} rules, {recomputed['flags']:,} flags): "
          f"{recompute:.1f} s", flush=True)

    seconds: dict[str, float] = {}
    if connection.vendor == "postgresql":
        # Read first: no other query may run on the connection while a COPY is open.
        values = list(MetricValue.objects.values_list(
            "employee_id", "metric_id", "period_kind", "period_start", "value"))
        # The budget's yardstick: an indexed copy of the table (LIKE ... INCLUDING ALL copies the
        # indexes, not the foreign keys); and the same with the table's two foreign keys, whose
        # per-row checks an import into the real table cannot skip.
        for label, foreign_keys in (("indexed copy of the table", False), ("same, with its foreign keys", True)):
            with connection.cursor() as cursor:
                cursor.execute("DROP TABLE IF EXISTS bench_copy")
                cursor.execute("CREATE TABLE bench_copy (LIKE records_metricvalue INCLUDING ALL)")
                if foreign_keys:
                    cursor.execute(
                        "ALTER TABLE bench_copy ADD FOREIGN KEY (employee_id) REFERENCES org_employee (id)"
                        " DEFERRABLE INITIALLY DEFERRED, ADD FOREIGN KEY (metric_id) REFERENCES records_metric (id)"
                        " DEFERRABLE INITIALLY DEFERRED"
                    )
                started = time.perf_counter()
                with transaction.atomic():  # deferred checks run at commit: inside the timing
                    with connection.cursor() as inner, inner.copy(
                        "COPY bench_copy (employee_id, metric_id, period_kind, period_start, value) FROM STDIN"
                    ) as copy:
                        for row in values:
                            copy.write_row(row)
                seconds[label] = elapsed = time.perf_counter() - started
                print(f"raw COPY of the same rows into an {label}: {elapsed:.1f} s, "
                      f"{rows / elapsed:,.0f} rows/s", flush=True)
                cursor.execute("DROP TABLE bench_copy")
        for label, elapsed in seconds.items():
            print(f"first import ÷ raw COPY ({label}): {first / elapsed:.2f}×")
    print(json.dumps({"rows": rows, "employees": employees, "database": connection.vendor,
                      "import_s": round(first, 2), "recompute_s": round(recompute, 2),
                      "rules": rules,
                      "copy_s": {k: round(v, 2) for k, v in seconds.items()} if connection.vendor == "postgresql"
                      else None}))
    shutil.rmtree(scratch, ignore_errors=True)  # the generated CSV
    return 0


if __name__ == "__main__":
    sys.exit(main())
