"""XLSX files out: the template of each kind (header row + one example row), exports of the
records, and `stream_xlsx` for any list (employees, flags) — all written with openpyxl's
write-only mode (rows streamed, never a whole sheet in memory)."""

from __future__ import annotations

from typing import BinaryIO

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from farewell.common.cells import xlsx_row
from farewell.common.xlsx import XLSX_CONTENT_TYPE, stream_xlsx  # noqa: F401 - re-exported

from .importers import ImportSpec, export_rows


def _workbook(spec: ImportSpec):
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=str(spec.label)[:31].replace("/", "-"))
    bold = Font(bold=True)
    header = []
    for column in spec.columns:
        cell = openpyxl.cell.WriteOnlyCell(ws, value=column.header + ("*" if column.required else ""))
        cell.font = bold
        header.append(cell)
    ws.append(header)
    return wb, ws


def write_template(spec: ImportSpec, fh: BinaryIO) -> None:
    """The first sheet, the one imported: the header row only (required columns marked *), so a
    template uploaded as downloaded imports nothing. A second sheet 填写说明 gives each column's
    example value and the kind's description (an example row on the first sheet would be
    imported as data — it once overwrote a real position)."""
    from openpyxl.styles import Font

    wb, ws = _workbook(spec)
    notes = wb.create_sheet(title=str(_("填写说明")))
    bold = Font(bold=True)
    import openpyxl

    header = [openpyxl.cell.WriteOnlyCell(notes, value=str(v)) for v in (_("列"), _("必填"), _("示例"))]
    for cell in header:
        cell.font = bold
    notes.append(header)
    for column in spec.columns:
        notes.append([column.header, _("是") if column.required else "", column.example])
    if spec.description:
        notes.append([])
        notes.append([str(spec.description)])
    notes.append([str(_("在第一个工作表填写数据，每行一条；表头可以用文件里常见的列名（如 员工编号、所属部门），导入时可重新对应。"))])
    wb.save(fh)


def write_export(spec: ImportSpec, queryset: QuerySet | None, fh: BinaryIO, rows=None) -> int:
    """Every record of `queryset` (or the given `rows`) in the template's columns (an export
    re-imports unchanged)."""
    wb, ws = _workbook(spec)
    count = 0
    for row in (export_rows(spec, queryset) if rows is None else rows):
        ws.append(xlsx_row(ws, row))  # text that looks like a formula stays text
        count += 1
    wb.save(fh)
    return count


