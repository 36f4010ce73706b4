"""The case list as an XLSX file: openpyxl's write-only mode (rows streamed, never a whole sheet
in memory), the list page's columns plus the money."""

from __future__ import annotations

from collections.abc import Iterable
from typing import BinaryIO

from django.utils import timezone
from django.utils.translation import gettext as _

from .models import SeparationCase

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _headers() -> list[str]:
    return [_("员工"), _("工号"), _("部门"), _("类型"), _("法定事由"), _("状态"), _("风险"), _("逾期"),
            _("解除/终止日"), _("法定金额"), _("协商额外补偿"), _("拟支付"), _("员工诉求"), _("创建时间")]


def write_case_list(cases: Iterable[SeparationCase], fh: BinaryIO) -> int:
    """One row per case (`overdue` annotated by the caller); returns how many rows were written."""
    import openpyxl
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=_("离职案件")[:31])
    bold = Font(bold=True)
    header = []
    for text in _headers():
        cell = WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    count = 0
    for case in cases:
        ws.append([
            case.employee.name, case.employee.employee_number, case.employee.org_unit.name,
            case.get_case_type_display(), case.ground_title, case.get_status_display(), case.get_risk_display(),
            _("是") if getattr(case, "overdue", False) else "",
            case.separation_date, case.statutory_amount, case.extra_compensation, case.offered_amount,
            case.employee_demand, timezone.localtime(case.created_at).replace(tzinfo=None),
        ])
        count += 1
    wb.save(fh)
    return count
