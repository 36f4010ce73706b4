"""The imports read a number cell with the forms' parser (common/numbers.written_decimal): "２，３４５．６０" and
"¥2,345.60" as 2345.60; "2.345,60" refused under its column, where it was read as 2.35 (the comma dropped)."""

from __future__ import annotations


def test_an_import_reads_numbers_as_the_forms_do(world, files):
    from farewell.records.importers import import_file

    number = world.lisi.employee_number
    path = files.csv([["工号", "月份", "基本工资", "应发合计"],
                      [number, "2025-04", "２，３４５．６０", "¥2,345.60"],
                      [number, "2025-05", "2.345,60", "2345.60"]])
    report = import_file("wages", path, company=world.company, user=world.users["hr_admin"])
    assert [(e.row, e.header) for e in report.errors] == [(3, "基本工资")], report.errors
    assert "“2.345,60” 不是数字" in str(report.errors[0])
