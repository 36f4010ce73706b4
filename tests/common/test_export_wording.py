"""One wording for the spreadsheet export button on every page: 导出 Excel (English: Export to Excel). The
new-user check found 导出Excel on one page, 导出 Excel on others and 导出 XLSX on the audit pages."""

from __future__ import annotations

import re
from pathlib import Path

import farewell

ROOT = Path(farewell.__file__).parent
OTHER_WORDING = re.compile(r"导出\s*(?:XLSX|xlsx|EXCEL|excel)|导出Excel|导出\s{2,}Excel")


def test_every_export_button_says_export_to_excel_the_same_way():
    found = [str(path.relative_to(ROOT)) for path in ROOT.rglob("*.html")
             if OTHER_WORDING.search(path.read_text(encoding="utf-8"))]
    assert found == []
