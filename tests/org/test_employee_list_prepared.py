"""The employee list's page queries are compiled once per shape (scope and filters) and give what the ORM's
queryset gives: the same rows, counts and SQL for every persona, filter and page, counted, capped or past
the cap by the planner's estimate (issue 14)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext

from farewell.accounts import policy
from farewell.common.fields import blind_index
from farewell.common.pagination import CappedPaginator
from farewell.common.prepared import Prepared, PreparedShapes
from farewell.common.prepared_pages import PreparedPaginator
from farewell.org import views
from farewell.org.filters import EmployeeFilter
from farewell.org.models import Employee
from tests.factories import Role, make_employee, make_position, make_unit, make_user
from tests.prepared_pages import assert_same_page

ID_NUMBER = "11010519491231002X"
FILTERS = [
    {}, {"q": "张"}, {"q": "员工0"}, {"q": "e0"}, {"q": ID_NUMBER.lower()}, {"q": "  "}, {"q": "50%"},
    {"org_unit": "sales"}, {"org_unit": "root"}, {"org_unit": "team"}, {"org_unit": "rnd"}, {"status": "probation"},
    {"position": "engineer"}, {"hired_from": "2021-01-01", "hired_to": "2023-12-31"},
    {"q": "张", "org_unit": "sales", "status": "active", "position": "engineer", "hired_from": "2019-01-01"},
    {"q": "", "org_unit": "", "status": "", "position": "", "hired_from": "", "hired_to": ""},
    # Not valid: nothing listed, no query.
    {"org_unit": "999999"}, {"org_unit": "x"}, {"status": "bogus"}, {"hired_from": "not-a-date"}, {"position": "0"},
]
PAGES = [None, "2", "3", "999", "0", "x"]


@pytest.fixture
def listed(world):
    world.users["two_units"] = make_user("twounits", Role.HRBP, company=world.company, unit=world.sales)
    world.users["two_units"].grants.create(role=Role.HRBP, company=world.company, org_unit=world.rnd)
    # The company's only root: the scope is the company's column (org/subtree.py).
    world.users["hrbp_root"] = make_user("hrbproot", Role.HRBP, company=world.company, unit=world.root)
    world.team = make_unit(world.company, "华东销售组", parent=world.sales)
    world.engineer = make_position(world.company, "工程师")
    for i in range(70):
        make_employee((world.team, world.sales, world.rnd)[i % 3], f"张{i:02d}" if i % 4 == 0 else f"员工{i:02d}",
                      manager=world.boss if i % 2 else None, position=world.engineer if i % 5 else None,
                      status="probation" if i % 7 == 0 else "active", hire_date=dt.date(2018 + i % 7, 3, 1))
    make_employee(world.rnd, "打折50%员工")
    world.chenqi.id_number, world.chenqi.id_number_index = ID_NUMBER, blind_index(ID_NUMBER)
    world.chenqi.save(update_fields=["id_number", "id_number_index"])
    return world


def _paginators(user, params):
    request = RequestFactory().get("/employees/", params)
    request.user = user
    employee_filter = EmployeeFilter(request.GET or None, request=request)
    prepared = views._list_paginator(request, employee_filter)
    # What the list read before: the filter's queryset over the user's employees, or nothing when not valid.
    employees = policy.employees_for(user, "employee.list").order_by(*views.LIST_ORDER)
    orm_filter = EmployeeFilter(request.GET or None, queryset=employees, request=request)
    valid = not orm_filter.is_bound or orm_filter.is_valid()
    orm = CappedPaginator(orm_filter.qs if valid else employees.none(), views.PAGE_SIZE, rows=views._list_values,
                          estimate=True)
    if params.get("q", "").strip():
        orm.cap = min(orm.cap, views.SEARCH_COUNT_CAP)
    assert isinstance(prepared, PreparedPaginator) == valid, params
    return prepared, orm


@pytest.mark.parametrize("count", ["counted", "capped", "estimated"])
@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales", "two_units", "hrbp_root", "manager"])
def test_the_prepared_page_is_the_querysets_page(listed, monkeypatch, persona, count):
    world = listed
    explained = []
    if count != "counted":
        monkeypatch.setattr(CappedPaginator, "cap", 5)  # the whole company and most searches are past it
        monkeypatch.setattr(views, "SEARCH_COUNT_CAP", 3)
    if count == "estimated":  # the planner expects far more than the cap (the 100k list), on any database
        monkeypatch.setattr(CappedPaginator, "_expected_rows", staticmethod(
            lambda using, sql, params: explained.append((using, sql, list(params))) or 10**6))
    values = {"sales": world.sales.pk, "root": world.root.pk, "team": world.team.pk, "rnd": world.rnd.pk,
              "engineer": world.engineer.pk}
    seen = 0
    for params in FILTERS:
        params = {k: str(values.get(v, v)) for k, v in params.items()}
        for number in PAGES:
            prepared, orm = _paginators(world.users[persona], params)
            explained.clear()
            seen += assert_same_page(prepared, orm, number, (persona, params, number))
            half = len(explained) // 2  # the prepared paginator's EXPLAIN, then the ORM's
            assert explained[:half] == explained[half:], (persona, params, number)
    assert seen  # the persona sees employees


def test_the_page_queries_are_compiled_once_per_shape(client, listed, monkeypatch):
    world = listed
    compiled = []
    real = Prepared._compile
    monkeypatch.setattr(Prepared, "_compile", lambda self, using: (self._paged and compiled.append(1)) or real(
        self, using))
    monkeypatch.setattr(views, "_LIST_PAGES", PreparedShapes(paged=True))
    client.force_login(world.users["hrbp_sales"])
    for first, others in (({"page": "2"}, [{"page": "1"}, {"page": "999"}]),
                          ({"q": "员工"}, [{"q": "张0"}, {"q": "00", "page": "2"}]),
                          # A value with case is tested without the caseless values' exact tests first (org/search.py):
                          # a shape of its own on PostgreSQL.
                          ({"q": "e00"}, [{"q": "E01", "page": "2"}]),
                          ({"org_unit": world.team.pk, "status": "active"},
                           [{"org_unit": world.team.pk, "status": "probation", "page": "3"}])):
        assert client.get("/employees/", first).status_code == 200
        before = len(compiled)
        for params in others:
            assert client.get("/employees/", params).status_code == 200
            assert len(compiled) == before, params  # other values and pages: the same SQL
    shapes = 4 if connection.vendor == "postgresql" else 3  # SQLite: one search, whatever its case
    assert len(views._LIST_PAGES) == shapes * 2  # per shape: the keys the estimate explains, the page with its count


# The queries of a page as they were before the list's queries were compiled once per shape (measured on
# the previous code): session, user with grants, (an HRBP's subtree,) the chosen unit with sole_root and its
# subtree's ids, the position options, the estimate's EXPLAIN (PostgreSQL; since then kept a minute from the
# view before, common/pagination.estimated_rows), the page; a page past the end counts and reads again. The
# HRBP's root is outside their scope: not valid, no page query. Since then on PostgreSQL the position options
# are read in the round trip of the page's rows.
QUERIES = {
    # One fewer than before the session was read with its user (accounts/sessions.py).
    "sqlite": {"hr_admin": [3, 3, 4, 7], "hrbp_sales": [4, 4, 5, 8]},
    "postgresql": {"hr_admin": [2, 2, 3, 6], "hrbp_sales": [3, 3, 5, 7]},
}


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales"])
def test_a_page_is_as_many_queries_as_before(client, listed, persona):
    world = listed
    client.force_login(world.users[persona])
    counts = []
    for params in ({}, {"q": "张"}, {"org_unit": world.root.pk}, {"org_unit": world.sales.pk, "page": "2"}):
        client.get("/employees/", params)
        with CaptureQueriesContext(connection) as queries:
            assert client.get("/employees/", params).status_code == 200
        counts.append(len(queries))
    assert counts == QUERIES[connection.vendor][persona]


def test_employee_scope_sql_is_employees_for(listed):
    """_listed(policy.scope_q(...), []) is the query of policy.employees_for in the list's order."""
    for persona in ("hr_admin", "hrbp_sales", "two_units", "hrbp_root", "manager", "legal", "approver"):
        user = listed.users[persona]
        scope = policy.scope_q(user, roles=policy.ACTIONS["employee.list"])
        assert str(views._listed(scope, []).query) == str(
            policy.employees_for(user, "employee.list").order_by(*views.LIST_ORDER).query), persona
    assert Employee.objects.exists()


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales"])
def test_the_position_options_are_read_with_the_page(client, listed, persona):
    """Issue 14: the filter's position options are read with the page's rows (one round trip on PostgreSQL) and
    are the options the field reads on its own: on a page with rows, a page with none and an invalid filter."""
    world = listed
    make_position(world.company, "<b>架构师</b>")
    client.force_login(world.users[persona])
    for params in ({}, {"q": "无此人"}, {"org_unit": "x"}, {"page": "999"}):
        with CaptureQueriesContext(connection) as queries:
            page = client.get("/employees/", params).content.decode()
        options = page[page.index('name="position"'):]
        options = options[:options.index("</select>")]
        assert options.count("<option") == 3 and "&lt;b&gt;架构师&lt;/b&gt;" in options and "工程师" in options
        together = [q["sql"] for q in queries.captured_queries if 'FROM "org_position"' in q["sql"]]
        assert len(together) == 1, params
        if connection.vendor == "postgresql" and params != {"org_unit": "x"}:
            assert '"org_employee"' in together[0], params  # the page's rows and the options: one entry
