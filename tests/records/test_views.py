"""The 数据导入 pages: permissions, upload → mapping → confirm → result, templates, exports."""

from __future__ import annotations

import io

import openpyxl
import pytest

from farewell.common.models import Job
from farewell.records import import_jobs
from farewell.records import models as m
from farewell.records.importers import RECORD_SPECS as SPECS

INDEX = "/records/"


def _login(client, world, persona):
    client.force_login(world.users[persona])


@pytest.mark.parametrize("persona", ["employee", "manager", "auditor", "legal", "approver", "outsider"])
@pytest.mark.parametrize("url", [INDEX, "/records/templates/reviews.xlsx", "/records/export/reviews.xlsx"])
def test_it_refuses_non_hr_roles(client, world, persona, url):
    _login(client, world, persona)
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("persona", ["employee", "manager", "auditor"])
def test_it_refuses_uploads_from_non_hr_roles(client, world, files, persona):
    _login(client, world, persona)
    with open(files.csv([["工号", "周期", "分数"]]), "rb") as fh:
        assert client.post("/records/import/", {"kind": "reviews", "file": fh}).status_code == 403
    assert not Job.objects.exists()


def test_it_sends_anonymous_users_to_login(client, db):
    response = client.get(INDEX)
    assert response.status_code == 302 and response["Location"].startswith("/accounts/login/")


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales"])
def test_hr_sees_the_index_with_every_kind(client, world, persona):
    _login(client, world, persona)
    response = client.get(INDEX)
    assert response.status_code == 200
    for spec in SPECS.values():
        assert f"/records/templates/{spec.kind}.xlsx" in response.content.decode()
    assert "数据导入" in response.content.decode()  # the navigation entry


def test_the_upload_rejects_get(client, world):
    _login(client, world, "hr_admin")
    assert client.get("/records/import/").status_code == 405


@pytest.mark.parametrize("kind", sorted(SPECS))
def test_the_template_is_a_valid_xlsx_with_the_headers(client, world, kind):
    _login(client, world, "hr_admin")
    response = client.get(f"/records/templates/{kind}.xlsx")
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert [h.rstrip("*") for h in rows[0]] == SPECS[kind].headers
    assert len(rows) == 1  # the header only: a template uploaded as downloaded imports nothing
    notes = openpyxl.load_workbook(io.BytesIO(response.content))["填写说明"]
    examples = {row[0]: row[2] for row in notes.iter_rows(min_row=2, values_only=True) if row and row[0]}
    assert set(SPECS[kind].headers) <= set(examples)


def _upload(client, path, kind="reviews"):
    with open(path, "rb") as fh:
        return client.post("/records/import/", {"kind": kind, "file": fh})


def test_the_web_flow_uploads_maps_confirms_and_reports(client, world, files):
    _login(client, world, "hr_admin")
    path = files.xlsx([["员工工号", "考核周期", "得分", "备注"],
                       [world.lisi.employee_number, "2025-03", 88, "好"],
                       [world.chenqi.employee_number, "2025-03", 75, ""]])
    response = _upload(client, path)
    job = Job.objects.get()
    assert response.status_code == 302 and response["Location"] == f"/records/import/{job.code}/"

    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert world.lisi.employee_number in html  # the preview
    # Auto-mapped by alias: 员工工号 → 工号 (column 0), 得分 → 分数 (column 2).
    assert job.result["mapping"]["employee"] == 0 and job.result["mapping"]["score"] == 2
    assert page.context["fields"][0]["selected"] == 0

    # The user changes the mapping: 备注 is not imported.
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    post["map-comment"] = ""
    done = client.post(f"/records/import/{job.code}/confirm/", post)
    assert done.status_code == 302
    job.refresh_from_db()
    assert job.status == Job.Status.DONE and job.result["report"]["created"] == 2
    assert m.PerformanceReview.objects.count() == 2
    assert m.PerformanceReview.objects.get(employee=world.lisi).comment == ""
    result = client.get(done["Location"]).content.decode()
    assert "新增 2" in result
    assert 'hx-trigger="every 1s"' not in result  # finished: no more polling


def test_the_confirm_refuses_a_mapping_without_a_required_column(client, world, files):
    _login(client, world, "hr_admin")
    _upload(client, files.csv([["工号", "周期", "分数"], [world.lisi.employee_number, "2025-03", "80"]]))
    job = Job.objects.get()
    response = client.post(f"/records/import/{job.code}/confirm/", {"map-employee": "0", "map-score": "2"})
    assert response.status_code == 302
    job.refresh_from_db()
    assert job.result["stage"] == "mapping" and not m.PerformanceReview.objects.exists()


def test_bad_rows_are_listed_and_nothing_is_written(client, world, files):
    _login(client, world, "hr_admin")
    _upload(client, files.csv([["工号", "周期", "分数"],
                               [world.lisi.employee_number, "2025-03", "80"],
                               [world.chenqi.employee_number, "2025-03", "abc"]]))
    job = Job.objects.get()
    response = client.post(f"/records/import/{job.code}/confirm/",
                           {f"map-{f}": "" if i is None else i for f, i in job.result["mapping"].items()}, follow=True)
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert "第 3 行 · 分数：“abc” 不是数字" in response.content.decode()
    assert not m.PerformanceReview.objects.exists()


