"""A new employee's birth date and gender come from the ID number: a wrong ID number is one
mistake, named under 身份证号, not also "新员工必填" under 性别 and 出生日期 (new-user check)."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.common.identifiers import id_number
from farewell.common.models import Job
from farewell.org.models import Employee

GOOD = id_number("110101", dt.date(1991, 3, 7), 13)
WRONG_CHECK = GOOD[:17] + ("0" if GOOD[17] != "0" else "1")


def _import(client, files, rows):
    client.force_login(client.hr_admin)
    with open(files.csv(rows), "rb") as fh:
        client.post("/records/import/", {"kind": "employees", "file": fh})
    job = Job.objects.get()
    post = {f"map-{f}": "" if i is None else str(i) for f, i in job.result["mapping"].items()}
    html = client.post(f"/records/import/{job.code}/confirm/", post, follow=True).content.decode()
    job.refresh_from_db()
    return job, html


@pytest.fixture
def hr(client, world):
    client.hr_admin = world.users["hr_admin"]
    return client


@pytest.mark.parametrize("header", [
    ["工号", "姓名", "身份证号", "入职日期", "部门"],
    ["工号", "姓名", "性别", "出生日期", "身份证号", "入职日期", "部门"],
])
def test_a_wrong_check_digit_is_the_only_error_named_under_the_id_number(hr, files, header):
    row = {"工号": "E9901", "姓名": "孙九", "性别": "", "出生日期": "", "身份证号": WRONG_CHECK,
           "入职日期": "2024-01-02", "部门": "总部/销售部"}
    job, html = _import(hr, files, [header, [row[h] for h in header]])
    assert job.status == Job.Status.FAILED
    assert f"第 2 行 · 身份证号：“{WRONG_CHECK}” 校验位不正确" in html
    assert "新员工必填" not in html
    assert not Employee.objects.filter(employee_number="E9901").exists()


def test_without_an_id_number_the_birth_date_and_gender_are_required(hr, files):
    job, html = _import(hr, files, [["工号", "姓名", "身份证号", "入职日期", "部门"],
                                    ["E9902", "周十", "", "2024-01-02", "总部/销售部"]])
    assert job.status == Job.Status.FAILED
    assert "第 2 行 · 性别：新员工必填" in html
    assert "第 2 行 · 出生日期：新员工必填" in html


def test_a_right_id_number_gives_the_birth_date_and_gender(hr, files):
    job, _html = _import(hr, files, [["工号", "姓名", "身份证号", "入职日期", "部门"],
                                     ["E9903", "吴一", GOOD, "2024-01-02", "总部/销售部"]])
    assert job.status == Job.Status.DONE, job.errors
    person = Employee.objects.get(employee_number="E9903")
    assert person.birth_date == dt.date(1991, 3, 7) and person.gender == "male"
