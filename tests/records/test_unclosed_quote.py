"""A CSV with a quote that never closes (`"张三` typed by hand) would swallow every row after it
into one cell; the import refuses it, naming the row where the quote opened, and writes nothing."""

from __future__ import annotations

from farewell.common.models import Job
from farewell.org.models import Employee
from farewell.records.importers import import_file

HEADER = "工号,姓名,性别,出生日期,入职日期,部门\n"


def _row(number: str, name: str) -> str:
    return f"{number},{name},男,1990-01-01,2024-01-02,总部/销售部\n"


def _file(tmp_path, rows: list[str]):
    path = tmp_path / "employees.csv"
    path.write_text(HEADER + "".join(rows), encoding="utf-8-sig")
    return path


def _confirm(client, job):
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    return client.post(f"/records/import/{job.code}/confirm/", post, follow=True)


def test_an_unclosed_quote_past_the_preview_is_refused_at_confirm_naming_its_row(client, world, tmp_path):
    client.force_login(world.users["hr_admin"])
    rows = [_row(f"E90{i:02d}", f"员工{i}") for i in range(14)]  # rows 2–15
    rows.append('E9914,"张三,男,1990-01-01,2024-01-02,总部/销售部\n')  # row 16: the quote never closes
    rows += [_row(f"E99{i:02d}", f"员工{i}") for i in range(15, 20)]
    with open(_file(tmp_path, rows), "rb") as fh:
        response = client.post("/records/import/", {"kind": "employees", "file": fh})
    job = Job.objects.get()
    assert response.status_code == 302
    page = _confirm(client, job)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    html = page.content.decode()
    assert "第 16 行" in html and "引号" in html, html
    assert "未写入任何数据" in html
    assert not Employee.objects.filter(employee_number__startswith="E99").exists()


def test_an_unclosed_quote_in_the_first_rows_is_refused_at_upload(client, world, tmp_path):
    client.force_login(world.users["hr_admin"])
    rows = [_row("E9901", "李雷"), 'E9902,"张三,男,1990-01-01,2024-01-02,总部/销售部\n', _row("E9903", "韩梅梅")]
    with open(_file(tmp_path, rows), "rb") as fh:
        response = client.post("/records/import/", {"kind": "employees", "file": fh}, follow=True)
    assert not Job.objects.exists()
    html = response.content.decode()
    assert "第 3 行" in html and "引号" in html


def test_a_later_quoted_cell_does_not_close_it_silently(world, tmp_path):
    # The stray quote pairs with the next row's opening quote: without a strict reader the two rows
    # would become one record with garbled cells.
    rows = ['E9901,"张三,男,1990-01-01,2024-01-02,总部/销售部\n', 'E9902,"李四",男,1990-01-01,2024-01-02,总部/销售部\n']
    report = import_file("employees", _file(tmp_path, rows), company=world.company, user=world.users["hr_admin"])
    assert not report.committed
    assert any("第 2 行" in e and "引号" in e for e in report.errors), report.errors
    assert not Employee.objects.filter(employee_number__startswith="E99").exists()


def test_a_quoted_cell_over_two_lines_still_imports(world, tmp_path):
    rows = ['E9901,"张\n三",男,1990-01-01,2024-01-02,总部/销售部\n', _row("E9902", "李四")]
    report = import_file("employees", _file(tmp_path, rows), company=world.company, user=world.users["hr_admin"])
    assert report.committed, report.errors
    assert Employee.objects.get(employee_number="E9901").name == "张\n三"
