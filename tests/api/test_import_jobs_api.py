"""/api/imports/: the web flow's import job over the API (upload, preview, mapping, confirm, progress)."""

from __future__ import annotations

import io

import openpyxl
import pytest

from farewell.common.models import Job
from farewell.records import models as m


def _csv(text: str, name="reviews.csv"):
    data = io.BytesIO(text.encode("utf-8-sig"))
    data.name = name
    return data


def _upload(client, world, text, kind="reviews"):
    return client.post("/api/imports/", {"kind": kind, "file": _csv(text)})


def test_the_whole_flow(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["hr_admin"])
    text = f"员工编号,考核期,成绩分\n{world.lisi.employee_number},2025-03,80\n"
    response = _upload(client, world, text)
    assert response.status_code == 201, response.json()
    job = response.json()
    assert job["stage"] == "mapping" and job["preview"]["headers"] == ["员工编号", "考核期", "成绩分"]
    assert job["mapping"]["employee"] == 0 and job["mapping"]["score"] is None  # 成绩分 is no alias: mapped by hand
    fix = client.patch(f"/api/imports/{job['code']}/", {"mapping": {"employee": 0, "period_start": 1, "score": 2}},
                       content_type="application/json")
    assert fix.status_code == 200 and fix.json()["mapping"]["score"] == 2
    done = client.post(f"/api/imports/{job['code']}/confirm/", {}, content_type="application/json")
    assert done.status_code == 200, done.json()
    assert done.json()["status"] == "done" and done.json()["progress"]["report"]["created"] == 1
    progress = client.get(f"/api/imports/{job['code']}/progress/").json()
    assert progress["finished"] and progress["percent"] == 100
    assert m.PerformanceReview.objects.get().score == 80
    again = client.post(f"/api/imports/{job['code']}/confirm/", {}, content_type="application/json")
    assert again.status_code == 400 and "non_field_errors" in again.json()


def test_refusals_name_the_field(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["hr_admin"])
    bad_kind = client.post("/api/imports/", {"kind": "nope", "file": _csv("a\n1\n")})
    assert bad_kind.status_code == 400 and list(bad_kind.json()) == ["kind"]
    bad_file = client.post("/api/imports/", {"kind": "reviews", "file": _csv("a\n1\n", name="x.pdf")})
    assert bad_file.status_code == 400 and list(bad_file.json()) == ["file"]
    job = _upload(client, world, f"工号,周期\n{world.lisi.employee_number},2025-03\n").json()
    missing = client.post(f"/api/imports/{job['code']}/confirm/", {"mapping": {"employee": 0, "period_start": 1}},
                          content_type="application/json")
    assert missing.status_code == 200  # score and rating are optional columns: the rows say what is missing
    job = _upload(client, world, "姓名\n张三\n").json()
    missing = client.post(f"/api/imports/{job['code']}/confirm/", {}, content_type="application/json")
    assert missing.status_code == 400 and "缺少必填列" in missing.json()["mapping"][0]
    out_of_file = client.patch(f"/api/imports/{job['code']}/", {"mapping": {"employee": 7}},
                               content_type="application/json")
    assert out_of_file.status_code == 400 and list(out_of_file.json()) == ["mapping"]


def test_a_job_is_only_its_creators(client, world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    client.force_login(world.users["hr_admin"])
    job = _upload(client, world, f"工号,周期,分数\n{world.lisi.employee_number},2025-03,80\n").json()
    client.force_login(world.users["hrbp_sales"])
    for url in (f"/api/imports/{job['code']}/", f"/api/imports/{job['code']}/progress/"):
        assert client.get(url).status_code == 404
    assert client.post(f"/api/imports/{job['code']}/confirm/", {}, content_type="application/json").status_code == 404
    assert client.get("/api/imports/").json()["count"] == 0
    assert Job.objects.count() == 1


@pytest.mark.parametrize("persona", ["manager", "legal", "employee", "auditor", "outsider"])
def test_roles_without_records_import_get_403(client, world, persona):
    client.force_login(world.users[persona])
    assert client.get("/api/imports/").status_code == 403
    assert client.get("/api/imports/kinds/").status_code == 403
    assert client.get("/api/imports/templates/reviews/").status_code == 403
    assert client.get("/api/exports/records/reviews/").status_code == 403


def test_kinds_templates_and_exports(client, world):
    m.PerformanceReview.objects.create(employee=world.lisi, period_kind="month",
                                       period_start="2025-01-01", score=80, comment="=HYPERLINK(\"x\")")
    m.PerformanceReview.objects.create(employee=world.chenqi, period_kind="month", period_start="2025-01-01", score=70)
    client.force_login(world.users["hrbp_sales"])
    kinds = {k["kind"] for k in client.get("/api/imports/kinds/").json()}
    assert "reviews" in kinds and "org_units" not in kinds  # the tree needs org.manage
    assert client.get("/api/imports/templates/org_units/").status_code == 403
    template = client.get("/api/imports/templates/reviews/")
    assert template.status_code == 200 and template["Content-Type"].startswith("application/vnd.openxmlformats")
    export = client.get("/api/exports/records/reviews/")
    sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == 2 and rows[1][0] == world.lisi.employee_number  # 陈七 is outside the HRBP's units
    comment = sheet.cell(row=2, column=[c.value for c in sheet[1]].index("评语") + 1)
    assert comment.data_type == "s"  # a formula-looking text stays text
    assert client.get("/api/imports/templates/nope/").status_code == 404


def test_the_roster_export_needs_a_purpose_and_a_confirmation(client, world):
    from farewell.accounts.models import AccessLog

    world.lisi.bank_account = "6222020200112233445"
    world.lisi.save()
    client.force_login(world.users["hr_admin"])
    refused = client.get("/api/exports/records/employees/")
    assert refused.status_code == 400 and "purpose" in refused.json()
    unconfirmed = client.post("/api/exports/records/employees/", {"purpose": "社保减员申报"},
                              content_type="application/json")
    assert unconfirmed.status_code == 400 and list(unconfirmed.json()) == ["confirm"]
    before = AccessLog.objects.count()
    done = client.post("/api/exports/records/employees/", {"purpose": "社保减员申报", "confirm": True},
                       content_type="application/json")
    assert done.status_code == 200 and done["Content-Type"].startswith("application/vnd.openxmlformats")
    assert AccessLog.objects.count() > before
    assert AccessLog.objects.order_by("-pk").first().purpose.endswith("社保减员申报")
    assert client.post("/api/exports/records/reviews/", {}, content_type="application/json").status_code == 405
