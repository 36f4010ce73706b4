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


@pytest.mark.parametrize("number", [None, "", "1", "3", "4", "99", "0", "-1", "x", "2.0", 2.0, "99999999999999999999999"])
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


def _far_past_the_cap(monkeypatch):
    """The planner expects far more rows than the cap (the 100k employee list), whatever the database."""
    monkeypatch.setattr(CappedPaginator, "_expected_rows", staticmethod(lambda using, sql, params: 10**6))


def test_a_list_expected_far_past_the_cap_is_shown_capped_without_counting(world, monkeypatch):
    _people(world, 7)  # 11 people
    _far_past_the_cap(monkeypatch)
    paginator = CappedPaginator(Employee.objects.order_by("employee_number"), 2, rows=_rows, estimate=True)
    paginator.cap = 5
    with CaptureQueriesContext(connection) as ctx:
        page = paginator.get_page("2")
    assert paginator.capped and paginator.count == 6
    assert (page.number, [row[:2] for row in page.object_list]) == _django_page("2")[::2]
    (query,) = ctx.captured_queries
    assert "COUNT(" not in query["sql"].upper()


def test_an_estimate_past_the_cap_still_ends_the_list_where_it_ends(world, monkeypatch):
    """A page shorter than a full page is the last one: its rows tell the exact length, whatever the
    planner expected."""
    _far_past_the_cap(monkeypatch)
    paginator = CappedPaginator(Employee.objects.order_by("employee_number"), 3, rows=_rows, estimate=True)
    paginator.cap = 5
    page = paginator.get_page("2")  # 4 people: 3 + 1
    assert (paginator.count, paginator.num_pages, paginator.capped, len(page.object_list)) == (4, 2, False, 1)
    assert not CappedPaginator(Employee.objects.filter(name="无此人"), 3, rows=_rows, estimate=True).get_page(1)


def test_without_estimate_the_list_is_counted(world, monkeypatch):
    _far_past_the_cap(monkeypatch)
    paginator = CappedPaginator(Employee.objects.order_by("employee_number"), 2, rows=_rows)
    paginator.get_page(1)
    assert paginator.count == 4


@pytest.mark.skipif("connection.vendor != 'postgresql'")
def test_the_estimate_is_the_planners(world):
    expected = CappedPaginator._expected_rows("default", *Employee.objects.values_list("pk", flat=True).query.sql_with_params())
    assert isinstance(expected, int | float) and expected >= 1


def test_the_employee_list_shows_an_estimated_list_as_capped(client, world, monkeypatch):
    _far_past_the_cap(monkeypatch)
    client.force_login(world.users["hr_admin"])
    _people(world, 60)  # more than a page of 50: the page itself cannot tell the end
    monkeypatch.setattr(CappedPaginator, "cap", 55)
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/employees/").content.decode()
    assert "超过 55 条，请用筛选缩小范围" in page
    assert not [q for q in ctx.captured_queries if "COUNT(" in q["sql"].upper()]


@pytest.mark.parametrize("number", [None, "1", "3", "4", "99", "0", "x", "99999999999999999999999"])
@pytest.mark.parametrize("estimated", [False, True])
def test_a_prepared_list_gives_every_page_what_the_queryset_gives(world, monkeypatch, number, estimated):
    """Issue 14: the page's queries compiled once per shape (PreparedPaginator) give the same pages, counts and
    queries, counted or past the cap by the estimate."""
    from farewell.common.prepared import PreparedShapes
    from farewell.common.prepared_pages import PreparedPaginator

    _people(world, 7)
    if estimated:
        _far_past_the_cap(monkeypatch)
    shapes = PreparedShapes(paged=True)

    def build(company_id):
        return Employee.objects.filter(company_id=company_id).order_by("employee_number")
    for _ in range(2):  # compiled, then run again
        pages = []
        for paginator in (CappedPaginator(build(world.company.pk), 2, rows=_rows, estimate=estimated),
                          PreparedPaginator(2, rows=_rows, shapes=shapes, key="test", build=build,
                                            values=[world.company.pk], estimate=estimated)):
            paginator.cap = 5
            with CaptureQueriesContext(connection) as ctx:
                page = paginator.get_page(number)
                pages.append((page.number, paginator.count, paginator.capped, list(page.object_list),
                              [q["sql"] for q in ctx.captured_queries]))
        assert pages[0] == pages[1]


