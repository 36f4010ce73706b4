"""A file with its headers and no rows is refused with a clear message, for every kind and both
formats, and writes nothing to the ledger; an unreadable .xlsx gets a Chinese message without
Python's English exception text inside it."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from farewell.ledger.models import LedgerEntry
from farewell.records.importers import SPECS, get_spec, import_file

from .test_importers import _rows


@pytest.mark.parametrize("kind", sorted(SPECS))
@pytest.mark.parametrize("fmt", ["csv", "xlsx"])
def test_headers_without_rows_are_refused(world, files, kind, fmt):
    headers = _rows(kind)[0] if kind in _known() else get_spec(kind).headers
    before = LedgerEntry.objects.count()
    path = getattr(files, fmt)([headers, ["", "", ""][: len(headers)]])
    report = import_file(kind, path, company=world.company, user=world.users["hr_admin"])
    assert not report.committed
    assert any("没有要导入的数据" in e for e in report.errors), report.errors
    assert LedgerEntry.objects.count() == before


def test_one_row_is_enough(world, files):
    report = import_file("reviews", files.csv(_rows("reviews", world.lisi)), company=world.company)
    assert report.errors == [] and report.committed


def test_an_unreadable_xlsx_is_explained_in_chinese(world, tmp_path):
    path = tmp_path / "x.xlsx"
    path.write_bytes(b"this is a CSV renamed to xlsx")
    report = import_file("reviews", path, company=world.company)
    assert len(report.errors) == 1
    assert "zip" not in report.errors[0].lower() and not re.search(r"(?<![.\w])[A-Za-z]{4,}", report.errors[0].replace("Excel", ""))
    assert "另存为" in report.errors[0]


def _known():
    from .test_importers import GOOD

    return GOOD


def test_the_upload_page_refuses_a_header_only_file_before_the_mapping_step(client, world, files):
    client.force_login(world.users["hr_admin"])
    path = files.csv([_rows("reviews")[0]])
    with path.open("rb") as fh:
        page = client.post(reverse("records:upload"), {"kind": "reviews", "file": fh}, follow=True)
    assert "没有要导入的数据" in page.content.decode()
    from farewell.common.models import Job

    assert not Job.objects.filter(created_by=world.users["hr_admin"]).exists()


def test_a_file_level_error_does_not_claim_zero_bad_rows(world, files):
    report = import_file("reviews", files.csv([_rows("reviews")[0]]), company=world.company)
    assert report.summary() == "未写入任何数据"
