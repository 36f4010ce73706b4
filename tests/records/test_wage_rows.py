"""The wages kind's specialised row pipeline says and writes the same things as the generic one."""

from __future__ import annotations

import dataclasses
import datetime as dt
import json
from decimal import Decimal

import pytest
from django.db import connection

from farewell.ledger.models import LedgerEntry
from farewell.org.models import Employee, WageMonth
from farewell.org.signals import employee_facts_changed
from farewell.records import wage_rows
from farewell.records.importers import CONCURRENT_WRITE, SPECS, import_file, run_import
from farewell.records.tables import open_table

HEADER = ["工号", "月份", "基本工资", "奖金", "津贴补贴", "加班工资", "应发合计"]
PRELOAD = pytest.mark.parametrize("preload", [False, True], ids=["per-chunk", "preloaded"])


def _wages(employee) -> dict:
    return {w.month: (w.base, w.bonus, w.allowances, w.overtime, w.total)
            for w in WageMonth.objects.filter(employee=employee)}


def _generic(path, company, **kw):
    """The same file through the employee-keyed upsert of importers.py (the path wages took before)."""
    spec = dataclasses.replace(SPECS["wages"], runner=None)
    with open_table(path) as table:
        return run_import(spec, table, company=company, **kw)


@PRELOAD
def test_the_same_raw_cell_in_two_rows_and_two_columns_reads_alike(world, files, monkeypatch, preload):
    monkeypatch.setattr(wage_rows, "PRELOAD_ROWS", 0 if preload else 10**9)
    n, m = world.lisi.employee_number, world.chenqi.employee_number
    rows = [HEADER,
            [n, "2025-03", "１５，０００．００", "2000", "2000", "", ""],
            [m, "2025-03", "１５，０００．００", "2000", "2000", "", ""],  # every cell known: the cached path
            [n, "2025年4月", "2000", "１５，０００．００", "", "0", "20000"],  # the same cells in other columns
            [],
            [f" {n} ", "202505", "2000", "", "", "", ""]]
    report = import_file("wages", files.csv(rows), company=world.company, chunk_size=2)
    assert report.errors == [] and (report.total, report.created) == (4, 4)
    assert _wages(world.lisi) == {
        dt.date(2025, 3, 1): (15000, 2000, 2000, 0, 19000),
        dt.date(2025, 4, 1): (2000, 15000, 0, 0, 20000),
        dt.date(2025, 5, 1): (2000, 0, 0, 0, 2000),
    }
    assert _wages(world.chenqi) == {dt.date(2025, 3, 1): (15000, 2000, 2000, 0, 19000)}
    again = import_file("wages", files.csv(rows, "again.csv"), company=world.company, chunk_size=2)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 4)


@PRELOAD
def test_a_bad_cell_after_a_cached_good_one_still_errors_with_row_and_field(world, files, monkeypatch, preload):
    monkeypatch.setattr(wage_rows, "PRELOAD_ROWS", 0 if preload else 10**9)
    n = world.lisi.employee_number
    future = (dt.date.today().replace(day=1) + dt.timedelta(days=32)).strftime("%Y-%m")
    rows = [HEADER,
            [n, "2025-01", "100", "100", "", "", "300"],
            [n, "2025-02", "100", "abc", "", "", "300"],  # 基本工资 and 月份 known, 奖金 not a number
            [n, "2025-03", "100", "100", "", "", "150"],  # all cells known: the total smaller than its parts
            [n, "2025-04", "", "", "", "", ""],  # no amount at all
            [n, future, "100", "", "", "", ""],
            [n, "2025-13", "100", "", "", "", ""],
            ["NOPE", "2025-05", "100", "", "", "", ""],
            [n, "2025年1月", "100", "", "", "", ""],  # the same month as row 2, another form
            ["", "2025-06", "100", "", "", "", ""],
            [n, "2025-07", "-1", "", "", "", ""],
            [n, "2025-08", "1000", "200", "0", "0", "150"]]  # every part given: the common row's check
    expected = [
        "第 3 行 · 奖金：“abc” 不是数字",
        "第 4 行 · 应发合计：小于各项之和 200.00",
        "第 5 行 · 应发合计：应发合计和工资项目至少填一项",
        f"第 6 行 · 月份：“{future}” 在未来",
        "第 7 行 · 月份：“2025-13” 不是有效月份（例如 2025-03）",
        "第 8 行 · 工号：工号不存在或不在您的权限范围内",
        "第 9 行 · 工号+月份：与第 2 行重复",
        "第 10 行 · 工号：必填",
        "第 11 行 · 基本工资：“-1” 超出范围 0–1000000000",
        "第 12 行 · 应发合计：小于各项之和 1,200.00",  # grouped as the pages print amounts
    ]
    report = import_file("wages", files.csv(rows), company=world.company, chunk_size=3)
    assert report.errors == expected
    assert report.errors == _generic(files.csv(rows, "generic.csv"), world.company).errors
    assert not WageMonth.objects.exists()


