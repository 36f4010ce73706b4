"""A row with several mistakes lists all of them at once, each under its column — not the first
one, then the next after HR fixed it and uploaded again."""

from __future__ import annotations

from farewell.common.models import Job
from farewell.org.models import Contract, Employee
from farewell.records import models as m
from farewell.records.importers import import_file


def _errors_of_row(errors, row: int) -> dict[str, str]:
    found = {}
    for error in errors:
        if getattr(error, "row", None) == row:
            found[error.header] = error.message
    return found


def test_an_employee_row_with_an_unknown_unit_and_a_bad_date_reports_both(client, world, files):
    client.force_login(world.users["hr_admin"])
    path = files.csv([["工号", "姓名", "性别", "出生日期", "入职日期", "部门", "岗位"],
                      ["E8801", "孙九", "男", "1991-01-01", "2024-01-02", "总部/销售部", ""],
                      ["E8802", "周十", "男", "1990-13-45", "2024-01-02", "总部/不存在部", "不存在的岗位"]])
    with open(path, "rb") as fh:
        client.post("/records/import/", {"kind": "employees", "file": fh})
    job = Job.objects.get()
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    html = client.post(f"/records/import/{job.code}/confirm/", post, follow=True).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "第 3 行 · 出生日期：“1990-13-45” 不是有效日期" in html
    assert "第 3 行 · 部门：部门路径“总部/不存在部”不存在" in html
    assert "第 3 行 · 岗位：岗位“不存在的岗位”不存在" in html
    assert "1 行有错误" in html  # one bad row, three errors
    assert not Employee.objects.filter(employee_number__startswith="E88").exists()


def test_a_new_employee_with_a_bad_date_is_not_also_told_the_date_is_missing(world, files):
    path = files.csv([["工号", "姓名", "性别", "出生日期", "入职日期", "部门"],
                      ["E8802", "周十", "男", "1990-01-01", "2024-99-99", "总部/不存在部"]])
    report = import_file("employees", path, company=world.company, user=world.users["hr_admin"])
    row = _errors_of_row(report.errors, 2)
    assert set(row) == {"入职日期", "部门"}, report.errors


def test_a_record_row_with_an_unknown_employee_and_a_bad_score_reports_both(world, files):
    path = files.csv([["工号", "周期", "分数"], ["NOBODY", "2025-03", "abc"]])
    report = import_file("reviews", path, company=world.company, user=world.users["hr_admin"])
    assert set(_errors_of_row(report.errors, 2)) == {"工号", "分数"}, report.errors
    assert report.bad_rows == 1 and not m.PerformanceReview.objects.exists()


def test_a_bad_cell_does_not_hide_the_row_rules(world, files):
    # 终止日 before 起始日 (a row rule) and a bad 签订日 (a cell), on someone not in the company.
    path = files.csv([["工号", "合同类型", "起始日", "终止日", "签订日"],
                      ["NOBODY", "固定期限", "2024-03-01", "2023-02-28", "昨天"]])
    report = import_file("contracts", path, company=world.company, user=world.users["hr_admin"])
    assert set(_errors_of_row(report.errors, 2)) == {"工号", "终止日", "签订日"}, report.errors
    assert not Contract.objects.exists()


def test_a_metric_row_with_an_unknown_employee_and_a_bad_value_reports_both(world, files):
    metric = m.Metric.objects.create(code="w1-late", name="测试迟到")
    path = files.csv([["工号", "指标", "周期", "数值"], ["NOBODY", metric.name, "2025-03", "很多"]])
    report = import_file("metrics", path, company=world.company, user=world.users["hr_admin"])
    assert set(_errors_of_row(report.errors, 2)) == {"工号", "数值"}, report.errors


def test_a_wage_row_with_an_unknown_employee_and_a_bad_month_reports_both(world, files):
    path = files.csv([["工号", "月份", "应发合计"], ["NOBODY", "十三月", "9000"]])
    report = import_file("wages", path, company=world.company, user=world.users["hr_admin"])
    assert set(_errors_of_row(report.errors, 2)) == {"工号", "月份"}, report.errors
