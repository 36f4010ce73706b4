"""XLSX downloads: one helper for every list export (write-only workbooks, streamed from a temp file)."""

from __future__ import annotations

import tempfile
from collections.abc import Iterable, Sequence

from django.http import FileResponse

from .cells import xlsx_row

XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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
        ws.append(xlsx_row(ws, row))  # text that looks like a formula stays text
    fh = tempfile.TemporaryFile()  # deleted when FileResponse closes it
    wb.save(fh)
    fh.seek(0)
    return FileResponse(fh, as_attachment=True, filename=filename, content_type=XLSX_CONTENT_TYPE)
