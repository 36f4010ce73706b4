"""A people import that changes the facts of someone with an open case: warned, then re-run."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import EngineRun
from farewell.records.importers import import_file
from tests.factories import make_contract, make_wages


@pytest.fixture
def open_case(world):
    today = timezone.localdate()
    make_wages(world.lisi, today.replace(day=1) - relativedelta(months=12), [Decimal(10000)] * 12)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    return services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                              separation_date=today + dt.timedelta(days=40))


def test_a_dry_run_warns_and_the_commit_re_runs_the_engine(world, open_case, files, django_capture_on_commit_callbacks):
    rows = [["工号", "入职日期"], [world.lisi.employee_number, "2010-03-01"]]
    dry = import_file("employees", files.csv(rows), company=world.company, dry_run=True)
    assert dry.ok and any("有进行中的离职案件" in w and "李四" in w for w in dry.warnings)
    runs = EngineRun.objects.filter(case=open_case).count()
    with django_capture_on_commit_callbacks(execute=True):
        report = import_file("employees", files.csv(rows, "b.csv"), company=world.company)
    assert report.ok and report.updated == 1
    assert EngineRun.objects.filter(case=open_case).count() == runs + 1
    latest = EngineRun.objects.filter(case=open_case).latest("id")
    assert latest.input["hire_date"] == "2010-03-01"


def test_someone_without_an_open_case_gives_no_warning(world, files):
    rows = [["工号", "入职日期"], [world.chenqi.employee_number, "2010-03-01"]]
    report = import_file("employees", files.csv(rows), company=world.company, dry_run=True)
    assert report.ok and report.warnings == []


def test_a_big_import_finds_the_open_cases_through_the_company(world, open_case, monkeypatch):
    from farewell.cases import receivers

    monkeypatch.setattr(receivers, "ID_BATCH", 1)  # any list longer than this goes through the company
    ids = [world.lisi.pk, world.chenqi.pk]
    assert receivers._open_case_ids(ids, world.company) == [open_case.pk]
    assert receivers._open_case_ids([world.chenqi.pk, world.boss.pk], world.company) == []
    assert receivers._open_case_ids(ids) == [open_case.pk]  # by batches without a company
