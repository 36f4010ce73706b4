"""What the employee sees of their own case: an explicit projection, never the model.

The case row also holds the policy cap, legal's and HR's internal notes, the engine's run and the
other steps' deciders; the portal's template only ever receives `case_for_employee(...)`.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from farewell.cases.models import CaseStatus, SeparationCase

# When the company's offer is shown to the employee: once it is put to them or approved.
OFFER_STATUSES = (CaseStatus.APPROVED, CaseStatus.IN_HANDOVER)


@dataclass(frozen=True)
class EmployeeCase:
    """The fields of a case the employee may see; nothing else reaches the template."""

    case_type: str
    status: str
    status_label: str
    notice_date: object | None
    separation_date: object | None
    offered_amount: Decimal | None  # None until the offer is put to the employee


def case_for_employee(case: SeparationCase | None, *, awaiting_confirmation: bool) -> EmployeeCase | None:
    if case is None:
        return None
    show_offer = (awaiting_confirmation or case.status in OFFER_STATUSES) and (
        case.statutory_amount is not None and not case.is_notice and not case.is_civil_service)  # 公务员法: no offer
    return EmployeeCase(
        case_type=case.get_case_type_display(),
        status=case.status,
        status_label=case.get_status_display(),
        notice_date=case.notice_date,
        separation_date=case.separation_date,
        offered_amount=case.offered_amount if show_offer else None,
    )
