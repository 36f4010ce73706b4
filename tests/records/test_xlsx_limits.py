"""An uploaded XLSX is bounded before openpyxl reads it: decompressed size, the shared-strings
table, each cell's text; the rows are counted in the file (not its <dimension>) and decide
whether the import runs in the request or in the worker; the workbook is not re-opened to
show the mapping page."""

from __future__ import annotations

import re
import zipfile

import openpyxl
import pytest

from farewell.common.models import Job
from farewell.records import import_jobs, xlsx_limits
from farewell.records.xlsx_limits import XlsxLimitError, check_xlsx
from tests.records.conftest import write_xlsx

HEADER = ["工号", "周期", "分数"]


SST = b'<?xml version="1.0" encoding="UTF-8"?><sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'


def rewrite_member(path, name, change):
    """Copy the XLSX with one member's XML changed or added (what a crafted file does)."""
    with zipfile.ZipFile(path) as archive:
        members = {info.filename: archive.read(info) for info in archive.infolist()}
    members[name] = change(members.get(name, b""))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in members.items():
            archive.writestr(member, data)
    return path


def one_huge_string(tmp_path, chars: int, *, shared: bool):
    """A few KB of ZIP holding one `chars`-long string: in the sheet (an inline string) or in
    the shared-strings table (which openpyxl loads whole)."""
    path = tmp_path / "bomb.xlsx"
    wb = openpyxl.Workbook()
    wb.active.append(HEADER)
    wb.active.append(["x", "2025-03", 1])
    wb.save(path)
    huge = b"A" * chars
    if shared:
        return rewrite_member(path, "xl/sharedStrings.xml",
                              lambda _xml: SST + b"<si><t>" + huge + b"</t></si></sst>")
    return rewrite_member(path, "xl/worksheets/sheet1.xml",
                          lambda xml: re.sub(rb"<t>x</t>", b"<t>" + huge + b"</t>", xml))


def upload(client, path):
    with open(path, "rb") as fh:
        return client.post("/records/import/", {"kind": "reviews", "file": fh}, follow=True)


@pytest.fixture
def no_openpyxl_parse(monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("openpyxl parsed a file that breaks the bounds")

    monkeypatch.setattr(openpyxl, "load_workbook", refuse)


@pytest.mark.parametrize("shared", [True, False], ids=["shared-strings", "inline"])
def test_a_cell_longer_than_excel_allows_is_refused_before_parsing(client, world, tmp_path, no_openpyxl_parse,
                                                                  shared):
    path = one_huge_string(tmp_path, 5_000_000, shared=shared)
    assert path.stat().st_size < 100_000  # the shape of the attack: tiny on the wire
    client.force_login(world.users["hr_admin"])
    page = upload(client, path).content.decode()
    assert "单元格内容过长" in page
    assert not Job.objects.exists()


def test_the_decompressed_size_is_bounded(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "big.xlsx", [HEADER] + [[f"E{i}", "2025-03", i] for i in range(2000)])
    monkeypatch.setattr(xlsx_limits, "MAX_TOTAL_BYTES", 20_000)
    with pytest.raises(XlsxLimitError, match="解压后超过"):
        check_xlsx(path)


def test_the_shared_strings_table_is_bounded(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "strings.xlsx", [HEADER])
    strings = b"".join(f"<si><t>员工{i}</t></si>".encode() for i in range(3000))
    rewrite_member(path, "xl/sharedStrings.xml", lambda _xml: SST + strings + b"</sst>")
    monkeypatch.setattr(xlsx_limits, "MAX_SHARED_STRINGS_BYTES", 10_000)
    with pytest.raises(XlsxLimitError, match="文字内容超过"):
        check_xlsx(path)


def test_rows_are_counted_in_the_file_not_taken_from_its_dimension(tmp_path):
    path = write_xlsx(tmp_path / "rows.xlsx", [HEADER] + [[f"E{i}", "2025-03", i] for i in range(2500)])
    rewrite_member(path, "xl/worksheets/sheet1.xml",
                   lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', xml))
    assert check_xlsx(path).rows == 2501


def test_many_rows_in_a_small_file_go_to_the_worker(client, world, tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "rows.xlsx",
                      [HEADER] + [[world.lisi.employee_number, f"2025-{m:02d}", m] for m in range(1, 13)] * 200)
    rewrite_member(path, "xl/worksheets/sheet1.xml",
                   lambda xml: re.sub(rb'<dimension ref="[^"]*"/>', b'<dimension ref="A1:A1"/>', xml))
    assert path.stat().st_size < import_jobs.MAX_UPLOAD_BYTES
    queued = []
    monkeypatch.setattr(import_jobs, "run_import_job", type("Spy", (), {"enqueue": lambda self, pk: queued.append(pk)})())
    client.force_login(world.users["hr_admin"])
    upload(client, path)
    job = Job.objects.get()
    assert job.result["rows"] == 2400 > import_jobs.INLINE_MAX_ROWS
    client.post(f"/records/import/{job.code}/confirm/",
                {f"map-{f}": "" if i is None else i for f, i in job.result["mapping"].items()})
    assert queued == [job.pk]


def test_the_workbook_is_opened_once_to_preview_and_once_to_import(client, world, files, monkeypatch):
    path = files.xlsx([HEADER, [world.lisi.employee_number, "2025-03", 88]])
    opened = []
    real = openpyxl.load_workbook
    monkeypatch.setattr(openpyxl, "load_workbook", lambda *a, **k: opened.append(1) or real(*a, **k))
    client.force_login(world.users["hr_admin"])
    upload(client, path)
    job = Job.objects.get()
    for _ in range(3):  # the mapping page, reloaded
        assert client.get(f"/records/import/{job.code}/").status_code == 200
    assert len(opened) == 1
    client.post(f"/records/import/{job.code}/confirm/",
                {f"map-{f}": "" if i is None else i for f, i in job.result["mapping"].items()})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE  # 1 row: inline
    assert len(opened) == 2
