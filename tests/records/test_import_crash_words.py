"""An import that crashes keeps a message id (worded when shown, in the reader's language) and logs the
technical detail: it stored "导入失败：" + str(exc), the exception's text in the worker's language."""

from __future__ import annotations

import logging

from farewell.common.models import Job
from farewell.records import tasks


def test_a_crash_shows_words_and_logs_the_detail(client, world, files, monkeypatch, caplog):
    def crash(*args, **kwargs):
        raise RuntimeError("disk I/O error at page 4711")

    monkeypatch.setattr(tasks, "import_file", crash)
    client.force_login(world.users["hr_admin"])
    with open(files.csv([["工号", "周期", "分数"], [world.lisi.employee_number, "2025-03", "80"]]), "rb") as fh:
        client.post("/records/import/", {"kind": "reviews", "file": fh})
    job = Job.objects.get()
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    with caplog.at_level(logging.ERROR, logger="farewell.records.tasks"):
        page = client.post(f"/records/import/{job.code}/confirm/", post, follow=True).content.decode()
    job.refresh_from_db()
    assert job.status == Job.Status.FAILED
    assert job.errors == [{"m": tasks.IMPORT_CRASHED}]
    assert "disk I/O error" not in page and "详情已记入系统日志" in page
    assert "disk I/O error at page 4711" in caplog.text  # the technical detail, in the log
