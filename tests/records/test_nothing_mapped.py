"""A mapping with no column (or without what the kind needs) is refused by the server, on the page
and over the API, naming what is missing; the upload stays for HR to map again (new-user check:
only the browser stopped it)."""

from __future__ import annotations

import io

from farewell.common.models import Job
from farewell.org.models import OrgUnit
from farewell.records.importers import SPECS, Column, ImportSpec, text

UNITS = [["部门路径", "部门编码"], ["总部/新设部", "NEW-1"]]


def _upload_page(client, files, kind, rows) -> Job:
    with open(files.csv(rows), "rb") as fh:
        client.post("/records/import/", {"kind": kind, "file": fh})
    return Job.objects.order_by("-created_at").first()


def _confirm_page(client, job, mapping):
    post = {f"map-{field}": "" if i is None else str(i) for field, i in mapping.items()}
    return client.post(f"/records/import/{job.code}/confirm/", post, follow=True).content.decode()


def test_the_page_refuses_a_unit_file_with_no_column_and_keeps_the_upload(client, world, files):
    client.force_login(world.users["hr_admin"])
    job = _upload_page(client, files, "org_units", UNITS)
    nothing = {field: None for field in job.result["mapping"]}
    html = _confirm_page(client, job, nothing)
    assert "至少需要以下列之一：部门路径、部门名称" in html
    job.refresh_from_db()
    assert job.result["stage"] == "mapping" and job.status != Job.Status.FAILED and not job.errors
    assert 'id="map-path"' in html  # the mapping page again, for the same upload
    html = _confirm_page(client, job, {**nothing, "path": 0, "code": 1})
    job.refresh_from_db()
    assert job.status == Job.Status.DONE, job.errors
    assert OrgUnit.objects.filter(code="NEW-1", name="新设部").exists()


def test_the_page_names_the_required_column_when_nothing_is_mapped(client, world, files):
    client.force_login(world.users["hr_admin"])
    job = _upload_page(client, files, "employees", [["工号", "姓名"], ["E9911", "孙九"]])
    html = _confirm_page(client, job, {field: None for field in job.result["mapping"]})
    assert "缺少必填列：工号" in html
    job.refresh_from_db()
    assert job.result["stage"] == "mapping"


def test_the_api_refuses_a_unit_file_with_no_column_and_keeps_the_upload(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["hr_admin"])
    data = io.BytesIO("部门路径,部门编码\n总部/新设部,NEW-1\n".encode("utf-8-sig"))
    data.name = "units.csv"
    job = client.post("/api/imports/", {"kind": "org_units", "file": data}).json()
    nothing = {field: None for field in job["mapping"]}
    refused = client.post(f"/api/imports/{job['code']}/confirm/", {"mapping": nothing},
                          content_type="application/json")
    assert refused.status_code == 400
    assert refused.json() == {"mapping": ["至少需要以下列之一：部门路径、部门名称"]}
    again = client.get(f"/api/imports/{job['code']}/").json()
    assert again["stage"] == "mapping"
    done = client.post(f"/api/imports/{job['code']}/confirm/", {"mapping": {**nothing, "path": 0, "code": 1}},
                       content_type="application/json")
    assert done.status_code == 200 and done.json()["status"] == "done", done.json()


def test_a_kind_with_nothing_required_still_needs_one_column():
    spec = ImportSpec("x", "x", OrgUnit, (Column("name", "名称", text(10)),), ("name",))
    assert spec.mapping_problem({"name": None}) == "没有为任何字段选择文件中的列"
    assert spec.mapping_problem({"name": 0}) is None
    assert SPECS["org_units"].mapping_problem({"name": 1}) is None
