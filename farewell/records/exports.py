"""XLSX files out: the template of each kind (header row + one example row), exports of the
records, and `stream_xlsx` for any list (employees, flags) — all written with openpyxl's
write-only mode (rows streamed, never a whole sheet in memory)."""

from __future__ import annotations

from typing import BinaryIO

from django.db.models import QuerySet

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
    """The header row (required columns marked *) and one example row."""
    wb, ws = _workbook(spec)
    ws.append([column.example for column in spec.columns])
    wb.save(fh)


def write_export(spec: ImportSpec, queryset: QuerySet | None, fh: BinaryIO, rows=None) -> int:
    """Every record of `queryset` (or the given `rows`) in the template's columns (an export
    re-imports unchanged)."""
    wb, ws = _workbook(spec)
    count = 0
    for row in (export_rows(spec, queryset) if rows is None else rows):
        ws.append(row)
        count += 1
    wb.save(fh)
    return count


