"""Spreadsheet cells that cannot run: formula injection in exports (CSV/XLSX).

A name, comment or reason typed as `=HYPERLINK(...)`, `+cmd|...`, `-2+3`, `@SUM(...)` (or with a
tab or carriage return before them) is a formula to a spreadsheet program that opens the
export. Such text is written as text: in XLSX as a string cell marked quotePrefix (Excel shows
and keeps it as text, and re-importing the file gives the same characters back); in CSV with
a leading apostrophe, the convention spreadsheet programs read as "text follows".
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
PLAIN_NUMBER = re.compile(r"[+-]?\d+(?:[.,]\d+)*")


def looks_like_formula(value) -> bool:
    return isinstance(value, str) and value.startswith(FORMULA_STARTS) and not PLAIN_NUMBER.fullmatch(value)


def xlsx_row(ws, row: Sequence) -> list:
    """The row for a write-only sheet, text that looks like a formula as a text cell."""
    from openpyxl.cell import WriteOnlyCell

    out = []
    for value in row:
        if isinstance(value, str) and value.startswith(FORMULA_STARTS):
            cell = WriteOnlyCell(ws, value=value)
            cell.data_type = "s"  # openpyxl would store "=…" as a formula
            cell.quotePrefix = True
            out.append(cell)
        else:
            out.append(value)
    return out


def csv_row(row: Iterable) -> list:
    return [f"'{value}" if looks_like_formula(value) else value for value in row]
