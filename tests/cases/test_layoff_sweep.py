"""`farewell sweep` for layoff batches: the explanation to the union or staff before it is due, overdue
batch steps, and the LCL 41 ¶3 rehiring priority once a month for six months — each idempotent."""

from __future__ import annotations

import datetime as dt
from io import StringIO

from django.core.management import call_command
from django.utils import timezone

from farewell.cases import layoffs
from farewell.cases.layoff_choices import BatchStatus
from farewell.cases.models import CaseFamily, StepStatus
from farewell.common.notifications import Notification
from tests.cases.layoff_support import answer_all, make_staff, new_batch, pdf, record_procedure, walk_batch
from tests.factories import Role, make_user


def _notes(user, text):
    return Notification.objects.filter(user=user, subject__contains=text).count()


def test_the_explanation_is_reminded_from_a_week_before_it_is_due(world):
    hr = world.users["hrbp_sales"]
    today = timezone.localdate()
    family = new_batch(world, make_staff(world.sales, 3), planned=today + dt.timedelta(days=45))  # due in 15 days
    assert layoffs.sweep_layoffs(today=today) == 0
    week_before = today + dt.timedelta(days=8)
    assert layoffs.sweep_layoffs(today=week_before) >= 1
    assert _notes(hr, "向工会或者全体职工说明情况") == 1
    assert layoffs.sweep_layoffs(today=week_before) == 0  # once a day
    layoffs.record_filing(family, "explanation", acting_user=hr, done_on=today, addressee="工会",
                          upload=pdf())
    assert layoffs.sweep_layoffs(today=week_before + dt.timedelta(days=1)) == 0  # recorded: nothing to remind


def test_the_rehiring_priority_is_reminded_monthly_for_six_months(world):
    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 3))
    answer_all(family, hr)
    record_procedure(family, hr)
    layoffs.submit_batch(family, acting_user=hr)
    walk_batch(family, world)
    assert family.status == BatchStatus.APPROVED
    planned, until = family.planned_date, family.rehire_until
    assert layoffs.sweep_layoffs(today=planned) == 0  # the duty starts after the layoff
    day = planned + dt.timedelta(days=1)
    assert layoffs.sweep_layoffs(today=day) >= 1
    later = day + dt.timedelta(days=1)
    if later.month != day.month:  # the 1st of a month is a new month's reminder
        assert layoffs.sweep_layoffs(today=later) >= 1
        later += dt.timedelta(days=1)
    assert layoffs.sweep_layoffs(today=later) == 0  # once a month, however often it runs
    reminded_months = set()
    d = day
    while d <= until + dt.timedelta(days=40):
        if layoffs.sweep_layoffs(today=d):
            reminded_months.add((d.year, d.month))
        d += dt.timedelta(days=7)
    assert len(reminded_months) in (6, 7)  # every month the duty runs (a part-month at each end)
    assert all(dt.date(y, m, 1) <= until for y, m in reminded_months)
    assert _notes(hr, "优先招用被裁减人员") >= 6


def test_an_overdue_batch_step_is_reminded_once_a_day(world):
    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 2))
    answer_all(family, hr)
    layoffs.submit_batch(family, acting_user=hr)
    step = family.steps.get(status=StepStatus.ACTIVE)
    late = step.due_date + dt.timedelta(days=1)
    assert layoffs.sweep_layoffs(today=late) >= 1
    assert _notes(world.users["hr_reviewer"], "已逾期") == 1
    assert layoffs.sweep_layoffs(today=late) == 0


def test_the_command_runs_the_layoff_sweep(world):
    family = new_batch(world, make_staff(world.sales, 3), planned=timezone.localdate() + dt.timedelta(days=31))
    out = StringIO()
    call_command("sweep", stdout=out)
    assert "layoff reminders: " in out.getvalue()
    assert CaseFamily.objects.get(pk=family.pk).reminders.filter(kind="explanation_due").count() == 1


def test_a_step_no_one_could_decide_reaches_a_new_grant_holder(world):
    """The sales HRBP reviewer is gone when the batch is submitted: HR review waits for someone; the sweep
    routes it to the HRBP granted since."""
    hr = world.users["hrbp_sales"]
    world.users["hr_reviewer"].is_active = False
    world.users["hr_reviewer"].save(update_fields=["is_active"])
    family = new_batch(world, make_staff(world.sales, 2))
    answer_all(family, hr)
    layoffs.submit_batch(family, acting_user=hr)
    step = family.steps.get(status=StepStatus.ACTIVE)
    assert step.unrouted and "四眼原则" in step.routing_note
    newcomer = make_user("hrbp_new", Role.HRBP, company=world.company, unit=world.sales)
    assert layoffs.sweep_layoffs(today=timezone.localdate()) >= 1
    step.refresh_from_db()
    assert not step.unrouted and list(step.assignees.all()) == [newcomer]
    assert _notes(newcomer, "待办") == 1
