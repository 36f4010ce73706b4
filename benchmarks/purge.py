"""Benchmark: the retention purge of N former employees (default 5,000), and the ledger verify after it.

Not run in CI. Against SQLite (a scratch file) or PostgreSQL (a scratch database):

    .venv/bin/python benchmarks/purge.py --people 5000
    DATABASE_URL=postgres://root@127.0.0.1:5432/farewell_bench .venv/bin/python benchmarks/purge.py

It migrates the database, creates a company with N people who left 40 months ago, each with an
ID and bank number and one protected period recorded in the ledger, then times the dry run
(`retention.plan`), the purge (rows removed, N ledger entries emptied, one purge entry) and
`ledger verify` before and after. Prints one JSON object.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--people", type=int, default=5000)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="farewell-bench-"))
    os.environ.setdefault("FAREWELL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings_test")
    os.environ.setdefault("DATABASE_URL", f"sqlite:///{scratch / 'bench.sqlite3'}")
    import django

    django.setup()
    from dateutil.relativedelta import relativedelta
    from django.core.management import call_command
    from django.db import connection, transaction

    from farewell.common.fields import blind_index, encrypt_text
    from farewell.ledger.services import record, verify
    from farewell.org.models import Company, Employee, OrgUnit, StatusPeriod
    from farewell.privacy import retention

    call_command("migrate", verbosity=0)
    today = dt.date(2030, 6, 1)
    left = today - relativedelta(months=40)
    company = Company.objects.create(name="基准公司", credit_code=f"BENCH{time.time_ns() % 10**13:013d}", city="上海")
    unit = OrgUnit.objects.create(company=company, name="总部", code="HQ", path="0001.")
    secret = encrypt_text("110101199003071234")
    bank = encrypt_text("6222020200112233445")
    with transaction.atomic():
        Employee.objects.bulk_create([
            Employee(company=company, employee_number=f"E{n:06d}", name=f"员工{n}", gender="female",
                     birth_date=dt.date(1990, 1, 1), hire_date=dt.date(2015, 1, 1), org_unit=unit,
                     status="separated", separation_date=left, id_number=secret,
                     id_number_index=blind_index("110101199003071234"), bank_account=bank)
            for n in range(args.people)], batch_size=2000)
        ids = list(Employee.objects.filter(company=company).values_list("pk", flat=True))
        StatusPeriod.objects.bulk_create([
            StatusPeriod(employee_id=pk, kind="medical_period", notes="", start_date=dt.date(2020, 1, 1),
                         end_date=dt.date(2020, 6, 30)) for pk in ids], batch_size=2000)
        for pk, period in StatusPeriod.objects.filter(employee__company=company).values_list("employee_id", "pk"):
            record("org.statusperiod", period, {"employee": pk, "start_date": "2020-01-01"}, actor=None,
                   event="status_period_started")
    timings = {}
    start = time.perf_counter()
    assert verify().ok
    timings["verify_before_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    planned = retention.plan(today)
    timings["dry_run_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    result = retention.purge(today)
    timings["purge_s"] = round(time.perf_counter() - start, 2)
    start = time.perf_counter()
    outcome = verify()
    timings["verify_after_s"] = round(time.perf_counter() - start, 2)
    print(json.dumps({
        "database": connection.vendor, "people": args.people, "items": len(planned.items),
        "purged": len(result.items), "ledger_entries_emptied": result.redacted, "verify_ok": outcome.ok,
        "load_average": os.getloadavg()[0], **timings,
    }, ensure_ascii=False))
    return 0 if outcome.ok else 1


if __name__ == "__main__":
    sys.exit(main())
