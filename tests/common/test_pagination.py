"""Issue 14: list counts stop early. COUNT reads at most cap + 1 rows, unordered; past the cap the
page says so and asks for a filter instead of scanning the whole table on every view."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.common.pagination import CappedPaginator
from farewell.org.models import Employee
from tests.factories import make_employee


def _people(world, n):
    for i in range(n):
        make_employee(world.rnd, f"员工{i:02d}")


def test_the_count_stops_after_the_cap(world):
    _people(world, 7)
    paginator = CappedPaginator(Employee.objects.order_by("employee_number"), 2)
    paginator.cap = 5
    with CaptureQueriesContext(connection) as ctx:
        assert paginator.count == 6 and paginator.capped
    (query,) = ctx.captured_queries
    assert "LIMIT 6" in query["sql"] and "ORDER BY" not in query["sql"]


def test_below_the_cap_the_count_is_exact(world):
    paginator = CappedPaginator(Employee.objects.all(), 2)
    assert paginator.count == Employee.objects.count() and not paginator.capped
    assert CappedPaginator(list(range(3)), 2).count == 3


def test_the_pages_say_when_the_list_is_longer_than_the_cap(client, world, monkeypatch):
    _people(world, 7)
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    client.force_login(world.users["hr_admin"])
    page = client.get("/employees/").content.decode()
    assert "超过 5 条，请用筛选缩小范围" in page and "末页" not in page
    exact = client.get("/employees/", {"q": "员工0"}).content.decode()  # 7 people match, cap 5 → still capped
    assert "超过 5 条" in exact
    narrow = client.get("/employees/", {"q": "李四"}).content.decode()
    assert "共 1 名员工" in narrow


def _rows(employees):
    return employees.values_list("name", "employee_number")


def _django_page(number, per_page=2, cap=5):
    """What Django's own paginator (with the capped count) shows for this page number."""
    paginator = CappedPaginator(Employee.objects.order_by("employee_number"), per_page)
    paginator.cap = cap
    page = paginator.get_page(number)
    return page.number, paginator.count, [(e.name, e.employee_number) for e in page.object_list]


def test_a_page_of_rows_and_its_count_are_one_query(world):
    _people(world, 7)  # 11 people in all
    paginator = CappedPaginator(Employee.objects.order_by("employee_number"), 2, rows=_rows)
    paginator.cap = 5
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.get_page("2")
        assert paginator.count == 6 and paginator.capped and paginator.num_pages == 3
    assert len(ctx.captured_queries) == 1
    assert (page.number, paginator.count, [row[:2] for row in page.object_list]) == _django_page("2")


@pytest.mark.parametrize("number", [None, "", "1", "3", "4", "99", "0", "-1", "x", "2.0", 2.0])
def test_every_page_number_gets_what_djangos_paginator_gives(world, number):
    _people(world, 7)
    paginator = CappedPaginator(Employee.objects.order_by("employee_number"), 2, rows=_rows)
    paginator.cap = 5
    page = paginator.get_page(number)
    assert (page.number, paginator.count, [row[:2] for row in page.object_list]) == _django_page(number)


def test_an_empty_list_is_one_query_and_a_list_that_cannot_match_none(world):
    with CaptureQueriesContext(connection) as ctx:
        page = CappedPaginator(Employee.objects.filter(name="无此人").order_by("pk"), 2, rows=_rows).get_page(None)
    assert (page.number, page.paginator.count, list(page)) == (1, 0, []) and len(ctx.captured_queries) == 1
    with CaptureQueriesContext(connection) as ctx:
        page = CappedPaginator(Employee.objects.none(), 2, rows=_rows).get_page("3")
    assert (page.number, page.paginator.count, list(page)) == (1, 0, []) and not ctx.captured_queries
