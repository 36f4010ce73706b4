"""Benchmark: a year's turnover report for a company of 100,000 employees (DESIGN budget ≤ 1 s).

Not run in CI. Against a scratch PostgreSQL database (or SQLite, a scratch file):

    createdb -h 127.0.0.1 farewell_bench_exits
    DATABASE_URL=postgres://root@127.0.0.1:5432/farewell_bench_exits .venv/bin/python benchmarks/exits_report.py

It migrates the database, generates (bulk, directly: this measures the report, not the services)
a company of --employees people in 20 departments × 10 teams and 50 positions, hired 2012–2026,
of whom --leavers left 2021–2026 with a departure record (kind, regrettable, stated and verified
reasons, settlement); then times the report (report.build + the reason clusters, as the page runs
them) for the year 2026 by unit, position and tenure band and for one quarter, each the median of
5 runs, the whole page through the test client, and beside them the SQL floor: the same headcount
and leaver aggregates as two hand-written GROUP BY queries in the same run.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--leavers", type=int, default=15_000)
    parser.add_argument("--keep", action="store_true", help="reuse an already generated company")
    parser.add_argument("--ssd", action="store_true",
                        help="SET random_page_cost = 1.1 (the usual SSD setting): the planner then reads the "
                             "headcount from org's employee_headcount_idx alone (an index-only scan)")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="farewell-bench-"))
    os.environ.setdefault("FAREWELL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings_test")
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection
    from django.test import Client

    from farewell.accounts.models import Role, RoleGrant, User
    from farewell.exits import report
    from farewell.exits.models import Departure, ExitReason, Kind, Rehire
    from farewell.org.models import Company, Employee, EmployeeStatus, OrgUnit, Position
    from farewell.org.signals import company_set_up

    call_command("migrate", verbosity=0)
    rng = random.Random(17)
    company = Company.objects.filter(credit_code="91310000BENCHEXIT1").first()
    if company is None or not args.keep:
        Departure.objects.all().delete()
        Employee.objects.all().update(manager=None)
        OrgUnit.objects.all().update(head=None)
        RoleGrant.objects.all().delete()
        User.objects.filter(username="bench_hr").delete()
        Employee.objects.all().delete()
        OrgUnit.objects.filter(parent__isnull=False).delete()
        OrgUnit.objects.all().delete()
        Position.objects.all().delete()
        Company.objects.all().delete()
        started = time.perf_counter()
        company = Company.objects.create(name="基准公司", credit_code="91310000BENCHEXIT1", city="上海")
        company_set_up(company)  # its own reasons and questions
        root = OrgUnit.objects.create(company=company, name="总部", code="R", path="0001.", depth=0)
        units = []
        for d in range(20):
            dept = OrgUnit.objects.create(company=company, parent=root, name=f"事业部{d}", code=f"D{d}",
                                          path=f"0001.{d + 1:04d}.", depth=1)
            units += [OrgUnit.objects.create(company=company, parent=dept, name=f"事业部{d}-组{t}", code=f"D{d}T{t}",
                                             path=f"{dept.path}{t + 1:04d}.", depth=2) for t in range(10)]
        positions = [Position.objects.create(company=company, name=f"岗位{p}", grade=f"P{p % 8 + 1}",
                                             wage_min=Decimal(6000 + 500 * p), wage_max=Decimal(12000 + 800 * p))
                     for p in range(50)]
        people = []
        leaving = set(rng.sample(range(args.employees), args.leavers))
        for i in range(args.employees):
            hire = dt.date(2012, 1, 1) + dt.timedelta(days=rng.randrange(0, 365 * 14))
            separation = None
            if i in leaving:
                first = max(hire + dt.timedelta(days=30), dt.date(2021, 1, 1))
                separation = first + dt.timedelta(days=rng.randrange(0, max(1, (dt.date(2026, 12, 31) - first).days)))
            people.append(Employee(
                company=company, employee_number=f"B{i:07d}", name=f"员工{i}", gender="male",
                birth_date=dt.date(1980, 1, 1) + dt.timedelta(days=i % 7000), hire_date=hire,
                org_unit=rng.choice(units), position=rng.choice(positions),
                status=EmployeeStatus.SEPARATED if separation else EmployeeStatus.ACTIVE, separation_date=separation))
        Employee.objects.bulk_create(people, batch_size=5000)
        reasons = list(ExitReason.objects.filter(company=company))
        rows = []
        for person in Employee.objects.filter(company=company, separation_date__isnull=False).select_related(
                "position").iterator(chunk_size=5000):
            stated = rng.choice(reasons)
            months = (person.separation_date.year - person.hire_date.year) * 12 + (
                person.separation_date.month - person.hire_date.month)
            rows.append(Departure(
                company=company, employee=person, separation_date=person.separation_date,
                org_unit_id=person.org_unit_id, position=person.position, grade=person.position.grade,
                hire_date=person.hire_date, tenure_months=max(0, months),
                kind=rng.choice([Kind.VOLUNTARY, Kind.VOLUNTARY, Kind.INVOLUNTARY]),
                regrettable=rng.choice([True, False, None]), settlement=Decimal(rng.randrange(0, 80000)),
                rehire_proposal=Rehire.ELIGIBLE, stated_reason=stated,
                verified_reason=stated if rng.random() < 0.6 else rng.choice(reasons)))
        Departure.objects.bulk_create(rows, batch_size=5000)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                cursor.execute("VACUUM ANALYZE")  # what autovacuum does after a load: index-only scans
        print(f"generated {args.employees} employees, {len(rows)} departures in {time.perf_counter() - started:.1f} s")

    if args.ssd and connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET random_page_cost = 1.1")
    scope = report.Scope(company.pk, None)
    year = report.period_for("year", 2026)
    quarter = report.period_for("quarter", 2026, 2)

    def timed(label, fn, runs=5):
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            fn()
            times.append(time.perf_counter() - started)
        print(f"{label:<44} median {statistics.median(times) * 1000:8.1f} ms   (min {min(times) * 1000:.1f})")
        return statistics.median(times)

    results = {}
    for dimension in ("unit", "position", "tenure"):
        results[dimension] = timed(f"year 2026 by {dimension} (build + clusters)", lambda d=dimension: (
            report.build(scope, year, "year", d), report.clusters(scope, year)))
    timed("2026 Q2 by unit (build + clusters)", lambda: (report.build(scope, quarter, "quarter", "unit"),
                                                         report.clusters(scope, quarter)))

    user, _created = User.objects.get_or_create(username="bench_hr")
    RoleGrant.objects.get_or_create(user=user, role=Role.HR_ADMIN, company=company)
    from django.conf import settings

    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    client = Client()
    client.force_login(user)
    def page():
        response = client.get("/exits/report/?granularity=year&year=2026&dimension=unit")
        assert response.status_code == 200, response.status_code

    timed("the page (HTTP, year by unit)", page)

    table_e, table_d = Employee._meta.db_table, Departure._meta.db_table
    floor_sql = [
        (f"SELECT org_unit_id, "
         f"COUNT(*) FILTER (WHERE hire_date <= %s AND (separation_date IS NULL OR separation_date >= %s)), "
         f"COUNT(*) FILTER (WHERE hire_date <= %s AND (separation_date IS NULL OR separation_date >= %s)) "
         f"FROM {table_e} WHERE company_id = %s GROUP BY org_unit_id",
         [year.start, year.start, year.end, year.end, company.pk]),
        (f"SELECT org_unit_id, COUNT(*), COUNT(*) FILTER (WHERE kind = 'voluntary') FROM {table_d} "
         f"WHERE company_id = %s AND separation_date BETWEEN %s AND %s GROUP BY org_unit_id",
         [company.pk, year.start, year.end]),
    ]
    if connection.vendor != "postgresql":
        print("SQL floor: PostgreSQL only (FILTER)")
        return 0

    def floor():
        with connection.cursor() as cursor:
            for sql, params in floor_sql:
                cursor.execute(sql, params)
                cursor.fetchall()

    floor_time = timed("SQL floor (2 GROUP BY queries, by unit)", floor)
    print(f"report by unit / SQL floor: {results['unit'] / floor_time:.1f}×; budget 1 s: "
          f"{'met' if max(results.values()) <= 1 else 'NOT met'}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
