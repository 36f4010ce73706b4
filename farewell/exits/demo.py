"""Exit data for the demo company, made through the exits services (never written directly):
departure records for the latest leavers, their classification, signed exit interviews with
stated reasons, a verified reason for most, and an improvement action on the largest cluster."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.utils import timezone

from farewell.accounts.models import Role, RoleGrant
from farewell.org.models import Company, Employee, EmployeeStatus

from . import actions, report, services
from .models import Channel, ExitReason, Kind

# At most this many leavers get a departure record and an interview (the rest come with the sweep).
MAX_DEPARTURES = 160
# (reason code, weight): what leavers say; the first unit of the company says 薪酬 more often.
STATED = [("pay_below_market", 5), ("pay_raise", 2), ("manager_style", 3), ("workload_overtime", 3),
          ("development_promotion", 4), ("another_offer", 3), ("family", 2), ("relocation", 1), ("study", 1),
          ("training_not_given", 1), ("conditions_team", 1)]
# Verified differently now and then: what HR found behind the stated reason.
VERIFIED_INSTEAD = {"development_promotion": "manager", "family": "workload", "another_offer": "pay"}
WORDS = {
    "pay_below_market": "同样的岗位外面给得更多，几年没有调薪。",
    "pay_raise": "调薪名额太少，轮不到。",
    "manager_style": "和直接上级沟通不顺，意见不被采纳。",
    "workload_overtime": "连续几个月加班，身体吃不消。",
    "development_promotion": "看不到晋升的机会。",
    "another_offer": "拿到了一个更好的机会。",
    "family": "家里需要照顾。",
    "relocation": "随家人去外地。",
    "study": "准备出国读书。",
    "training_not_given": "申请的培训一直没有安排。",
    "conditions_team": "团队氛围不太好。",
}


def _hr_for(company: Company):
    grant = (RoleGrant.objects.filter(company=company, role=Role.HR_ADMIN, org_unit__isnull=True)
             .select_related("user").order_by("pk").first())
    return grant.user if grant is not None else None


def build_exits_demo(company: Company, rng: random.Random, *, today: dt.date) -> dict[str, int]:
    """Run after the people and the cases exist. Returns the rows made by kind."""
    counts = {"departures": 0, "interviews": 0, "verified": 0, "actions": 0}
    hr = _hr_for(company)
    if hr is None:
        return counts
    reasons = {r.code: r for r in ExitReason.objects.filter(company=company, active=True).select_related("parent")}
    stated_codes = [code for code, weight in STATED for _i in range(weight) if code in reasons]
    if not stated_codes:
        return counts
    leavers = list(Employee.objects.filter(company=company, status=EmployeeStatus.SEPARATED,
                                           separation_date__lte=today).select_related("org_unit", "position")
                   .order_by("-separation_date", "pk")[:MAX_DEPARTURES])
    # The department (depth 1) with the most leavers: its people say 薪酬 more often (a cluster to act on).
    by_department = Counter(e.org_unit.path[:10] for e in leavers if len(e.org_unit.path) >= 10)
    first_unit = by_department.most_common(1)[0][0] if by_department else "-"
    with transaction.atomic():
        for employee in leavers:
            departure = services.open_departure(employee, acting_user=hr, separation_date=employee.separation_date)
            counts["departures"] += 1
            voluntary = rng.random() < 0.8
            services.classify(departure, acting_user=hr, kind=Kind.VOLUNTARY if voluntary else Kind.INVOLUNTARY,
                              regrettable=voluntary and rng.random() < 0.35)
            if not voluntary or rng.random() < 0.25:
                continue  # no interview (yet)
            code = ("pay_below_market" if employee.org_unit.path.startswith(first_unit) and rng.random() < 0.5
                    else rng.choice(stated_codes))
            held_at = timezone.make_aware(dt.datetime.combine(
                employee.separation_date - dt.timedelta(days=rng.randint(1, 5)), dt.time(15, 0)))
            interview = services.start_interview(departure, acting_user=hr, held_at=held_at,
                                                 channel=rng.choice([Channel.IN_PERSON, Channel.IN_PERSON, Channel.VIDEO]))
            services.update_interview(interview, acting_user=hr, fields={
                "statements": WORDS.get(code, ""), "would_return": rng.random() < 0.6,
            }, reasons=[{"reason": reasons[code], "primary": True, "note": WORDS.get(code, "")[:500]}])
            services.sign_interview(interview, acting_user=hr)
            counts["interviews"] += 1
            if rng.random() < 0.7:
                departure.refresh_from_db()
                instead = VERIFIED_INSTEAD.get(code) if rng.random() < 0.4 else None
                verified = reasons.get(instead) if instead else reasons[code]
                note = "" if verified.pk == reasons[code].pk else "记录显示另有原因（见陈述与核实）"
                services.verify_reason(departure, acting_user=hr, reason=verified, note=note)
                counts["verified"] += 1
        # An improvement action on the largest reason cluster of the last two quarters.
        end = today.replace(day=1) - dt.timedelta(days=1)
        start = end.replace(day=1) - relativedelta(months=5)
        period = report.Period(start, end, f"{start}–{end}")
        clusters = report.clusters(report.Scope(company.pk, None), period)
        if clusters:
            top = clusters[0]
            actions.create_action(
                acting_user=hr, company=company, title=f"{top.unit.name}：针对“{top.reason.name}”的改进",
                reason=top.reason, org_unit=top.unit, cluster_start=start, cluster_end=end, owner=hr,
                due_date=today + dt.timedelta(days=60), started_on=today,
                measure=f"{top.unit.name}因“{top.reason.name}”离职的占比下降一半")
            counts["actions"] += 1
    return counts
