"""The case list and the inbox cost the same number of queries for a few cases or many."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.cases import services
from tests.factories import make_employee


def _cases(world, soon, n):
    for i in range(n):
        employee = make_employee(world.sales, f"员工{i}", manager=world.boss)
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