def test_xlsx_numbers_and_dates_are_cells_like_any_other(world, files):
    n = world.lisi.employee_number
    rows = [HEADER,
            [n, dt.datetime(2025, 1, 15), 15000, 2000.5, 1, 0, None],
            [n, 202502, 15000.0, "2000.5", 1, 0, None],  # the same values as text and as other numbers
            [n, dt.date(2025, 3, 1), 15000, 2000.5, 1, 0, 17001.5],
            [n, "2025-04", 15000, 2000.5, True, 0, None]]  # True is not 1 (a cached 1 above)
    report = import_file("wages", files.xlsx(rows), company=world.company)
    assert report.errors == ["第 5 行 · 津贴补贴：“True” 不是数字"]
    rows.pop()
    report = import_file("wages", files.xlsx(rows, "ok.xlsx"), company=world.company)
    assert report.errors == [] and report.created == 3
    assert set(_wages(world.lisi).values()) == {(15000, Decimal("2000.50"), 1, 0, Decimal("17001.50"))}
    assert set(_wages(world.lisi)) == {dt.date(2025, 1, 1), dt.date(2025, 2, 1), dt.date(2025, 3, 1)}


@PRELOAD
def test_a_wage_row_outside_the_importing_users_scope_is_refused(world, files, monkeypatch, preload):
    monkeypatch.setattr(wage_rows, "PRELOAD_ROWS", 0 if preload else 10**9)
    rows = [HEADER, [world.lisi.employee_number, "2025-03", "100", "", "", "", ""],
            [world.chenqi.employee_number, "2025-03", "100", "", "", "", ""]]  # R&D: not the sales HRBP's
    report = import_file("wages", files.csv(rows), company=world.company, user=world.users["hrbp_sales"])
    assert report.errors == ["第 3 行 · 工号：工号不存在或不在您的权限范围内"]
    report = import_file("wages", files.csv(rows[:2], "mine.csv"), company=world.company,
                         user=world.users["hrbp_sales"])
    assert report.ok and report.created == 1


def test_an_update_writes_only_the_mapped_columns_and_puts_the_old_values_on_the_ledger_first(
        world, files, django_capture_on_commit_callbacks):
    n, m = world.lisi.employee_number, world.chenqi.employee_number
    rows = [HEADER, [n, "2025-03", "15000", "2000", "800", "0", ""], [m, "2025-03", "9000", "0", "0", "0", ""]]
    assert import_file("wages", files.csv(rows), company=world.company).created == 2
    changed: list = []

    def receiver(sender, employee_ids, **kw):
        changed.extend(employee_ids)

    employee_facts_changed.connect(receiver)
    try:
        rows = [["工号", "月份", "奖金", "应发合计"], [n, "2025-03", "3000", ""], [m, "2025-03", "0", "9000"]]
        with django_capture_on_commit_callbacks(execute=True):
            report = import_file("wages", files.csv(rows, "bonus.csv"), company=world.company,
                                 user=world.users["hr_admin"])
    finally:
        employee_facts_changed.disconnect(receiver)
    assert (report.updated, report.unchanged) == (1, 1)
    # 基本工资 and 津贴补贴 were not in the file: left as they were; the total follows the file's parts.
    assert _wages(world.lisi) == {dt.date(2025, 3, 1): (15000, 3000, 800, 0, 3000)}
    assert changed == [world.lisi.pk]  # chenqi's wages did not change: his open cases need not re-run
    entry = LedgerEntry.objects.get(object_type="org.wagemonth", event="fact_changed")
    assert entry.object_id == str(WageMonth.objects.get(employee=world.lisi).pk)
    payload = json.loads(entry.payload)
    assert (payload["before"], payload["after"]) == ({"bonus": "2000.00", "total": "17800.00"},
                                                     {"bonus": "3000.00", "total": "3000.00"})
    assert payload["row"] == 2 and payload["actor"] == "hradmin"


def test_new_wages_re_run_the_open_cases_of_those_employees(world, files, django_capture_on_commit_callbacks):
    changed: list = []

    def receiver(sender, employee_ids, **kw):
        changed.extend(employee_ids)

    employee_facts_changed.connect(receiver)
    try:
        rows = [HEADER, [world.lisi.employee_number, "2025-03", "100", "", "", "", ""],
                [world.lisi.employee_number, "2025-04", "100", "", "", "", ""]]
        with django_capture_on_commit_callbacks(execute=True):
            assert import_file("wages", files.csv(rows), company=world.company).created == 2
    finally:
        employee_facts_changed.disconnect(receiver)
    assert changed == [world.lisi.pk]


