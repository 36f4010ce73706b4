"""New-user check: an import job's row errors were stored worded in the uploader's language, so a job run on
an English page listed 'Row 3 · 分数: “abc” is not a number' on the Chinese job page, and a Chinese run read
Chinese on English pages. Each error is kept as its row, its column and its message's msgid and values
(records/worded.py), worded when the job page, the progress partial or the API shows it; a job kept before
(plain text) shows its text."""

from __future__ import annotations

from farewell.common.models import Job
from farewell.records import import_jobs


def _run(client, files, rows, language: str) -> Job:
    client.cookies["django_language"] = language
    with open(files.csv([["工号", "周期", "分数"], *rows]), "rb") as fh:
        client.post("/records/import/", {"kind": "reviews", "file": fh})
    job = Job.objects.latest("created_at")
    client.post(f"/records/import/{job.code}/confirm/",
                {f"map-{f}": "" if i is None else i for f, i in job.result["mapping"].items()})
    job.refresh_from_db()
    return job


def _errors(page: str) -> str:
    return page[page.index('id="import-errors"'):].split("</ul>")[0]


def test_row_errors_read_in_the_readers_language_whoever_ran_the_import(client, world, files):
    client.force_login(world.users["hr_admin"])
    job = _run(client, files, [[world.lisi.employee_number, "2025-03", "abc"], ["NOBODY", "2025-13", "80"]], "en")
    assert job.status == Job.Status.FAILED
    client.cookies["django_language"] = "zh-hans"
    chinese = _errors(client.get(f"/records/import/{job.code}/").content.decode())
    assert "第 2 行 · 分数：“abc” 不是数字" in chinese and "第 3 行 · 工号：工号不存在或不在您的权限范围内" in chinese
    assert "Row" not in chinese and "not a number" not in chinese

    job = _run(client, files, [[world.lisi.employee_number, "2025-03", "abc"]], "zh-hans")
    client.cookies["django_language"] = "en"
    english = _errors(client.get(f"/records/import/{job.code}/").content.decode())
    assert "“abc”" in english and "不是数字" not in english and "第 2 行" not in english and "分数" not in english
    assert english == _errors(client.get(f"/records/import/{job.code}/progress/").content.decode())
    api = client.get(f"/api/imports/{job.code}/").json()
    assert len(api["errors"]) == 1 and "不是数字" not in api["errors"][0]


def test_a_job_kept_before_shows_its_errors_as_stored(client, world, files):
    client.force_login(world.users["hr_admin"])
    job = _run(client, files, [[world.lisi.employee_number, "2025-03", "abc"]], "zh-hans")
    Job.objects.filter(pk=job.pk).update(errors=["第 2 行 · 分数：“abc” 不是数字"])
    job.refresh_from_db()
    client.cookies["django_language"] = "en"
    assert import_jobs.job_errors(job) == ["第 2 行 · 分数：“abc” 不是数字"]
    assert "第 2 行 · 分数：“abc” 不是数字" in client.get(f"/records/import/{job.code}/").content.decode()