def test_a_job_run_in_english_reads_in_chinese_on_a_chinese_page(client, world, files):
    # The title and the result line were stored worded in the uploader's language, so an import run on
    # an English page showed "Employee roster · …" and "Errors in 1 row(s)…" on the Chinese index (n10).
    _login(client, world, "hr_admin")
    client.cookies["django_language"] = "en"
    _upload(client, files.csv([["工号", "周期", "分数"], [world.chenqi.employee_number, "2025-03", "abc"]]))
    job = Job.objects.get()
    client.post(f"/records/import/{job.code}/confirm/",
                {f"map-{f}": "" if i is None else i for f, i in job.result["mapping"].items()})
    english = client.get(INDEX).content.decode()
    assert "Errors in 1 row(s)" in english
    client.cookies["django_language"] = "zh-hans"
    index = client.get(INDEX).content.decode()
    page = client.get(f"/records/import/{job.code}/").content.decode()
    for html in (index, page):
        assert "1 行有错误，未写入任何数据（共 1 行）" in html and "Errors in" not in html
    assert f"{SPECS['reviews'].label} · " in index and " row(s)" not in index


def test_the_hrbp_cannot_import_outside_their_scope(client, world, files):
    _login(client, world, "hrbp_sales")
    _upload(client, files.csv([["工号", "周期", "分数"], [world.chenqi.employee_number, "2025-03", "80"]]))
    job = Job.objects.get()
    client.post(f"/records/import/{job.code}/confirm/",
                {f"map-{f}": "" if i is None else i for f, i in job.result["mapping"].items()})
    job.refresh_from_db()
    assert import_jobs.job_errors(job) == ["第 2 行 · 工号：工号不存在或不在您的权限范围内"]
    assert not m.PerformanceReview.objects.exists()


def test_a_job_is_private_to_its_creator(client, world, files):
    _login(client, world, "hr_admin")
    _upload(client, files.csv([["工号", "周期", "分数"], [world.lisi.employee_number, "2025-03", "80"]]))
    job = Job.objects.get()
    _login(client, world, "hrbp_sales")
    assert client.get(f"/records/import/{job.code}/").status_code == 404
    assert client.post(f"/records/import/{job.code}/confirm/", {}).status_code == 404
    assert client.get(f"/records/import/{job.code}/progress/").status_code == 404


def test_a_large_upload_runs_as_a_background_task(client, world, files, monkeypatch):
    from farewell.records import import_jobs, tasks

    monkeypatch.setattr(import_jobs, "INLINE_MAX_ROWS", 0)
    enqueued = []

    class Spy:
        def enqueue(self, *args):
            enqueued.append(args)
            return tasks.run_import_job.enqueue(*args)

    monkeypatch.setattr(import_jobs, "run_import_job", Spy())
    _login(client, world, "hr_admin")
    _upload(client, files.csv([["工号", "周期", "分数"], [world.lisi.employee_number, "2025-03", "80"]]))
    job = Job.objects.get()
    client.post(f"/records/import/{job.code}/confirm/",
                {f"map-{f}": "" if i is None else i for f, i in job.result["mapping"].items()})
    job.refresh_from_db()  # the immediate backend ran it
    assert enqueued == [(job.pk,)]
    assert job.status == Job.Status.DONE and m.PerformanceReview.objects.count() == 1
    progress = client.get(f"/records/import/{job.code}/progress/")
    assert progress.status_code == 200 and "新增 1" in progress.content.decode()


def test_the_progress_partial_polls_while_running(client, world):
    _login(client, world, "hr_admin")
    job = Job.objects.create(kind="records.import", created_by=world.users["hr_admin"], status=Job.Status.RUNNING,
                             total=100, done=40, result={"stage": "running", "kind": "reviews"})
    html = client.get(f"/records/import/{job.code}/progress/").content.decode()
    assert 'hx-trigger="every 1s"' in html and "40%" in html


def test_the_export_opens_with_openpyxl_and_is_scoped(client, world):
    import datetime as dt

    for employee in (world.lisi, world.chenqi):
        m.PerformanceReview.objects.create(employee=employee, period_kind="month",
                                           period_start=dt.date(2025, 3, 1), score=80)
    _login(client, world, "hrbp_sales")
    response = client.get("/records/export/reviews.xlsx")
    assert response.status_code == 200
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert rows[1][0] == world.lisi.employee_number and rows[1][1] == "2025-03"
    assert len(rows) == 2  # chenqi (研发部) is outside the sales HRBP's scope


def test_an_unknown_kind_is_not_found(client, world):
    _login(client, world, "hr_admin")
    assert client.get("/records/templates/nope.xlsx").status_code == 404


@pytest.mark.parametrize("index", ["7", "2147483647", "abc"])
def test_the_confirm_refuses_a_column_the_file_does_not_have(client, world, files, index):
    """The mapping page's POST took any whole number as a column (the API's clean_mapping refuses one past the
    file's columns): a column past the end read as blank, so 基本工资 mapped to column 7 of a 4-column file
    imported the wages without it, and the wage importer padded every row out to the index (2147483647:
    a list of 2^31 cells per row, the server's memory). Refused as the API refuses it; nothing is written."""
    _login(client, world, "hr_admin")
    _upload(client, files.csv([["工号", "月份", "基本工资", "应发合计"],
                               [world.lisi.employee_number, "2025-03", "9000", "9000"]]), kind="wages")
    job = Job.objects.get()
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    post["map-base"] = index
    response = client.post(f"/records/import/{job.code}/confirm/", post, follow=True)
    job.refresh_from_db()
    assert job.result["stage"] == "mapping" and job.status != Job.Status.DONE
    assert f"“{index[:20]}” 不是文件中的列号" in response.content.decode()
    assert not world.lisi.wages.exists()
