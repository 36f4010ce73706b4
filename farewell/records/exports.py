"""XLSX files out: the template of each kind (header row + one example row), exports of the
records, and `stream_xlsx` for any list (employees, flags) — all written with openpyxl's
write-only mode (rows streamed, never a whole sheet in memory)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence
from typing import BinaryIO

from django.db.models import QuerySet
from django.http import FileResponse

from .importers import ImportSpec, export_rows

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


def write_export(spec: ImportSpec, queryset: QuerySet, fh: BinaryIO) -> int:
    """Every record of `queryset` in the template's columns (an export re-imports unchanged)."""
    wb, ws = _workbook(spec)
    count = 0
    for row in export_rows(spec, queryset):
        ws.append(row)
        count += 1
    wb.save(fh)
    return count


def stream_xlsx(filename: str, title: str, headers: list[str], rows: Iterable[Sequence]) -> FileResponse:
    """Any table as an XLSX download: a write-only workbook (rows go to a temporary file as they
    come, never a whole sheet in memory: 100,000 employees is a few MB), sent in blocks."""
    import openpyxl
    from openpyxl.styles import Font

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet(title=title[:31].replace("/", "-"))
    bold = Font(bold=True)
    header = []
    for text in headers:
        cell = openpyxl.cell.WriteOnlyCell(ws, value=text)
        cell.font = bold
        header.append(cell)
    ws.append(header)
    for row in rows:
        ws.append(row)
    fh = tempfile.TemporaryFile()  # deleted when FileResponse closes it
    wb.save(fh)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