def _estimate_counting(monkeypatch) -> list:
    """The planner stood in for by the list's true length (a perfect estimate), on any database; the SQL of
    each estimate asked for is kept in the list returned."""
    from django.db import connections

    asked = []

    def rows(using, sql, params):
        asked.append((sql, tuple(params)))
        with connections[using].cursor() as cursor:
            cursor.execute(f"SELECT COUNT(*) FROM ({sql}) estimated", params)
            return cursor.fetchone()[0]
    monkeypatch.setattr(CappedPaginator, "_expected_rows", staticmethod(rows))
    return asked


def test_an_estimate_is_kept_a_minute_for_the_same_query(world, monkeypatch):
    """Issue 14: EXPLAIN is planned on every call (no prepared statement): the estimate of the same SQL with the
    same values is kept ESTIMATE_KEPT_SECONDS in the process; the count of a page is never kept."""
    from farewell.common import pagination

    asked = _estimate_counting(monkeypatch)
    now = [1000.0]
    monkeypatch.setattr(pagination.time, "monotonic", lambda: now[0])
    _people(world, 7)  # 11 people

    def page():
        paginator = CappedPaginator(Employee.objects.order_by("employee_number"), 2, rows=_rows, estimate=True)
        paginator.cap = 20
        paginator.get_page(1)
        return paginator.count
    assert page() == 11 and len(asked) == 1
    make_employee(world.rnd, "新人")
    assert page() == 12 and len(asked) == 1  # the estimate kept, the count exact
    now[0] += pagination.ESTIMATE_KEPT_SECONDS - 1
    page()
    assert len(asked) == 1
    now[0] += 1
    page()
    assert len(asked) == 2  # a minute old: asked again
    CappedPaginator(Employee.objects.filter(name="李四").order_by("pk"), 2, rows=_rows, estimate=True).get_page(1)
    assert len(asked) == 3  # another query, its own estimate


def test_an_estimate_is_never_another_scopes(client, world, monkeypatch):
    """Two HRBPs' lists are the same SQL with other values (their units): each list has its own estimate. With
    the estimate kept by the SQL alone, the HRBP of 3 people would be told "more than 5" from the other
    HRBP's 13."""
    from farewell.org import views
    from tests.factories import Role, make_user

    asked = _estimate_counting(monkeypatch)
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    monkeypatch.setattr(views, "PAGE_SIZE", 2)  # a full first page: the page alone cannot tell the end
    _people(world, 12)  # R&D: 13 people, sales: 3
    hrbp_rnd = make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd)
    client.force_login(hrbp_rnd)
    assert "超过 5 条，请用筛选缩小范围" in client.get("/employees/").content.decode()
    client.force_login(world.users["hrbp_sales"])
    assert "共 3 名员工" in client.get("/employees/").content.decode()
    assert len(asked) == 2 and asked[0][0] == asked[1][0] and asked[0][1] != asked[1][1]


@pytest.mark.parametrize("url", ["/employees/", "/cases/", "/insights/flags/"])
def test_a_page_number_past_any_integer_is_the_last_page_not_a_server_error(client, world, url):
    """?page=99999999999999999999999: an OFFSET beyond the database's integers (OverflowError on SQLite,
    bigint out of range on PostgreSQL) answered 500; a page past the cap is answered after counting."""
    client.force_login(world.users["hr_admin"])
    assert client.get(url, {"page": "99999999999999999999999"}).status_code == 200
