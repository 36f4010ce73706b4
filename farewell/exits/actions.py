"""Improvement actions: from a reason cluster (a reason in a unit over a period) to an action with an
owner, a due date, a status and evidence; its effect measured as the affected group's turnover and
the reason's share of leavers, in the cluster period (before) and since the action started (after);
overdue actions remind their owner once a day (`farewell sweep`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal

from django.db import IntegrityError, transaction
from django.db.models import Count, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.common.notifications import notify
from farewell.common.wording import Words
from farewell.ledger.services import record
from farewell.org.models import Employee

from .models import (
    OPEN_ACTION_STATUSES,
    ActionReminder,
    ActionStatus,
    Departure,
    ImprovementAction,
)
from .report import MIN_GROUP, _employed_on, rate
from .services import ExitError

ACTION = "exits.improvementaction"


def _payload(action: ImprovementAction) -> dict:
    return {
        "action": action.code, "title": action.title, "reason": action.reason.code,
        "org_unit": action.org_unit.code if action.org_unit_id else None, "cluster_start": action.cluster_start,
        "cluster_end": action.cluster_end, "measure": action.measure, "owner": action.owner_id,
        "due_date": action.due_date, "status": action.status, "evidence": action.evidence,
        "started_on": action.started_on, "completed_on": action.completed_on,
    }


def create_action(*, acting_user, company, title: str, reason, org_unit, cluster_start: dt.date,
                  cluster_end: dt.date, owner, due_date: dt.date, measure: str = "",
                  started_on: dt.date | None = None) -> ImprovementAction:
    if cluster_end < cluster_start:
        raise ExitError(_("问题期间的结束日不能早于开始日"))
    if org_unit is not None and org_unit.company_id != company.pk:
        raise ExitError(_("部门不属于该公司"))
    if reason.company_id != company.pk:
        raise ExitError(_("该原因不属于该公司的离职原因"))
    with transaction.atomic():
        action = ImprovementAction.objects.create(
            company=company, title=title.strip(), reason=reason, org_unit=org_unit, cluster_start=cluster_start,
            cluster_end=cluster_end, owner=owner, due_date=due_date, measure=measure.strip(),
            started_on=started_on or timezone.localdate(), created_by=acting_user)
        record(ACTION, action.code, _payload(action), actor=acting_user, event="exits.action.created")
        if owner != acting_user:
            notify(owner, Words(gettext_noop("改进措施：%(title)s"), title=action.title),
                   Words(gettext_noop("您是这项改进措施的负责人，完成期限 %(due)s。"), due=due_date),
                   link=reverse("exits:action_detail", args=[action.code]))
    return action


def update_action(action: ImprovementAction, *, acting_user, status: str, evidence: str,
                  due_date: dt.date | None = None) -> ImprovementAction:
    """Status and evidence (conditional on the status loaded: a concurrent change is refused)."""
    if status not in ActionStatus.values:
        raise ExitError(_("状态无效"))
    changes = {"status": status, "evidence": evidence.strip()}
    if due_date is not None:
        changes["due_date"] = due_date
    if status == ActionStatus.DONE and action.completed_on is None:
        changes["completed_on"] = timezone.localdate()
    elif status != ActionStatus.DONE:
        changes["completed_on"] = None
    with transaction.atomic():
        done = ImprovementAction.objects.filter(pk=action.pk, status=action.status).update(**changes)
        if not done:
            raise ExitError(_("该措施刚被他人修改，请刷新后再试"))
        for key, value in changes.items():
            setattr(action, key, value)
        record(ACTION, action.code, _payload(action), actor=acting_user, event="exits.action.updated")
    return action


def remind_overdue(*, today: dt.date | None = None) -> int:
    """Remind the owner of each overdue open action, once per action per day; returns notifications sent."""
    today = today or timezone.localdate()
    sent = 0
    overdue = ImprovementAction.objects.filter(status__in=OPEN_ACTION_STATUSES, due_date__lt=today,
                                               owner__is_active=True).select_related("owner")
    for action in overdue.iterator(chunk_size=500):
        try:
            with transaction.atomic():
                ActionReminder.objects.create(action=action, day=today)  # unique (action, day)
                notify(action.owner, Words(gettext_noop("改进措施已逾期：%(title)s"), title=action.title),
                       Words(gettext_noop("完成期限为 %(due)s，请更新进展或调整期限。"), due=action.due_date),
                       link=reverse("exits:action_detail", args=[action.code]))
                sent += 1
        except IntegrityError:
            continue
    return sent


# --- effect ----------------------------------------------------------------------------------


@dataclass
class Window:
    start: dt.date
    end: dt.date
    headcount: Decimal
    leavers: int
    with_reason: int

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1

    @property
    def suppressed(self) -> bool:
        return self.headcount < MIN_GROUP

    @property
    def turnover_rate(self) -> Decimal | None:
        return rate(self.leavers, self.headcount)

    @property
    def annualised_rate(self) -> Decimal | None:
        value = self.turnover_rate
        if value is None:
            return None
        return (value * Decimal(365) / Decimal(self.days)).quantize(Decimal("0.1"))

    @property
    def reason_share(self) -> Decimal | None:
        if not self.leavers:
            return None
        return (Decimal(self.with_reason) * 100 / self.leavers).quantize(Decimal("0.1"))


@dataclass
class Effect:
    before: Window
    after: Window | None  # None until the action has started

    @property
    def rate_change(self) -> Decimal | None:
        if self.after is None or self.before.annualised_rate is None or self.after.annualised_rate is None:
            return None
        return self.after.annualised_rate - self.before.annualised_rate

    @property
    def share_change(self) -> Decimal | None:
        if self.after is None or self.before.reason_share is None or self.after.reason_share is None:
            return None
        return self.after.reason_share - self.before.reason_share

    @property
    def improved(self) -> bool | None:
        change = self.rate_change
        return None if change is None else change < 0


def _window(action: ImprovementAction, start: dt.date, end: dt.date) -> Window:
    employees = Employee.objects.filter(company_id=action.company_id)
    departures = Departure.objects.filter(company_id=action.company_id, separation_date__gte=start,
                                          separation_date__lte=end)
    if action.org_unit_id:
        employees = employees.filter(org_unit__path__startswith=action.org_unit.path)
        departures = departures.filter(org_unit__path__startswith=action.org_unit.path)
    heads = employees.aggregate(s=Count("id", filter=_employed_on(start)), e=Count("id", filter=_employed_on(end)))
    reason = action.reason
    # The departure's reason: verified if HR verified one, else stated; a primary reason covers its children.
    matches = Q(verified_reason=reason) | Q(verified_reason__parent=reason)
    matches |= Q(verified_reason__isnull=True) & (Q(stated_reason=reason) | Q(stated_reason__parent=reason))
    counts = departures.aggregate(n=Count("id"), with_reason=Count("id", filter=matches))
    return Window(start, end, (Decimal(heads["s"] + heads["e"]) / 2), counts["n"], counts["with_reason"])


def effect(action: ImprovementAction, *, today: dt.date | None = None) -> Effect:
    """Before = the cluster period; after = from the start of the action, as long as the cluster
    period, cut at today (rates annualised so windows of different lengths compare)."""
    today = today or timezone.localdate()
    before = _window(action, action.cluster_start, action.cluster_end)
    if action.started_on > today:
        return Effect(before, None)
    length = action.cluster_end - action.cluster_start
    after_end = min(today, action.started_on + length)
    return Effect(before, _window(action, action.started_on, after_end))
