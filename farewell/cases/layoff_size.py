"""The LCL 41 ¶1 threshold, judged in one place: the batch page, every member's case page and every
member's engine input read it from here (services.case_engine_input, layoffs.py, the case panel)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import ROUND_DOWN, Decimal

from django.db.models import Q
from django.utils import timezone

from farewell.law.procedure import LAYOFF_HEADCOUNT, LAYOFF_SHARE_PERCENT, layoff_consultation_required
from farewell.org.models import Employee, EmployeeStatus, EmploymentType

from .models import CaseFamily, CaseStatus

# Members who left the batch (withdrawn, or rejected before the batch was decided) are not laid off.
NOT_COUNTED = (CaseStatus.WITHDRAWN, CaseStatus.REJECTED)
# 企业职工总数 counts the employer's own staff: a dispatched worker's employer is the agency (LCL 58),
# an intern has no labour relationship with the company.
NOT_OWN_STAFF = (EmploymentType.DISPATCH, EmploymentType.INTERN)

__all__ = ["LAYOFF_HEADCOUNT", "LAYOFF_SHARE_PERCENT", "LayoffSize", "employer_headcount", "layoff_size"]


def employer_headcount(company_id: int, on: dt.date) -> int:
    """The company's own staff on `on`, from the records: hired by then, not separated before it."""
    return (
        Employee.objects.filter(company_id=company_id, hire_date__lte=on)
        .exclude(employment_type__in=NOT_OWN_STAFF)
        .exclude(separation_date__lt=on)
        .exclude(Q(status=EmployeeStatus.SEPARATED) & Q(separation_date__isnull=True))
        .count()
    )


@dataclass(frozen=True)
class LayoffSize:
    layoff_headcount: int
    employer_headcount: int
    on: dt.date

    @property
    def required(self) -> bool:
        """LCL 41 ¶1: 20 or more, or fewer than 20 but 10% or more of the headcount (bounds included)."""
        return bool(layoff_consultation_required(self.layoff_headcount, self.employer_headcount))

    @property
    def share_percent(self) -> Decimal:
        """Shown to one decimal, rounded down: 9.96% reads 9.9%, never a 10.0% that does not count."""
        if not self.employer_headcount:
            return Decimal(0)
        return (Decimal(self.layoff_headcount * 100) / self.employer_headcount).quantize(
            Decimal("0.1"), rounding=ROUND_DOWN)

    @property
    def by_count(self) -> bool:
        return self.layoff_headcount >= LAYOFF_HEADCOUNT


def layoff_size(family: CaseFamily) -> LayoffSize:
    """The batch's members still counted and the employer's headcount on the batch's planned date."""
    on = family.planned_date or timezone.localdate()
    members = family.cases.exclude(status__in=NOT_COUNTED).count()
    return LayoffSize(members, employer_headcount(family.company_id, on), on)
