"""Reminders for overdue steps: `farewell sweep`, one per step per day, with a frozen "now"; the sweep
reports the notifications it really created (not the steps it looked at)."""

from __future__ import annotations

import datetime as dt

from django.core.management import call_command
from django.utils import timezone

from farewell.accounts.models import User
from farewell.cases import services
from farewell.cases.models import StepReminder
from farewell.common.notifications import Notification


def _moment(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time(9, 0)))


def _active_step(world, soon):
    # Opened by the HR admin: the HR review goes to both HRBPs of 销售部 (hrbp_sales, hr_reviewer).
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hr_admin"], separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
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
    total_before = Notification.objects.count()
    assert services.sweep_reminders(now=later) == 2  # one step, two HRBPs: two notifications
    assert Notification.objects.count() - total_before == 2
    assert services.sweep_reminders(now=later) == 0  # same day: idempotent
    reminders = Notification.objects.filter(user=hrbp).count() - before
    assert reminders == 1
    assert Notification.objects.filter(user=hrbp, subject__startswith="已逾期").exists()
    assert not Notification.objects.filter(user=world.users["legal"], subject__startswith="已逾期").exists()
    assert services.sweep_reminders(now=later + dt.timedelta(days=1)) == 2  # the next day again
    assert StepReminder.objects.filter(step=step).count() == 2


def test_a_step_no_one_can_decide_reminds_no_one_and_counts_nothing(staffed, soon, mailoutbox,
                                                                    django_capture_on_commit_callbacks):
    world = staffed
    step = _active_step(world, soon)
    # Both HRBPs lose their logins' use: the overdue step reaches no one.
    User.objects.filter(pk__in=[world.users["hrbp_sales"].pk, world.users["hr_reviewer"].pk]).update(is_active=False)
    before = Notification.objects.count()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.sweep_reminders(now=_moment(step.due_date + dt.timedelta(days=1))) == 0
    assert Notification.objects.count() == before and mailoutbox == []


def test_the_sweep_counts_the_notifications_it_created(staffed, soon, mailoutbox, django_capture_on_commit_callbacks):
    world = staffed
    for user in world.users.values():
        user.email = f"{user.username}@example.com"
        user.save(update_fields=["email"])
    step = _active_step(world, soon)
    before = Notification.objects.count()
    mailoutbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        result = services.sweep(today=step.due_date + dt.timedelta(days=1))
    created = Notification.objects.count() - before
    assert result.notifications == created == len(mailoutbox) == 2
    assert result.unrouted == 0


def test_a_decided_step_is_not_reminded(staffed, soon):
    world = staffed
    step = _active_step(world, soon)
    services.decide_step(step, "approve", actor=world.users["hrbp_sales"])
    services.sweep_reminders(now=_moment(step.due_date + dt.timedelta(days=5)))
    assert not StepReminder.objects.filter(step=step).exists()  # (the next step may be overdue by then)


def test_the_command_runs(staffed, soon, capsys):
    call_command("sweep")
    out = capsys.readouterr().out
    assert "notifications created: 0" in out and "无人可审批的步骤：0" in out


def test_the_command_reports_notifications_not_steps(staffed, soon, capsys):
    world = staffed
    step = _active_step(world, soon)
    call_command("sweep", today=(step.due_date + dt.timedelta(days=1)).isoformat())
    out = capsys.readouterr().out
    assert "notifications created: 2" in out  # one overdue step, two people reminded
