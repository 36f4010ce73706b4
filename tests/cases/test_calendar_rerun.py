"""A change of the holiday table (设置 › 节假日: a day added, corrected, deleted or imported) computes the open
cases again in the background (org.signals.reference_changed → cases.tasks): a stored run whose file-transfer
deadline falls on a day that has become a holiday kept its old date on the Chinese page, with no note, until
someone saved the case's facts. Only cases whose result moves get a new run (and a ledger entry)."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType, SeparationCase
from farewell.org.models import Holiday
from farewell.records.importers import import_file
from tests.records.conftest import write_csv

URL = "/settings/holidays/"
NOTICE = "国务院办公厅关于测试节假日安排的通知"


def _transfer_due(case) -> str:
    run = services.latest_run(case)
    return next(s["due_date"] for s in run.output["procedure"] if s["step"] == "file_and_social_insurance_transfer")


@pytest.fixture
def cases(staffed, soon):
    world = staffed
    moved = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                               separation_date=soon)
    return world, moved


def test_a_day_added_on_the_page_moves_the_open_case_s_deadline(client, cases, django_capture_on_commit_callbacks):
    world, case = cases
    due = dt.date.fromisoformat(_transfer_due(case))
    runs = case.engine_runs.count()
    client.force_login(world.users["hr_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(URL, {"day": due.isoformat(), "kind": "holiday", "notice": NOTICE})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert case.engine_runs.count() == runs + 1
    assert dt.date.fromisoformat(_transfer_due(case)) > due  # the deadline's last day is a holiday: moved on
    # On the Chinese page the stored run's date is the new one; no stale-run note.
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="as-recorded"' not in page

    # A change that moves nothing (a day far from every deadline) runs nothing again.
    with django_capture_on_commit_callbacks(execute=True):
        client.post(URL, {"day": (due + dt.timedelta(days=400)).isoformat(), "kind": "holiday", "notice": NOTICE})
    assert case.engine_runs.count() == runs + 1

    # Deleting the day puts the deadline back.
    holiday = Holiday.objects.get(day=due)
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(f"{URL}{holiday.pk}/delete/").status_code == 302
    assert dt.date.fromisoformat(_transfer_due(case)) == due
    assert case.engine_runs.count() == runs + 2


def test_an_import_moves_it_too_and_a_closed_case_is_left_alone(cases, soon, tmp_path,
                                                                 django_capture_on_commit_callbacks):
    world, case = cases
    due = dt.date.fromisoformat(_transfer_due(case))
    runs = case.engine_runs.count()
    closed = services.open_case(world.zhaoliu, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                                separation_date=soon)
    SeparationCase.objects.filter(pk=closed.pk).update(status=CaseStatus.CLOSED)  # its record is final
    closed_runs = closed.engine_runs.count()
    rows = [["日期", "类型", "通知"], [due.isoformat(), "放假", NOTICE]]
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file("holidays", write_csv(tmp_path / "h.csv", rows), company=world.company,
                             user=world.users["hr_admin"])
    assert report.ok, report.errors
    assert case.engine_runs.count() == runs + 1 and _transfer_due(case) != due.isoformat()
    assert closed.engine_runs.count() == closed_runs


def test_a_dry_run_import_moves_nothing(cases, tmp_path, django_capture_on_commit_callbacks):
    world, case = cases
    due = _transfer_due(case)
    rows = [["日期", "类型", "通知"], [due, "放假", NOTICE]]
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file("holidays", write_csv(tmp_path / "h.csv", rows), company=world.company,
                             user=world.users["hr_admin"], dry_run=True)
    assert report.ok and not Holiday.objects.exists()
    assert _transfer_due(case) == due


def test_a_corrected_local_average_moves_the_capped_amount(client, cases, django_capture_on_commit_callbacks):
    """A local average wage saved under 设置 › 当地工资标准 (the 3× cap of LCL 47 ¶2) computes the open cases
    again too."""
    world, case = cases
    before, runs = services.latest_run(case).output["total"], case.engine_runs.count()
    year = case.separation_date.year - 1
    client.force_login(world.users["hr_admin"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/settings/wages/", {"city": "上海", "kind": "average", "year": str(year),
                                                    "amount": "1000", "source": "测试：更正后的统计公报"})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert case.engine_runs.count() == runs + 1
    run = services.latest_run(case)
    assert str(run.input["local_avg_monthly_wage"]) in ("1000", "1000.00")
    assert run.output["total"] != before


def test_the_worker_drops_its_kept_tables_before_it_computes(cases):
    """The task runs in the worker, which may hold the wage table as it was before the change (kept up to a
    minute, org/cached.py): it drops it first, or it would find every case unchanged."""
    import time

    from farewell.cases import tasks
    from farewell.org import cached, wages
    from farewell.org.models import LocalWageFigure

    world, case = cases
    runs = case.engine_runs.count()
    old_table = wages.wage_table()
    LocalWageFigure.objects.create(city="上海", kind="average", year=case.separation_date.year - 1,
                                   amount=1000, source="测试")
    # the worker's copy from before, as if it had not heard of the change's new version
    cached._kept.values["wage_table"] = (time.monotonic(), cached._versions().get("wage_table"), old_table)
    assert tasks.rerun_after_reference_change.enqueue(None).return_value == {"rerun": 1}
    assert case.engine_runs.count() == runs + 1
