"""Cases for the demo company, opened through cases.services as people would: the notices of
the staff whose status is 离职中, and the talks demo's mutual-agreement case sent for review — so
HR, the approvers and the auditor have something in their inbox and the ledger."""

from __future__ import annotations

import datetime as dt
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from farewell.cases import services as case_services
from farewell.cases.models import CaseStatus, CaseType, SeparationCase
from farewell.org.models import Company, Employee, EmployeeStatus
from farewell.talks.demo import _hr_user

from .files import notice_scan_pdf

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
        # A written notice HR received on paper some days ago (LCL 37): a notice, not a request to
        # approve; HR records it with the scan (cases/notices.py), as a customer's HR would.
        notice_date = today - dt.timedelta(days=rng.randint(3, 20))
        scan = SimpleUploadedFile(f"辞职通知-{employee.employee_number}.pdf",
                                  notice_scan_pdf(employee.employee_number, notice_date), "application/pdf")
        case = case_services.open_case(employee, CaseType.RESIGNATION, actor=hr, notice_date=notice_date,
                                       reason=rng.choice(REASONS), notice_evidence=scan)
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
