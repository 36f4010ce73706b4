"""LCL 41 ¶1 judged the same way on the batch page and in every member's case (one function,
layoff_size): 20 or more, or fewer than 20 but 10% or more of the headcount — at the boundaries
19/20 and 9.9%/10%; and the headcount counts the employer's own staff on the planned date."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.layoff_size import employer_headcount, layoff_size
from farewell.org.models import Employee
from tests.cases.layoff_support import headcount_filler, make_staff, new_batch
from tests.factories import make_employee

EXPLAIN = "layoff_explain_to_union_or_staff"
REPORT = "layoff_report_to_labour_bureau"


def _text(page: str, element_id: str) -> str:
    return re.search(rf'id="{element_id}"[^>]*>([^<]*)<', page).group(1)


@pytest.mark.parametrize(("members", "total", "required", "share"), [
    (19, 300, False, "6.3"),   # 19 people: under 20, and 6.3% < 10%
    (20, 300, True, "6.6"),    # 20 people: the count alone
    (10, 101, False, "9.9"),   # 9.9%: one short of the share
    (10, 100, True, "10.0"),   # exactly 10%: 以上 includes the number
])
def test_the_batch_page_and_every_member_case_agree(client, world, members, total, required, share):
    admin = world.users["hr_admin"]
    staff = make_staff(world.sales, members)
    headcount_filler(world.rnd, total - Employee.objects.filter(company=world.company).count())
    family = new_batch(world, staff, actor=admin)
    size = layoff_size(family)
    assert (size.layoff_headcount, size.employer_headcount, size.required) == (members, total, required)

    client.force_login(admin)
    batch_page = client.get(f"/cases/layoff/{family.code}/").content.decode()
    flag = f'data-required="{int(required)}"'
    assert f'id="consultation" {flag}' in batch_page
    assert _text(batch_page, "layoff-headcount") == str(members)
    assert _text(batch_page, "employer-headcount") == str(total)
    assert _text(batch_page, "share") == f"{share}%"

    cases = list(family.cases.order_by("id"))
    for case in cases:  # every member's engine run: the same numbers, the same procedure
        run = services.latest_run(case)
        assert (run.input["layoff_headcount"], run.input["employer_headcount"]) == (members, total)
        steps = {p["step"] for p in run.output["procedure"]}
        assert (EXPLAIN in steps) is required and (REPORT in steps) is required
    for case in (cases[0], cases[-1]):  # and the member's own page says the same
        case_page = client.get(f"/cases/{case.code}/").content.decode()
        assert f'id="case-layoff-threshold" {flag}' in case_page
        assert f"裁减 {members} 人 / 企业职工总数 {total} 人（{share}%）" in case_page


def test_the_headcount_counts_own_staff_on_the_planned_date(world):
    planned = timezone.localdate() + dt.timedelta(days=40)
    base = employer_headcount(world.company.pk, planned)
    assert base == 4  # 王经理, 李四, 赵六, 陈七
    make_employee(world.sales, "派遣工", employment_type="dispatch")
    make_employee(world.sales, "实习生", employment_type="intern")
    make_employee(world.sales, "非全日制", employment_type="part_time")  # a labour relationship: counted
    make_employee(world.sales, "下月入职", hire_date=planned + dt.timedelta(days=1))
    make_employee(world.sales, "已离职", status="separated", separation_date=planned - dt.timedelta(days=1))
    make_employee(world.sales, "当天离职", separation_date=planned)  # still employed on the day
    make_employee(world.sales, "无日期离职", status="separated")
    assert employer_headcount(world.company.pk, planned) == base + 2
    # A member's engine input counts the same way (not the dispatched worker, not the leaver).
    family = new_batch(world, make_staff(world.sales, 1), planned=planned)
    run = services.latest_run(family.cases.get())
    assert run.input["employer_headcount"] == base + 3 == layoff_size(family).employer_headcount


def test_withdrawn_members_leave_the_count_on_both_pages(client, world):
    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 2))  # 2 of 6: 33%
    headcount_filler(world.rnd, 14)  # 2 of 20 = 10%: required
    first, second = family.cases.order_by("id")
    services.run_engine(second, actor=hr)
    assert layoff_size(family).required
    from farewell.cases import layoffs

    layoffs.remove_member(family, first, acting_user=hr)  # 1 of 20 = 5%: no longer
    client.force_login(world.users["hr_admin"])
    assert 'id="consultation" data-required="0"' in client.get(f"/cases/layoff/{family.code}/").content.decode()
    assert 'id="case-layoff-threshold" data-required="0"' in client.get(f"/cases/{second.code}/").content.decode()
    assert EXPLAIN not in {p["step"] for p in services.latest_run(second).output["procedure"]}
