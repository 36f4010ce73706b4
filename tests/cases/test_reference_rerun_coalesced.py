"""What a change of the holiday table or the wage figures costs the open cases: one pass per transaction,
however many rows it changed, and no second pass queued while one that has not started yet is waiting
(it reads the tables when it starts). And a re-run after a people import lists the open cases by id only:
each is read again under its lock (services.rerun_one)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection, transaction
from django.test.utils import CaptureQueriesContext

from farewell.cases import services
from farewell.cases.models import CaseType
from farewell.org import holidays
from farewell.records.importers import import_file
from tests.records.conftest import write_csv

NOTICE = "国务院办公厅关于测试节假日安排的通知"


@pytest.fixture
def passes(monkeypatch):
    """The passes over the open cases that ran (each change's background task runs one or more)."""
    ran = []
    real = services.rerun_where_references_move

    def counted(*, actor):
        ran.append(actor)
        return real(actor=actor)

    monkeypatch.setattr(services, "rerun_where_references_move", counted)
    return ran


@pytest.fixture
def case(staffed, soon):
    return services.open_case(staffed.lisi, CaseType.MUTUAL_EMPLOYER, actor=staffed.users["hr_admin"],
                              separation_date=soon)


def _days(n):
    return [dt.date(2027, 1, 1) + dt.timedelta(days=i) for i in range(n)]


def test_a_30_row_import_makes_one_pass(staffed, case, passes, tmp_path, django_capture_on_commit_callbacks):
    rows = [["日期", "类型", "通知"]] + [[day.isoformat(), "放假", NOTICE] for day in _days(30)]
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file("holidays", write_csv(tmp_path / "h.csv", rows), company=staffed.company,
                             user=staffed.users["hr_admin"])
    assert report.ok and report.created == 30, report.errors
    assert passes == [staffed.users["hr_admin"]]


def test_days_saved_one_by_one_in_one_transaction_make_one_pass(staffed, case, passes,
                                                                django_capture_on_commit_callbacks):
    """A page or a script saving several days (or a day and a wage figure) in one transaction: one pass, on
    both tables as they are after the commit."""
    from farewell.org import wages
    from farewell.org.forms_settings import LocalWageFigureForm

    admin = staffed.users["hr_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            for day in _days(5):
                holidays.add_holiday(day=day, kind="holiday", notice=NOTICE, acting_user=admin)
            form = LocalWageFigureForm({"city": "上海", "kind": "average", "year": "2025", "amount": "1000",
                                        "source": "测试"})
            assert form.is_valid(), form.errors
            wages.save_figure(form, acting_user=admin)
    assert passes == [admin]


def test_a_rolled_back_transaction_makes_no_pass(staffed, case, passes, django_capture_on_commit_callbacks):
    admin = staffed.users["hr_admin"]
    with django_capture_on_commit_callbacks(execute=True):
        try:
            with transaction.atomic():
                holidays.add_holiday(day=_days(1)[0], kind="holiday", notice=NOTICE, acting_user=admin)
                raise RuntimeError
        except RuntimeError:
            pass
    assert passes == []
    # A change after a rolled-back savepoint still makes its pass.
    with django_capture_on_commit_callbacks(execute=True):
        with transaction.atomic():
            try:
                with transaction.atomic():
                    holidays.add_holiday(day=_days(1)[0], kind="holiday", notice=NOTICE, acting_user=admin)
                    raise RuntimeError
            except RuntimeError:
                pass
            holidays.add_holiday(day=_days(2)[1], kind="holiday", notice=NOTICE, acting_user=admin)
    assert passes == [admin]


def test_separate_changes_each_make_their_pass(staffed, case, passes, django_capture_on_commit_callbacks):
    """Two transactions (two requests) with the tasks run at once (no queue): a pass each."""
    admin = staffed.users["hr_admin"]
    for day in _days(2):
        with django_capture_on_commit_callbacks(execute=True):
            holidays.add_holiday(day=day, kind="holiday", notice=NOTICE, acting_user=admin)
    assert passes == [admin, admin]


def test_a_queued_pass_that_has_not_started_takes_the_next_change_too(staffed, case, settings, monkeypatch,
                                                                       django_capture_on_commit_callbacks):
    """With the worker busy (the database queue), 30 days typed one by one queue one pass, which computes on all
    of them when it starts; another user's change queues its own (the runs are stored in that user's name)."""
    from django_tasks_db.management.commands import db_worker
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    monkeypatch.setattr(db_worker, "close_old_connections", lambda: None)  # the test's connection stays
    admin = staffed.users["hr_admin"]
    due = dt.date.fromisoformat(next(s["due_date"] for s in services.latest_run(case).output["procedure"]
                                     if s["step"] == "file_and_social_insurance_transfer"))
    for day in [due - dt.timedelta(days=29 - n) for n in range(30)]:
        with django_capture_on_commit_callbacks(execute=True):
            holidays.add_holiday(day=day, kind="holiday", notice=NOTICE, acting_user=admin)
    queued = DBTaskResult.objects.filter(task_path__endswith="rerun_after_reference_change")
    assert queued.count() == 1
    with django_capture_on_commit_callbacks(execute=True):  # a script's change (no user)
        holidays.add_holiday(day=due + dt.timedelta(days=400), kind="holiday", notice=NOTICE, acting_user=None)
    assert queued.count() == 2
    runs = case.engine_runs.count()
    from django.core.management import call_command

    call_command("db_worker", batch=True, no_startup_delay=True, verbosity=0)
    assert sorted(r.return_value["rerun"] for r in queued.all()) == [0, 1]
    assert case.engine_runs.count() == runs + 1  # the first pass saw all 30 days
    assert dt.date.fromisoformat(next(s["due_date"] for s in services.latest_run(case).output["procedure"]
                                      if s["step"] == "file_and_social_insurance_transfer")) > due
    # Started (or done), a pass takes no later change: the next change queues a pass of its own.
    with django_capture_on_commit_callbacks(execute=True):
        holidays.add_holiday(day=due + dt.timedelta(days=401), kind="holiday", notice=NOTICE, acting_user=admin)
    assert queued.count() == 3


def test_a_people_import_lists_the_open_cases_by_id_only(staffed, case, tmp_path, django_capture_on_commit_callbacks):
    """The re-run reads each case under its lock (services.rerun_one): the list before it reads no more than ids,
    and no case or employee row is read twice before the lock."""
    rows = [["工号", "入职日期"], [staffed.lisi.employee_number, "2010-03-01"]]
    with django_capture_on_commit_callbacks() as callbacks:
        report = import_file("employees", write_csv(tmp_path / "e.csv", rows), company=staffed.company)
    assert report.ok and report.updated == 1
    with CaptureQueriesContext(connection) as queries:
        for callback in callbacks:
            callback()
    case_reads = [q["sql"] for q in queries
                  if q["sql"].startswith("SELECT") and 'FROM "cases_separationcase"' in q["sql"]]
    listing = case_reads[0]
    assert listing.split(" FROM ")[0].split(" AS ")[0] == 'SELECT "cases_separationcase"."id"', listing
    assert sum('JOIN "org_employee"' in sql for sql in case_reads) == 1  # the read under the lock
    assert services.latest_run(case).input["hire_date"] == "2010-03-01"