def test_it_writes_and_puts_on_the_ledger_what_the_generic_path_did(world, files):
    n, m = world.lisi.employee_number, world.chenqi.employee_number
    first = [HEADER, [n, "2025-01", "100", "", "5", "", ""], [m, "2025-01", "1,000", "10", "", "", "2000"]]
    second = [HEADER, [n, "2025-01", "100", "", "", "", ""], [m, "2025-01", "1,000", "20", "", "", "2000"],
              [m, "2025-02", "1", "", "", "", ""]]
    outcomes = []
    for run in ("fast", "generic"):
        WageMonth.objects.all().delete()
        for i, rows in enumerate((first, second)):
            path = files.csv(rows, f"{run}{i}.csv")
            report = (import_file("wages", path, company=world.company) if run == "fast"
                      else _generic(path, company=world.company))
            assert report.ok, report.errors
        entries = LedgerEntry.objects.filter(object_type="org.wagemonth", event="fact_changed").order_by("seq")
        ledger = [{k: v for k, v in json.loads(e.payload).items() if k != "import_job"} for e in entries]
        outcomes.append((report.as_dict(), _wages(world.lisi), _wages(world.chenqi), ledger[-2:]))
    assert outcomes[0] == outcomes[1]


@PRELOAD
def test_thirty_thousand_wage_months_import_update_and_re_import(world, files, monkeypatch, preload):
    """Through the COPY on PostgreSQL (DATABASE_URL), the upsert on SQLite; several chunks."""
    monkeypatch.setattr(wage_rows, "PRELOAD_ROWS", 0 if preload else 10**9)
    Employee.objects.bulk_create([
        Employee(company=world.company, employee_number=f"W{i:05d}", name=f"员工{i}", gender="male",
                 birth_date=dt.date(1990, 1, 1), hire_date=dt.date(2020, 1, 1), org_unit=world.sales)
        for i in range(2500)
    ])
    rows = [HEADER] + [[f"W{i:05d}", f"2024-{month:02d}", 8000 + i % 50 * 100, (i * 7 + month) % 3000, 800, 0, ""]
                       for i in range(2500) for month in range(1, 13)]
    report = import_file("wages", files.csv(rows), company=world.company, chunk_size=7000)
    assert report.errors == [] and (report.total, report.created) == (30_000, 30_000)
    assert WageMonth.objects.filter(employee__company=world.company).count() == 30_000
    w = WageMonth.objects.get(employee__employee_number="W00007", month=dt.date(2024, 5, 1))
    assert (w.base, w.bonus, w.total) == (8700, 54, 8700 + 54 + 800)

    for row in rows[1:101]:
        row[3] += 1  # 100 changed bonuses
    rows += [[f"W{i:05d}", "2025-01", 9000, 0, 0, 0, 9000] for i in range(2500)]  # and a new month
    report = import_file("wages", files.csv(rows, "more.csv"), company=world.company, chunk_size=7000)
    assert report.errors == []
    assert (report.created, report.updated, report.unchanged) == (2500, 100, 29_900)
    assert WageMonth.objects.filter(employee__company=world.company).count() == 32_500
    w = WageMonth.objects.get(employee__employee_number="W00000", month=dt.date(2024, 1, 1))
    assert (w.bonus, w.total) == (2, 8000 + 2 + 800)
    assert LedgerEntry.objects.filter(object_type="org.wagemonth", event="fact_changed").count() == 100

    again = import_file("wages", files.csv(rows, "again.csv"), company=world.company, chunk_size=7000)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 32_500)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="the COPY path: PostgreSQL only")
def test_a_writer_that_inserts_the_same_key_meanwhile_is_reported_and_nothing_is_written(world, files, monkeypatch):
    read = wage_rows._with_wages

    def read_then_someone_writes(employees, postgres):  # who had wages: nobody, so no months are read back
        found = read(employees, postgres)
        WageMonth.objects.create(employee=world.lisi, month=dt.date(2025, 3, 1), total=1)
        return found

    monkeypatch.setattr(wage_rows, "_with_wages", read_then_someone_writes)
    rows = [HEADER, [world.lisi.employee_number, "2025-03", "100", "", "", "", ""]]
    report = import_file("wages", files.csv(rows), company=world.company)
    assert report.errors == [str(CONCURRENT_WRITE)] and not report.committed
    assert not WageMonth.objects.exists()
