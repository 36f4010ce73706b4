"""LCL 40(2) (不能胜任工作，经过培训或者调整工作岗位，仍不能胜任): a changed post satisfies the prerequisite as a
training does. The check read the training records only, so an incompetence case after a recorded change of post
(org.JobChange, kind position: written by the org services and the people imports) still warned
缺少培训或调岗证据. Either leg now satisfies it; neither still warns, with LCL 40(2) cited."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseType
from farewell.org import services as org_services
from farewell.org.models import Employee, JobChange, JobChangeKind, JobChangeSource, Position
from farewell.records.models import TrainingRecord


def _codes(case):
    run = services.latest_run(case)
    return {c["code"]: c for c in run.checks}


def _open(world, soon):
    return services.open_case(world.lisi, CaseType.INCOMPETENCE, actor=world.users["hrbp_sales"], separation_date=soon)


def _positions(world):
    old = Position.objects.create(company=world.lisi.company, name="销售代表")
    new = Position.objects.create(company=world.lisi.company, name="销售助理")
    Employee.objects.filter(pk=world.lisi.pk).update(position=old)  # the post held before (no history)
    world.lisi.refresh_from_db()
    return old, new


def test_neither_training_nor_a_changed_post_warns_with_the_article(staffed, soon):
    check = _codes(_open(staffed, soon)).get("missing_training_evidence")
    assert check is not None and check["article"] == "《劳动合同法》第四十条第二项"


def test_a_training_satisfies_it(staffed, soon):
    TrainingRecord.objects.create(employee=staffed.lisi, course="岗位技能", status="attended",
                                  course_date=timezone.localdate() - dt.timedelta(days=30))
    assert "missing_training_evidence" not in _codes(_open(staffed, soon))


def test_a_changed_post_recorded_by_the_org_service_satisfies_it(staffed, soon):
    _old, new = _positions(staffed)
    org_services.update_employee(staffed.lisi, acting_user=staffed.users["hr_admin"], position=new)
    change = JobChange.objects.get(employee=staffed.lisi, kind=JobChangeKind.POSITION)
    assert change.new_position == new and change.source == JobChangeSource.EDIT
    assert not TrainingRecord.objects.filter(employee=staffed.lisi).exists()
    assert "missing_training_evidence" not in _codes(_open(staffed, soon))


def test_a_post_change_older_than_a_year_or_a_first_post_is_not_evidence(staffed, soon):
    old, new = _positions(staffed)
    JobChange.objects.create(employee=staffed.lisi, kind=JobChangeKind.POSITION, old_position=old, new_position=new,
                             effective_date=timezone.localdate() - dt.timedelta(days=400), source=JobChangeSource.IMPORT)
    JobChange.objects.create(employee=staffed.lisi, kind=JobChangeKind.POSITION, old_position=None, new_position=old,
                             effective_date=timezone.localdate() - dt.timedelta(days=10), source=JobChangeSource.IMPORT)
    JobChange.objects.create(employee=staffed.lisi, kind=JobChangeKind.MANAGER,
                             effective_date=timezone.localdate() - dt.timedelta(days=10), source=JobChangeSource.EDIT)
    assert "missing_training_evidence" in _codes(_open(staffed, soon))
