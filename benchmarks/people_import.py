"""Benchmark: import a company's people (default 100,000 employees with their contracts) and a
year of their wages (1,200,000 wage months) with `import_file`, as a customer's files go in.

Not run in CI. DESIGN's budgets, on PostgreSQL: employees + contracts of 100,000 people ≤ 60 s;
a wage import ≤ 3× a raw COPY of the same rows into the same table. Against a scratch database
(it deletes and rewrites the benchmark company's people; SQLite works too, without the COPY):

    createdb -h 127.0.0.1 -U root farewell_bench
    DATABASE_URL=postgres://root@127.0.0.1:5432/farewell_bench \\
        .venv/bin/python benchmarks/people_import.py --employees 100000

`--no-wages` stops after the contracts (the employees + contracts budget alone).

It migrates the database, writes the CSV files (the importers' own headers) to a scratch folder,
imports org units, positions, employees, contracts and wages, prints each import's time and rows/s,
then removes the wage rows and times a COPY of exactly those rows (ids resolved) into the same
table, foreign-key checks included (at commit, inside the timing), and prints the ratio.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

EMPLOYEES_BUDGET_SECONDS = 60  # employees + contracts of 100,000 people
COPY_RATIO_BUDGET = 3.0  # wage import ÷ raw COPY
CREDIT_CODE = "91310115BENCHPEO01"  # the benchmark company (not a valid code: never a customer's)
UNITS = 100
MONTHS = 12
REGION = "310115"


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--employees", type=int, default=100_000)
    parser.add_argument("--no-wages", action="store_true", help="only org units, positions, employees, contracts")
    args = parser.parse_args()

    scratch = Path(tempfile.mkdtemp(prefix="farewell-bench-"))
    os.environ.setdefault("FAREWELL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings_test")
    os.environ["DEBUG"] = "false"  # no query log kept in memory
    import django

    django.setup()
    from django.core.management import call_command
    from django.db import connection, transaction

    from farewell.common.identifiers import id_number, luhn_check_digit
    from farewell.org.models import Company, Contract, Employee, OrgUnit, Position, WageMonth
    from farewell.records.importers import import_file
    from farewell.records.tables import write_csv

    call_command("migrate", verbosity=0)
    print(f"database: {connection.vendor} {connection.settings_dict['NAME']}")
    company, _created = Company.objects.get_or_create(
        credit_code=CREDIT_CODE, defaults={"name": "人员导入基准测试公司", "city": "上海"})
    started = time.perf_counter()
    with transaction.atomic():  # an earlier run's people
        people = Employee.objects.filter(company=company)
        WageMonth.objects.filter(employee__in=people).delete()
        Contract.objects.filter(employee__in=people).update(renewal_of=None)
        Contract.objects.filter(employee__in=people).delete()
        OrgUnit.objects.filter(company=company).update(head=None, parent=None)
        people.update(manager=None)
        people.delete()
        OrgUnit.objects.filter(company=company).delete()
        Position.objects.filter(company=company).delete()
    print(f"removed an earlier run's people in {time.perf_counter() - started:.1f}s")

    n = args.employees
    per_unit = -(-n // UNITS)
    numbers = [f"P{i:07d}" for i in range(n)]

    def head(i: int) -> int:
        return i - i % per_unit

    def employees():
        base_birth = dt.date(1970, 1, 1)
        for i, number in enumerate(numbers):
            birth = base_birth + dt.timedelta(days=i % 10_000)
            sequence = i // 10_000 + 1  # ID numbers unique: (birth date, sequence)
            card = f"6222{i:014d}"
            hire = dt.date(2010 + i % 14, 1 + i % 12, 1 + i % 28)
            manager = "" if head(i) == i else numbers[head(i)]
            yield [number, f"员工{i}", id_number(REGION, birth, sequence), card + luhn_check_digit(card),
                   f"139{i:08d}", f"p{i}@bench.example.com", hire, f"U{i // per_unit:03d}", manager,
                   "工程师" if i % 3 else "高级工程师", "劳动合同", "在职"]

    def contracts():
        for i, number in enumerate(numbers):
            hire = dt.date(2010 + i % 14, 1 + i % 12, 1 + i % 28)
            end = hire.replace(year=hire.year + 3) - dt.timedelta(days=1)
            probation = hire + dt.timedelta(days=89)
            yield [number, "固定期限", hire, end, probation, hire]
            if end < dt.date(2025, 1, 1):
                yield [number, "无固定期限", end + dt.timedelta(days=1), "", "", end]

    def wages():
        for i, number in enumerate(numbers):
            base = 8000 + (i % 50) * 200
            for month in range(1, MONTHS + 1):
                bonus = (i * 7 + month * 13) % 3000
                yield [number, f"2025-{month:02d}", base, bonus, 800, 0, base + bonus + 800]

    files = {
        "org_units": (["部门名称", "部门编码", "上级部门编码"],
                      [["总部", "HQ", ""]] + [[f"部门{u}", f"U{u:03d}", "HQ"] for u in range(UNITS)]),
        "positions": (["岗位名称", "职级", "薪档下限", "薪档上限"],
                      [["工程师", "P2", 8000, 20000], ["高级工程师", "P3", 12000, 30000]]),
        "employees": (["工号", "姓名", "身份证号", "银行账号", "手机", "邮箱", "入职日期", "部门", "直接上级工号", "岗位",
                       "用工类型", "状态"], employees()),
        "contracts": (["工号", "合同类型", "起始日", "终止日", "试用期截止", "签订日"], contracts()),
        "wages": (["工号", "月份", "基本工资", "奖金", "津贴补贴", "加班工资", "应发合计"], wages()),
    }
    if args.no_wages:
        del files["wages"]
    started = time.perf_counter()
    paths = {}
    for kind, (headers, rows) in files.items():
        paths[kind] = scratch / f"{kind}.csv"
        write_csv(paths[kind], headers, rows)
    print(f"wrote the files in {time.perf_counter() - started:.1f}s "
          f"({sum(p.stat().st_size for p in paths.values()) / 1e6:.0f} MB)")

    seconds = {}
    for kind, path in paths.items():
        started = time.perf_counter()
        report = import_file(kind, path, company=company)
        seconds[kind] = elapsed = time.perf_counter() - started
        assert report.ok, report.errors[:5]
        print(f"{kind:<10} {elapsed:7.1f}s {report.total:>10,} rows {report.total / elapsed:>10,.0f} rows/s — "
              f"{report.summary()}", flush=True)
    people_seconds = seconds["employees"] + seconds["contracts"]
    verdict = "within" if people_seconds <= EMPLOYEES_BUDGET_SECONDS else "OVER"
    print(f"employees + contracts: {people_seconds:.1f}s (budget {EMPLOYEES_BUDGET_SECONDS}s at 100,000: {verdict})")

    if connection.vendor == "postgresql" and "wages" in seconds:
        # The same rows as the import wrote them, ids resolved; then the yardstick: COPY them into
        # the same (emptied, vacuumed) table, the deferred foreign-key checks at commit included.
        fields = ("employee_id", "month", "base", "bonus", "allowances", "overtime", "total")
        wages_qs = WageMonth.objects.filter(employee__company=company)
        values = list(wages_qs.values_list(*fields))
        wages_qs.delete()
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE org_wagemonth")
        started = time.perf_counter()
        with transaction.atomic(), connection.cursor() as cursor, cursor.copy(
                f"COPY org_wagemonth ({', '.join(fields)}) FROM STDIN") as copy:
            for row in values:
                copy.write_row(row)
        elapsed = time.perf_counter() - started
        ratio = seconds["wages"] / elapsed
        print(f"raw COPY of the same {len(values):,} wage months: {elapsed:.1f}s, {len(values) / elapsed:,.0f} rows/s")
        verdict = "within" if ratio <= COPY_RATIO_BUDGET else "OVER"
        print(f"wage import ÷ raw COPY: {ratio:.2f}× (budget {COPY_RATIO_BUDGET}×: {verdict})")
    shutil.rmtree(scratch, ignore_errors=True)  # the generated CSVs
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
