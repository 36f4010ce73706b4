"""Formula injection: text that a spreadsheet would run (=, +, -, @, or a tab or CR before them)
is written as text in every XLSX export (the list exports and the record exports) and in CSV."""

from __future__ import annotations

import csv
import io
import zipfile

import openpyxl

from farewell.common.cells import csv_row, looks_like_formula
from farewell.common.xlsx import stream_xlsx
from farewell.records.exports import write_export
from farewell.records.importers import SPECS
from farewell.records.tables import write_csv
from tests.factories import make_employee

ATTACKS = ["=HYPERLINK(\"http://evil.test\",\"点我\")", "+cmd|' /C calc'!A0", "-2+3+cmd|' /C calc'!A0",
           "@SUM(1+1)*cmd|' /C calc'!A0", "\t=1+1", "\r=1+1"]
HARMLESS = ["张三", "-5", "+86", "3.5", "a=b"]


def sheet_xml(content: bytes) -> str:
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        return archive.read("xl/worksheets/sheet1.xml").decode("utf-8")


def assert_text_cells(content: bytes, expected: list[str]) -> None:
    assert "<f>" not in sheet_xml(content), "a formula was written"
    ws = openpyxl.load_workbook(io.BytesIO(content)).worksheets[0]
    cells = [cell for row in ws.iter_rows(min_row=2) for cell in row]
    by_value = {cell.value: cell for cell in cells}
    for text in expected:
        cell = by_value[text]  # the very same characters come back (an export re-imports unchanged)
        assert cell.data_type == "s", text
        assert cell.quotePrefix, text


def test_the_list_export_writes_formulas_as_text():
    response = stream_xlsx("x.xlsx", "x", ["a"], [[text] for text in ATTACKS + HARMLESS])
    content = b"".join(response.streaming_content)
    assert_text_cells(content, ATTACKS)


def test_the_employee_export_over_http_writes_a_name_as_text(client, world):
    make_employee(world.sales, '=HYPERLINK("http://evil.test","工资单")')
    client.force_login(world.users["hr_admin"])
    response = client.get("/employees/export.xlsx")
    assert response.status_code == 200
    assert_text_cells(b"".join(response.streaming_content), ['=HYPERLINK("http://evil.test","工资单")'])


def test_every_record_export_writes_formulas_as_text():
    for kind, spec in SPECS.items():
        fh = io.BytesIO()
        width = len(spec.columns)
        write_export(spec, None, fh, rows=[[text] * width for text in ATTACKS])
        assert "<f>" not in sheet_xml(fh.getvalue()), kind
        assert_text_cells(fh.getvalue(), ATTACKS)


def test_csv_gets_an_apostrophe_before_a_formula_and_nothing_else(tmp_path):
    assert all(looks_like_formula(text) for text in ATTACKS)
    assert not any(looks_like_formula(text) for text in HARMLESS)
    assert csv_row(["=1+1", "-5", 3, None]) == ["'=1+1", "-5", 3, None]
    path = tmp_path / "x.csv"
    write_csv(path, ["a"], [[text] for text in ATTACKS + HARMLESS])
    with path.open(encoding="utf-8-sig", newline="") as fh:
        values = [row[0] for row in csv.reader(fh)][1:]
    assert values == [f"'{text}" for text in ATTACKS] + HARMLESS
