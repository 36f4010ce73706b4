"""Text tables for a terminal: Chinese characters take two columns there, so `str.ljust` (which counts
characters) misaligns any column after one that holds them."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable, Sequence


def display_width(text: str) -> int:
    """Columns `text` takes in a terminal: wide and full-width characters (East Asian Width W or F) two,
    combining marks none, others one."""
    width = 0
    for char in text:
        if unicodedata.combining(char):
            continue
        width += 2 if unicodedata.east_asian_width(char) in ("W", "F") else 1
    return width


def pad(text: str, width: int) -> str:
    """`text` padded with spaces to `width` terminal columns (never cut)."""
    return text + " " * max(width - display_width(text), 0)


def table_lines(rows: Iterable[Sequence[str]], *, indent: str = "  ", gap: str = "  ") -> list[str]:
    """The rows as aligned lines: every column but the last padded to its widest cell; trailing blanks dropped."""
    rows = [list(row) for row in rows]
    if not rows:
        return []
    columns = max(len(row) for row in rows)
    widths = [max((display_width(row[i]) for row in rows if i < len(row)), default=0) for i in range(columns)]
    lines = []
    for row in rows:
        cells = [pad(cell, widths[i]) if i < len(row) - 1 else cell for i, cell in enumerate(row)]
        lines.append((indent + gap.join(cells)).rstrip())
    return lines
