"""The case list and the inbox cost the same number of queries for a few cases or many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.cases import services
from tests.cases.conftest import give_wages
from tests.factories import make_employee


def _cases(world, soon, n):
    for i in range(n):
        employee = make_employee(world.sales, f"员工{i}", manager=world.boss)
        give_wages(employee)  # no wages, no result: a case without them cannot be submitted
        case = services.open_case(employee, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
        services.submit_case(case, actor=world.users["hrbp_sales"])


def _count(client, url):
    with CaptureQueriesContext(connection) as ctx:
        assert client.get(url).status_code == 200
    return len(ctx.captured_queries)


@pytest.mark.parametrize("url", ["/cases/", "/cases/?overdue=on&risk=warning", "/cases/inbox/", "/api/cases/"])
def test_the_query_count_does_not_grow_with_the_cases(client, world, soon, url):
    client.force_login(world.users["hrbp_sales"])
    _cases(world, soon, 2)
    few = _count(client, url)
    _cases(world, soon, 15)
    many = _count(client, url)
    assert many == few, f"{url}: {few} queries for 2 cases, {many} for 17"
    assert few <= 15


def test_the_hr_admins_inbox_with_steps_no_one_can_decide_stays_bounded(client, world, soon):
    """Steps without anyone (no HRBP for 研发部) fill the HR admin's 无人可审批 list at a fixed cost."""
    client.force_login(world.users["hr_admin"])

    def unrouted(n):
        for i in range(n):
            employee = make_employee(world.rnd, f"研发{i}")
            give_wages(employee)
            case = services.open_case(employee, "mutual_employer", actor=world.users["hr_admin"], separation_date=soon)
            services.submit_case(case, actor=world.users["hr_admin"])

    unrouted(2)
    few = _count(client, "/cases/inbox/")
    unrouted(15)
    many = _count(client, "/cases/inbox/")
    assert many == few and few <= 15
    page = client.get("/cases/inbox/").content.decode()
    assert '无人可审批的步骤 <span class="badge text-bg-danger">17</span>' in page
    assert '<div class="text-danger">无人可审批：需为 研发部 授予 HRBP 角色</div>' in page


def test_the_case_page_with_routed_steps_stays_bounded(client, world, soon):
    client.force_login(world.users["hrbp_sales"])
    give_wages(world.lisi)
    case = services.open_case(world.lisi, "layoff", actor=world.users["hr_admin"], separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    first = _count(client, f"/cases/{case.code}/")
    assert _count(client, f"/cases/{case.code}/") <= first  # re-routing found nothing to do the second time
