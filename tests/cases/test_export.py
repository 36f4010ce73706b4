"""The case list as XLSX: the filters applied, the user's scope only, opened with openpyxl."""

from __future__ import annotations

import io
from decimal import Decimal

import openpyxl
import pytest

from farewell.cases import services


@pytest.fixture
def cases(staffed, soon):
    world = staffed
    hr = world.users["hr_admin"]
    lisi = services.open_case(world.lisi, "mutual_employer", actor=hr, separation_date=soon,
                              extra_compensation=Decimal(5000))
    zhaoliu = services.open_case(world.zhaoliu, "expiry", actor=hr, separation_date=soon)
    chenqi = services.open_case(world.chenqi, "mutual_employer", actor=hr, separation_date=soon)  # R&D
    return lisi, zhaoliu, chenqi


def _rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith('attachment; filename="cases-')
    wb = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content)))  # streamed file
    return list(wb.active.iter_rows(values_only=True))


def test_it_exports_the_filtered_cases_in_scope(client, staffed, cases):
    lisi, zhaoliu, chenqi = cases
    client.force_login(staffed.users["hrbp_sales"])  # sales only: not 陈七
    rows = _rows(client.get("/cases/export.xlsx"))
    assert rows[0][:3] == ("员工", "工号", "部门")
    assert sorted(r[0] for r in rows[1:]) == sorted(["李四", "赵六"])
    rows = _rows(client.get("/cases/export.xlsx", {"case_type": "mutual_employer"}))
    assert [r[0] for r in rows[1:]] == ["李四"]
    row = rows[1]
    assert row[1] == staffed.lisi.employee_number and row[2] == "销售部"
    assert Decimal(str(row[10])) == Decimal(5000)
    lisi.refresh_from_db()
    assert Decimal(str(row[11])) == lisi.offered_amount


def test_hr_admin_sees_every_unit(client, staffed, cases):
    client.force_login(staffed.users["hr_admin"])
    assert len(_rows(client.get("/cases/export.xlsx"))) == 4


@pytest.mark.parametrize("persona, expected", [("employee", 403), ("auditor", 403), ("outsider", 403)])
def test_it_requires_case_view(client, staffed, cases, persona, expected):
    client.force_login(staffed.users[persona])
    assert client.get("/cases/export.xlsx").status_code == expected


def test_anonymous_is_sent_to_login(client, cases):
    assert client.get("/cases/export.xlsx").status_code == 302


def test_the_list_page_has_the_button_with_the_filters(client, staffed, cases):
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get("/cases/", {"case_type": "expiry"}).content.decode()
    assert 'id="export-xlsx"' in page and "/cases/export.xlsx?case_type=expiry" in page
