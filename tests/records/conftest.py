"""Files for the import tests: write rows as CSV (UTF-8 BOM, plain UTF-8 or GB18030) or XLSX."""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest


def write_csv(path: Path, rows: list[list], encoding: str = "utf-8-sig") -> Path:
    with path.open("w", encoding=encoding, newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


def write_xlsx(path: Path, rows: list[list]) -> Path:
    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet()
    for row in rows:
        ws.append(row)
    wb.save(path)
    return path


@pytest.fixture
def files(tmp_path):
    class Files:
        def csv(self, rows, name="data.csv", encoding="utf-8-sig"):
            return write_csv(tmp_path / name, rows, encoding)

        def xlsx(self, rows, name="data.xlsx"):
            return write_xlsx(tmp_path / name, rows)

    return Files()
