"""奖惩 records may become evidence: a re-import does not silently change one."""

from __future__ import annotations

import io
import json

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from farewell.common.models import Job
from farewell.insights import services as insights_services
from farewell.ledger.models import LedgerEntry
from farewell.records import import_jobs
from farewell.records import models as m
from farewell.records.importers import import_file

HEADER = ["工号", "类型", "级别", "名称", "日期", "事由"]
REFUSED = "第 2 行 · 已有同一奖惩记录且内容不同：奖惩记录一经导入不可覆盖，请以更正记录导入"


@pytest.fixture(autouse=True)
def _no_recompute(monkeypatch):
    monkeypatch.setattr(insights_services, "schedule_recompute", lambda company, *, acting_user: None)


def _rows(world, reason="连续迟到", level="一般"):
    return [HEADER, [world.lisi.employee_number, "处分", level, "书面警告", "2025-04-02", reason]]


def test_a_changed_penalty_is_refused_and_nothing_is_written(world, files):
    import_file("rewards", files.csv(_rows(world)), company=world.company)
    report = import_file("rewards", files.csv(_rows(world, reason="改过的事由")), company=world.company)
    assert report.errors == [REFUSED] and not report.committed
    assert m.RewardPenalty.objects.get().reason == "连续迟到"


def test_an_unchanged_penalty_and_a_new_one_import_as_usual(world, files):
    import_file("rewards", files.csv(_rows(world)), company=world.company)
    rows = _rows(world) + [[world.lisi.employee_number, "奖励", "", "季度之星", "2025-05-01", ""]]
    report = import_file("rewards", files.csv(rows), company=world.company)
    assert report.errors == [] and (report.unchanged, report.created) == (1, 1)


def test_with_corrections_allowed_the_old_values_go_to_the_ledger_first(world, files):
    user = world.users["hr_admin"]
    import_file("rewards", files.csv(_rows(world)), company=world.company, user=user)
    record = m.RewardPenalty.objects.get()
    report = import_file("rewards", files.csv(_rows(world, reason="更正后的事由", level="较重")),
                         company=world.company, user=user, allow_corrections=True)
    assert report.errors == [] and report.updated == 1
    record.refresh_from_db()
    assert (record.reason, record.level) == ("更正后的事由", "major")
    entry = LedgerEntry.objects.get(object_type="records.rewardpenalty", object_id=str(record.pk))
    assert entry.event == "corrected" and entry.actor == user
    payload = json.loads(entry.payload)
    assert payload["before"] == {"level": "general", "reason": "连续迟到"}
    assert payload["after"] == {"level": "major", "reason": "更正后的事由"}
    assert payload["row"] == 2
    # Written before the import's own entry, in the same transaction.
    assert entry.seq < LedgerEntry.objects.filter(object_type="records.import").order_by("-seq").first().seq


def test_other_kinds_still_upsert(world, files):
    rows = [["工号", "周期", "分数"], [world.lisi.employee_number, "2025-03", "80"]]
    import_file("reviews", files.csv(rows), company=world.company)
    rows[1][2] = "60"
    report = import_file("reviews", files.csv(rows), company=world.company)
    assert report.updated == 1 and not LedgerEntry.objects.filter(event="corrected").exists()


def test_the_command_refuses_then_accepts_with_allow_corrections(world, files):
    import_file("rewards", files.csv(_rows(world)), company=world.company)
    path = str(files.csv(_rows(world, reason="新")))
    err = io.StringIO()
    with pytest.raises(CommandError):
        call_command("import", "rewards", path, "--no-progress", stdout=io.StringIO(), stderr=err)
    assert REFUSED in err.getvalue()
    out = io.StringIO()
    call_command("import", "rewards", path, "--no-progress", "--allow-corrections", stdout=out, stderr=io.StringIO())
    assert "更新 1" in out.getvalue()
    assert m.RewardPenalty.objects.get().reason == "新"


def _web_import(client, path, **extra):
    with open(path, "rb") as fh:
        client.post("/records/import/", {"kind": "rewards", "file": fh})
    job = Job.objects.order_by("-pk").first()
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    client.post(f"/records/import/{job.code}/confirm/", {**post, **extra})
    job.refresh_from_db()
    return job


def test_the_web_checkbox_allows_corrections(client, world, files):
    client.force_login(world.users["hr_admin"])
    first = _web_import(client, files.csv(_rows(world), name="a.csv"))
    assert first.status == Job.Status.DONE
    page = client.get(f"/records/import/{first.code}/")  # finished: no mapping page
    assert page.status_code == 200
    refused = _web_import(client, files.csv(_rows(world, reason="新"), name="b.csv"))
    assert refused.status == Job.Status.FAILED and import_jobs.job_errors(refused) == [REFUSED]
    allowed = _web_import(client, files.csv(_rows(world, reason="新"), name="c.csv"), allow_corrections="1")
    assert allowed.status == Job.Status.DONE and m.RewardPenalty.objects.get().reason == "新"


def test_the_mapping_page_offers_the_checkbox_only_for_protected_kinds(client, world, files):
    client.force_login(world.users["hr_admin"])
    for kind, rows, offered in (("rewards", _rows(world), True),
                                ("reviews", [["工号", "周期", "分数"], ["E1", "2025-03", "1"]], False)):
        with open(files.csv(rows, name=f"{kind}.csv"), "rb") as fh:
            client.post("/records/import/", {"kind": kind, "file": fh})
        job = Job.objects.order_by("-pk").first()
        html = client.get(f"/records/import/{job.code}/").content.decode()
        assert ('name="allow_corrections"' in html) is offered
