"""The 数据导入 pages for the people kinds: who sees which kind, the web flow, templates, exports."""

from __future__ import annotations

import io

import openpyxl
import pytest

from farewell.accounts.models import AccessLog
from farewell.common.models import Job
from farewell.org.models import Employee, OrgUnit, Position
from farewell.records.people import SPECS as PEOPLE


def _confirm(client, job, **extra):
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    post.update(extra)
    return client.post(f"/records/import/{job.code}/confirm/", post, follow=True)


def test_the_index_offers_the_people_kinds_first(client, world):
    client.force_login(world.users["hr_admin"])
    html = client.get("/records/").content.decode()
    positions = [html.index(f"/records/templates/{spec.kind}.xlsx") for spec in PEOPLE]
    assert positions == sorted(positions) and positions[-1] < html.index("/records/templates/reviews.xlsx")


def test_the_hrbp_is_not_offered_the_org_tree_and_cannot_upload_or_export_it(client, world, files):
    client.force_login(world.users["hrbp_sales"])
    html = client.get("/records/").content.decode()
    assert "/records/templates/org_units.xlsx" not in html and "/records/templates/employees.xlsx" in html
    assert client.get("/records/templates/org_units.xlsx").status_code == 403
    assert client.get("/records/export/org_units.xlsx").status_code == 403
    with open(files.csv([["部门路径"], ["新部门"]]), "rb") as fh:
        client.post("/records/import/", {"kind": "org_units", "file": fh})
    assert not Job.objects.exists()


def test_an_employee_file_goes_through_upload_mapping_and_confirm(client, world, files):
    client.force_login(world.users["hr_admin"])
    path = files.xlsx([["员工编号", "员工姓名", "性别", "出生日期", "入职时间", "所属部门", "直接上级工号"],
                       ["E777001", "孙九", "男", "1991-01-01", "2024-01-02", "总部/销售部", world.boss.employee_number]])
    with open(path, "rb") as fh:
        response = client.post("/records/import/", {"kind": "employees", "file": fh})
    job = Job.objects.get()
    assert response["Location"] == f"/records/import/{job.code}/"
    assert job.result["mapping"]["employee_number"] == 0 and job.result["mapping"]["org_unit"] == 5
    page = _confirm(client, job)
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.errors
    assert "新增 1" in page.content.decode()
    person = Employee.objects.get(employee_number="E777001")
    assert person.org_unit == world.sales and person.manager == world.boss


def test_the_employee_export_is_an_access_logged_read(client, world):
    client.force_login(world.users["hr_admin"])
    Employee.objects.filter(pk=world.lisi.pk).update(id_number="")  # stays encrypted-empty
    lisi = Employee.objects.get(pk=world.lisi.pk)
    lisi.id_number = "11010519491231002X"
    lisi.save()
    # First the purpose and a confirmation: the GET is a form, nothing read, nothing logged.
    page = client.get("/records/export/employees.xlsx")
    assert page.status_code == 200 and page["Content-Type"].startswith("text/html")
    assert "11010519491231002X" not in page.content.decode() and "导出用途" in page.content.decode()
    assert not AccessLog.objects.filter(employee=world.lisi).exists()
    # A purpose without the confirmation (or the reverse) is refused on its field.
    for data, field in (({"purpose": "社保减员"}, "confirm"), ({"purpose": "  ", "confirm": "on"}, "purpose")):
        refused = client.post("/records/export/employees.xlsx", data)
        assert refused.status_code == 400 and refused.context["form"].errors.get(field), field
    assert not AccessLog.objects.filter(employee=world.lisi).exists()
    response = client.post("/records/export/employees.xlsx", {"purpose": "社保减员申报", "confirm": "on"})
    assert response.status_code == 200
    ws = openpyxl.load_workbook(io.BytesIO(response.content)).active
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0][0].rstrip("*") == "工号"
    assert any(r[4] == "11010519491231002X" for r in rows[1:])
    log = AccessLog.objects.get(employee=world.lisi, actor=world.users["hr_admin"])
    assert log.purpose == "导出员工花名册：社保减员申报"


