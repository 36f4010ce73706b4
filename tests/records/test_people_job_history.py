"""The people importers record job history in bulk: manager and position changes of people already
on file (also when the new manager is a new row), and grade changes of a re-graded position."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.org.models import Employee, JobChange, JobChangeKind
from farewell.records.importers import import_file
from tests.factories import make_company

UNITS = [["部门路径", "部门编码"], ["总部", "HQ"], ["总部/销售部", "SALES"]]
POSITIONS = [["岗位名称", "职级", "薪档下限", "薪档上限"], ["销售代表", "S1", "7000", "13000"],
             ["高级销售代表", "S2", "12000", "20000"], ["销售主管", "M1", "15000", "24000"]]
HEADER = ["工号", "姓名", "性别", "出生日期", "入职日期", "部门", "直接上级工号", "岗位"]


def person(number, manager, position):
    return [number, f"员工{number}", "男", "1990-01-01", "2020-03-01", "总部/销售部", manager, position]


def load(files, company, rows, name):
    report = import_file("employees", files.csv([HEADER, *rows], name), company=company)
    assert report.ok, report.errors
    return report


def test_an_import_records_manager_and_position_changes_in_bulk(db, files):
    company = make_company()
    assert import_file("org_units", files.csv(UNITS, "u.csv"), company=company).ok
    assert import_file("positions", files.csv(POSITIONS, "p.csv"), company=company).ok
    load(files, company, [person("E1", "", "销售主管"), person("E2", "E1", "销售代表"), person("E3", "E1", "销售代表"),
                 person("E4", "E1", "高级销售代表")], "a.csv")
    assert not JobChange.objects.exists()  # new people: no change
    many = [person(f"N{i}", "E1", "销售代表") for i in range(30)]
    load(files, company, [person("E1", "", "销售主管"), person("E2", "E3", "高级销售代表"), person("E3", "E1", "销售代表"),
                 person("E4", "E9", "销售主管"), person("E9", "E1", "销售主管"), *many], "b.csv")
    e2, e4 = Employee.objects.get(employee_number="E2"), Employee.objects.get(employee_number="E4")
    rows = {(c.employee.employee_number, c.kind): c for c in JobChange.objects.select_related("employee")}
    assert set(rows) == {("E2", "manager"), ("E2", "position"), ("E4", "manager"), ("E4", "position")}
    assert rows["E2", "manager"].new_manager.employee_number == "E3" and rows["E2", "position"].promotion
    assert rows["E4", "manager"].new_manager.employee_number == "E9"  # a manager who is a new row too
    assert rows["E4", "position"].promotion and (rows["E4", "position"].old_grade, rows["E4", "position"].new_grade) \
        == ("S2", "M1")  # another ladder, a higher band
    assert {c.source for c in rows.values()} == {"import"} and e2.manager.employee_number == "E3"
    assert e4.position.name == "销售主管"

    # The same file again: nothing changed, nothing recorded; the inserts are one statement per 2,000 rows.
    load(files, company, [person("E1", "", "销售主管"), person("E2", "E3", "高级销售代表")], "c.csv")
    assert JobChange.objects.count() == 4
    moved = [person(f"N{i}", "E2", "高级销售代表") for i in range(30)]
    with CaptureQueriesContext(connection) as queries:
        load(files, company, moved, "d.csv")
    # SQLite: one executemany INSERT; PostgreSQL: one COPY (which the query log does not list).
    writes = [q for q in queries.captured_queries if '"org_jobchange"' in q["sql"] and "INSERT" in q["sql"]]
    assert len(writes) <= 1 and JobChange.objects.filter(employee__employee_number__startswith="N").count() == 60


def test_a_positions_import_that_re_grades_records_each_holders_grade(db, files):
    company = make_company()
    assert import_file("org_units", files.csv(UNITS, "u.csv"), company=company).ok
    assert import_file("positions", files.csv(POSITIONS, "p.csv"), company=company).ok
    load(files, company, [person("E1", "", "销售代表"), person("E2", "", "销售代表")], "a.csv")
    regraded = [POSITIONS[0], ["销售代表", "S2", "7000", "13000"], *POSITIONS[2:]]
    assert import_file("positions", files.csv(regraded, "p2.csv"), company=company).ok
    rows = JobChange.objects.filter(kind=JobChangeKind.GRADE)
    assert rows.count() == 2 and all(r.promotion and r.new_grade == "S2" for r in rows)
