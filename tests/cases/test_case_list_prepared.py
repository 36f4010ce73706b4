"""The case list's page query is compiled once per shape (scope and filters) and gives what the ORM's
queryset gives: the same rows, counts and SQL for every persona, filter and page (issue 14)."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.cases import case_views, services
from farewell.cases.forms import CaseFilterForm
from farewell.cases.models import CaseStatus, CaseStep, CaseType, Risk, SeparationCase, StepStatus
from farewell.common.pagination import CappedPaginator
from farewell.common.prepared import Prepared, PreparedShapes
from farewell.common.prepared_pages import PreparedPaginator
from farewell.org.filters import unit_scope
from farewell.org.models import Employee
from tests.factories import Role, make_employee, make_user
from tests.prepared_pages import assert_same_page

FILTERS = [
    {}, {"case_type": "resignation"}, {"status": "draft", "risk": "warning"}, {"org_unit": "sales"},
    {"org_unit": "root"}, {"overdue": "on"}, {"case_type": "mutual_employer", "org_unit": "sales", "overdue": "on"},
    {"case_type": "", "status": "", "org_unit": "", "risk": ""},
]
PAGES = [None, "1", "2", "3", "999", "0", "-1", "x"]


@pytest.fixture
def listed(staffed, soon):
    world = staffed
    world.users["two_units"] = make_user("twounits", Role.HRBP, company=world.company, unit=world.sales)
    world.users["two_units"].grants.create(role=Role.HRBP, company=world.company, org_unit=world.rnd)
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    CaseStep.objects.filter(case=case, status=StepStatus.ACTIVE).update(
        due_date=timezone.localdate() - dt.timedelta(days=3))  # overdue
    people = [make_employee(world.sales if i % 5 else world.rnd, f"员工{i:03d}", manager=world.boss)
              for i in range(70)]
    types, statuses, risks = list(CaseType.values), list(CaseStatus.values), list(Risk.values)
    SeparationCase.objects.bulk_create([
        SeparationCase(company=world.company, employee=person, case_type=types[i % len(types)], ground=case.ground,
                       status=statuses[i % len(statuses)], risk=risks[i % len(risks)], workflow=case.workflow,
                       separation_date=soon, code=uuid.uuid4()) for i, person in enumerate(people)])
    return world


def _paginators(user, params):
    request = RequestFactory().get("/cases/", params)
    request.user = user
    form = CaseFilterForm(request.GET or None, scope=unit_scope(user))
    prepared = case_views._list_paginator(request, form)
    orm = CappedPaginator(case_views._filtered(user, form), case_views.CASES_PER_PAGE, rows=case_views._list_columns)
    # A unit outside the user's scope is not valid: that list is built afresh (and matches nothing).
    assert isinstance(prepared, PreparedPaginator) == (form.is_valid() or not form.is_bound), params
    return prepared, orm


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales", "two_units", "manager", "legal"])
def test_the_prepared_page_is_the_querysets_page(listed, persona):
    world = listed
    user = world.users[persona]
    units = {"sales": str(world.sales.pk), "root": str(world.root.pk)}
    seen = 0
    for params in FILTERS:
        params = {k: units.get(v, v) if k == "org_unit" else v for k, v in params.items()}
        for number in PAGES:
            prepared, orm = _paginators(user, params)
            seen += assert_same_page(prepared, orm, number, (persona, params, number))
    assert seen  # the persona sees cases


def test_a_filter_that_is_not_valid_matches_nothing(listed):
    world = listed
    for params in ({"org_unit": "999999"}, {"org_unit": "x"}, {"case_type": "bogus"}, {"risk": "<b>"}):
        prepared, _orm = _paginators(world.users["hrbp_sales"], params)
        with CaptureQueriesContext(connection) as queries:
            page = prepared.get_page(None)
        assert list(page.object_list) == [] and not queries.captured_queries


def test_the_page_query_is_compiled_once_per_shape(client, listed, monkeypatch):
    world = listed
    compiled = []
    real = Prepared._compile
    # The page queries (paged): the HRBP's subtree ids are a query compiled once per process too (org.subtree).
    monkeypatch.setattr(Prepared, "_compile", lambda self, using: (self._paged and compiled.append(1)) or real(
        self, using))
    monkeypatch.setattr(case_views, "_LIST_PAGES", PreparedShapes(paged=True))
    client.force_login(world.users["hrbp_sales"])
    # the session with the user and grants, the HRBP's subtree (policy), the page (rows and capped count); a page
    # beyond the end reads, counts, then reads the last page; one past any page the capped list can hold (999)
    # counts first without reading it (7be6965)
    for first, others in (({"page": "2"}, [({"page": "1"}, 3), ({"page": "999"}, 4)]),
                          ({"case_type": "resignation"}, [({"case_type": "expiry"}, 3),
                                                          ({"case_type": "layoff", "page": "9"}, 5)])):
        before = len(compiled)
        assert client.get("/cases/", first).status_code == 200
        assert len(compiled) == before + 1
        for params, asked in others:
            with CaptureQueriesContext(connection) as queries:
                assert client.get("/cases/", params).status_code == 200
            assert len(compiled) == before + 1, params  # other values and pages: the same SQL
            assert len(queries) == asked, params
    client.get("/cases/", {"status": "draft"})
    assert len(compiled) == 3 and len(case_views._LIST_PAGES) == 3  # another filter, another shape


def test_the_first_page_is_three_queries_for_a_whole_company(client, listed):
    client.force_login(listed.users["hr_admin"])
    client.get("/cases/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/cases/").content.decode()
    assert len(queries) == 2  # the session with the user and their grants, the page
    assert page.count("<tr data-case=") == 50


def test_employee_scope_sql_is_cases_for(listed):
    """cases_in(policy.scope_q(...)) is cases_for's query (the prepared list relies on it)."""
    from farewell.accounts import policy
    from farewell.cases.access import cases_for, cases_in

    for persona in ("hr_admin", "hrbp_sales", "two_units", "manager", "legal", "approver"):
        user = listed.users[persona]
        scope = policy.scope_q(user, roles=policy.ACTIONS["case.view"])
        assert str(cases_in(scope).query) == str(cases_for(user).query), persona
    assert Employee.objects.exists()


def test_the_cap_is_part_of_the_shape(client, listed, monkeypatch):
    client.force_login(listed.users["hr_admin"])
    assert client.get("/cases/").content.decode().count("<tr data-case=") == 50
    monkeypatch.setattr(CappedPaginator, "cap", 5)
    assert client.get("/cases/").content.decode().count("<tr data-case=") == 6  # the counted rows (cap + 1)