def test_an_export_without_numbers_in_clear_downloads_at_once(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.get("/records/export/contracts.xlsx")
    assert response.status_code == 200 and response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.post("/records/export/contracts.xlsx").status_code == 405


@pytest.mark.parametrize("kind", [spec.kind for spec in PEOPLE])
def test_every_people_template_downloads_for_the_hr_admin(client, world, kind):
    client.force_login(world.users["hr_admin"])
    response = client.get(f"/records/templates/{kind}.xlsx")
    assert response.status_code == 200
    header = next(openpyxl.load_workbook(io.BytesIO(response.content)).active.iter_rows(values_only=True))
    assert [h.rstrip("*") for h in header] == [c.header for c in next(s for s in PEOPLE if s.kind == kind).columns]


def test_org_units_export_names_each_unit_by_path(client, world):
    client.force_login(world.users["hr_admin"])
    ws = openpyxl.load_workbook(io.BytesIO(client.get("/records/export/org_units.xlsx").content)).active
    paths = [r[0] for r in list(ws.iter_rows(values_only=True))[1:]]
    assert "总部/销售部" in paths and len(paths) == OrgUnit.objects.filter(company=world.company).count()


@pytest.mark.parametrize("kind", [spec.kind for spec in PEOPLE])
def test_a_template_uploaded_as_downloaded_imports_nothing(client, world, tmp_path, kind):
    from farewell.records.importers import import_file

    client.force_login(world.users["hr_admin"])
    path = tmp_path / f"{kind}.xlsx"
    path.write_bytes(client.get(f"/records/templates/{kind}.xlsx").content)
    before = Position.objects.count(), Employee.objects.count(), OrgUnit.objects.count()
    report = import_file(kind, path, company=world.company)
    assert report.total == 0 and report.created == report.updated == 0
    assert (Position.objects.count(), Employee.objects.count(), OrgUnit.objects.count()) == before


def test_an_empty_company_points_hr_to_the_imports(client, db):
    from tests.factories import Role, make_company, make_unit, make_user

    company = make_company()
    make_unit(company, "总部")
    client.force_login(make_user("fresh-admin", Role.HR_ADMIN, company=company))
    html = client.get("/employees/").content.decode()
    assert 'id="empty-start"' in html and 'href="/records/"' in html


def test_the_preview_shows_excel_date_cells_as_dates(client, world, files):
    import datetime as dt

    client.force_login(world.users["hr_admin"])
    path = files.xlsx([["工号", "姓名", "入职日期"], ["E1", "甲", dt.datetime(2021, 3, 1)]])
    with open(path, "rb") as fh:
        client.post("/records/import/", {"kind": "employees", "file": fh})
    html = client.get(f"/records/import/{Job.objects.get().code}/").content.decode()
    assert "2021-03-01" in html and "00:00" not in html


def test_the_mapping_names_the_fields_in_the_pages_language(client, world, files):
    """The fields to map were the Chinese template headers on the English page too (new-user check); in English
    each is its English name with the template's header it matches beside it."""
    client.force_login(world.users["hr_admin"])
    with open(files.csv([["员工编号", "员工姓名"], ["E777002", "周十"]]), "rb") as fh:
        client.post("/records/import/", {"kind": "employees", "file": fh})
    job = Job.objects.get()
    client.cookies["django_language"] = "en"
    english = client.get(f"/records/import/{job.code}/").content.decode()
    label = english.split('for="map-employee_number">', 1)[1].split("</label>", 1)[0]
    assert "(工号)" in label and not label.startswith("工号"), label
    client.cookies["django_language"] = "zh-hans"
    chinese = client.get(f"/records/import/{job.code}/").content.decode()
    assert chinese.split('for="map-employee_number">', 1)[1].startswith("工号")
