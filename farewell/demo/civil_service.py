"""Civil-service cases for the demo bureau (公务员法), opened through the cases services as the bureau's
personnel department would: a 辞去公职 application whose approval period ends within the week (the
sweep reminds it), and a 辞退 for absence, each with its checklist answered and sent for approval."""

from __future__ import annotations

import datetime as dt
import random

from farewell.accounts.models import Role, RoleGrant
from farewell.cases import civil_service, civil_service_actions
from farewell.cases import services as case_services
from farewell.cases.models import CaseType, SeparationCase
from farewell.org.models import Company, Employee, EmployeeStatus
from farewell.talks.demo import _hr_user

# The application was received this many days ago: 30 − 24 = 6 days left of the CSL 85 period.
RESIGNATION_RECEIVED_DAYS_AGO = 24
ABSENCE_REASON = ("2026年内无正当理由旷工累计超过三十天（考勤记录及本人书面说明附后），"
                  "经单位两次书面督促仍未返岗。")


def _candidates(bureau: Company, *, today: dt.date) -> list[Employee]:
    """Active civil servants without a case, not heads of a unit and in no protected period on record
    (CSL 89: the demo's bureau does not try to dismiss a pregnant officer), in a deterministic order."""
    people = (Employee.objects.filter(company=bureau, status=EmployeeStatus.ACTIVE, headed_units__isnull=True)
              .exclude(separation_cases__isnull=False).select_related("org_unit").order_by("employee_number"))
    return [p for p in people if not case_services.protected_statuses_on(p, today + dt.timedelta(days=30))]


def _answer_all_no(case: SeparationCase, hr) -> None:
    for item in civil_service.checklist_for(case):
        civil_service_actions.answer_item(case, item.code, False, actor=hr, note="经核查，不存在此情形")
        case.refresh_from_db()


def _bureau_admin(bureau: Company):
    grant = (RoleGrant.objects.filter(company=bureau, role=Role.HR_ADMIN, org_unit__isnull=True,
                                      user__is_active=True).select_related("user").order_by("pk").first())
    return grant.user if grant else None


def build_civil_service_demo(bureau: Company | None, rng: random.Random, *, today: dt.date) -> dict[str, int]:
    counts = {"civil_service_cases": 0}
    if bureau is None:
        return counts
    people = _candidates(bureau, today=today)
    rng.shuffle(people)
    plans = [(CaseType.CS_RESIGNATION, None), (CaseType.CS_DISMISSAL, "cs_dismissal_absence")]
    for employee, (case_type, ground) in zip(people, plans, strict=False):
        # Opened by the bureau's HR admin, so that its HRBP (hrbp2) can review under the four-eyes rule.
        hr = _bureau_admin(bureau) or _hr_user(employee)
        if hr is None:
            continue
        if case_type == CaseType.CS_RESIGNATION:
            received = today - dt.timedelta(days=RESIGNATION_RECEIVED_DAYS_AGO)
            case = case_services.open_case(employee, case_type, actor=hr, notice_date=received,
                                           separation_date=received + dt.timedelta(days=60), reason="个人发展原因")
        else:
            case = case_services.open_case(employee, case_type, actor=hr, ground=ground, reason=ABSENCE_REASON,
                                           separation_date=today + dt.timedelta(days=30))
        _answer_all_no(case, hr)
        try:
            case_services.submit_case(case, actor=hr)
        except case_services.CaseError:
            pass  # a blocked check stays a draft for HR to look at
        counts["civil_service_cases"] += 1
    return counts
