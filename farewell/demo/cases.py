"""Cases for the demo company, opened through cases.services as people would: the notices of
the staff whose status is 离职中, and the talks demo's mutual-agreement case sent for review — so
HR, the approvers and the auditor have something in their inbox and the ledger."""

from __future__ import annotations

import datetime as dt
import random

from farewell.cases import services as case_services
from farewell.cases.models import CaseStatus, SeparationCase
from farewell.org.models import Company, Employee, EmployeeStatus
from farewell.talks.demo import _hr_user

REASONS = ("个人职业发展", "家庭原因，需回老家照顾父母", "继续深造", "通勤距离过远")
NOTICES = 3  # how many 离职中 people hand in a notice


def build_cases_demo(company: Company, rng: random.Random, *, today: dt.date) -> dict[str, int]:
    counts = {"notices": 0, "submitted": 0}
    leaving = (Employee.objects.filter(company=company, status=EmployeeStatus.SEPARATING)
               .exclude(separation_cases__isnull=False).select_related("org_unit").order_by("employee_number"))
    for employee in list(leaving)[:NOTICES]:
        hr = _hr_user(employee)
        if hr is None:
            continue
        # A written notice HR received on paper (LCL 37): a notice, not a request to approve.
        case = case_services.give_notice(employee, actor=hr, notice_date=today - dt.timedelta(days=rng.randint(3, 20)),
                                         reason=rng.choice(REASONS))
        if counts["notices"] % 2 == 0:
            case_services.acknowledge_notice(case, actor=hr, comment="已收到书面辞职通知")
        counts["notices"] += 1
    for case in SeparationCase.objects.filter(employee__company=company, status=CaseStatus.DRAFT).order_by("id"):
        hr = _hr_user(case.employee)
        if hr is None:
            continue
        try:
            case_services.submit_case(case, actor=hr)
        except case_services.CaseError:
            continue  # a blocked legality check stays a draft for HR to fix
        counts["submitted"] += 1
    return counts
