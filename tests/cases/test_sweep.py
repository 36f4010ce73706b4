"""Reminders for overdue steps: `farewell sweep`, one per step per day, with a frozen "now"."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import StepReminder
from farewell.common.notifications import Notification


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _active_step(world, soon):
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    services.submit_case(case, actor=world.users["hrbp_sales"])
    return case.steps.get(status="active")


def test_nothing_is_sent_before_the_due_date(staffed, soon):
    step = _active_step(staffed, soon)
    assert services.sweep_reminders(now=_moment(step.due_date)) == 0


def test_an_overdue_step_is_reminded_once_a_day(staffed, soon, django_capture_on_commit_callbacks):
    world = staffed
    step = _active_step(world, soon)
    later = _moment(step.due_date + dt.timedelta(days=1))
    hrbp = world.users["hrbp_sales"]
    before = Notification.objects.filter(user=hrbp).count()
    assert services.sweep_reminders(now=later) == 1
    assert services.sweep_reminders(now=later) == 0  # same day: idempotent
    reminders = Notification.objects.filter(user=hrbp).count() - before
    assert reminders == 1
    assert Notification.objects.filter(user=hrbp, subject__startswith="已逾期").exists()
    assert not Notification.objects.filter(user=world.users["legal"], subject__startswith="已逾期").exists()
    assert services.sweep_reminders(now=later + dt.timedelta(days=1)) == 1  # the next day again
    assert StepReminder.objects.filter(step=step).count() == 2


def test_a_decided_step_is_not_reminded(staffed, soon):
    world = staffed
    step = _active_step(world, soon)
    services.decide_step(step, "approve", actor=world.users["hrbp_sales"])
    services.sweep_reminders(now=_moment(step.due_date + dt.timedelta(days=5)))
    assert not StepReminder.objects.filter(step=step).exists()  # (the next step may be overdue by then)


def test_the_command_runs(staffed, soon, capsys):
    call_command("sweep")
    assert "reminders sent: 0" in capsys.readouterr().out
