"""Builders for layoff batch tests: staff in bulk, a batch, HR's answers, the procedure filings, and
walking the batch's steps with the persona each role maps to (tests/cases/conftest.py)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.cases import layoff_routing, layoffs
from farewell.cases.layoff_choices import FilingKind
from farewell.cases.models import STEP_ROLES, StepStatus
from farewell.org.models import Contract, Employee, WageMonth
from tests.cases.conftest import PERSONA_FOR_ROLE
from tests.factories import make_employee

WAGE = Decimal(10000)


def make_staff(unit, count: int, *, prefix: str = "员工", wages: bool = True, contract: str | None = "short",
               **fields) -> list[Employee]:
    """`count` employees in `unit` (in bulk), each with 13 months of wages up to this month and a 24-month fixed-term
    contract (not a priority group), or an open-ended one (contract="open_ended"), or none."""
    employees = [make_employee(unit, f"{prefix}{i}", **fields) for i in range(count)]
    if wages:
        first = timezone.localdate().replace(day=1) - relativedelta(months=12)
        WageMonth.objects.bulk_create([
            WageMonth(employee=e, month=first + relativedelta(months=m), base=WAGE, total=WAGE)
            for e in employees for m in range(13)
        ])
    if contract == "short":
        start = timezone.localdate() - relativedelta(months=6)
        Contract.objects.bulk_create([
            Contract(employee=e, kind="fixed_term", start_date=start, end_date=start + relativedelta(months=24)
                     - dt.timedelta(days=1)) for e in employees])
    elif contract == "open_ended":
        Contract.objects.bulk_create([
            Contract(employee=e, kind="open_ended", start_date=e.hire_date) for e in employees])
    return employees


def headcount_filler(unit, count: int) -> None:
    """`count` more staff in the company, without wages or contracts (they only count in the headcount)."""
    n = Employee.objects.count()
    Employee.objects.bulk_create([
        Employee(company=unit.company, employee_number=f"F{n + i:07d}", name=f"在职{i}", gender="male",
                 birth_date=dt.date(1990, 1, 1), hire_date=dt.date(2020, 1, 1), org_unit=unit)
        for i in range(count)
    ])


def new_batch(world, employees, *, actor=None, planned=None, reason_code="difficulty", title="2026 销售部调整"):
    actor = actor or world.users["hrbp_sales"]
    planned = planned or timezone.localdate() + dt.timedelta(days=40)
    return layoffs.create_batch(world.company, list(employees), acting_user=actor, title=title, planned_date=planned,
                                reason_code=reason_code, reason="订单连续两年下降，产线关停")


def answer_all(family, actor, *, sole_earner=False):
    answers = {c.pk: layoffs.Answer(sole_earner=sole_earner, reason="员工书面说明及户口簿" if sole_earner else "",
                                    retention_reason="所在岗位整体撤销，无同类岗位可留用")
               for c in layoff_routing.counted_members(family)}
    layoffs.answer_members(family, answers, acting_user=actor)


def pdf(name="说明会纪要.pdf"):
    return SimpleUploadedFile(name, b"%PDF-1.4 layoff document", content_type="application/pdf")


def record_procedure(family, actor, *, explained_on=None, reported_on=None):
    today = timezone.localdate()
    layoffs.record_filing(family, FilingKind.EXPLANATION, acting_user=actor, done_on=explained_on or today,
                          addressee="公司工会委员会", summary="工会无异议", upload=pdf())
    layoffs.record_filing(family, FilingKind.REPORT, acting_user=actor, done_on=reported_on or today,
                          addressee="区人力资源和社会保障局", upload=pdf("报告回执.pdf"))


def walk_batch(family, world, *, comment="同意") -> list[str]:
    """Approve every active batch step with the persona its role maps to, until none is left."""
    decided = []
    for _ in range(10):
        step = family.steps.filter(status=StepStatus.ACTIVE).first()
        if step is None:
            break
        user = world.users[PERSONA_FOR_ROLE[STEP_ROLES[step.kind]]]
        layoffs.decide_step(step, "approve", acting_user=user, comment=comment)
        decided.append(step.kind)
        family.refresh_from_db()
    return decided
