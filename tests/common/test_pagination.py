"""Issue 14: list counts stop early. COUNT reads at most cap + 1 rows, unordered; past the cap the
page says so and asks for a filter instead of scanning the whole table on every view."""

from __future__ import annotations

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
