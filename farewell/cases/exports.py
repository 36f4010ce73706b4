"""The case list as an XLSX file (common.xlsx): the list page's columns plus the money."""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SeparationCase


def headers() -> list[str]:
    return [_("员工"), _("工号"), _("部门"), _("类型"), _("法定事由"), _("状态"), _("风险"), _("逾期"),
            _("解除/终止日"), _("法定金额"), _("协商额外补偿"), _("拟支付"), _("员工诉求"), _("创建时间")]


def case_rows(cases: Iterable[SeparationCase]) -> Iterator[list]:
    """One row per case (`overdue` annotated by the caller)."""
    for case in cases:
        yield [
            case.employee.name, case.employee.employee_number, case.employee.org_unit.name,
            case.get_case_type_display(), case.ground_title, case.get_status_display(), case.get_risk_display(),
            _("是") if getattr(case, "overdue", False) else "",
            case.separation_date, case.statutory_amount, case.extra_compensation, case.offered_amount,
            case.employee_demand, timezone.localtime(case.created_at).replace(tzinfo=None),
        ]
