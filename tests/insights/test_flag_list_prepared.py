"""The flags list's page query is compiled once per shape (scope and filters) and gives what the ORM's
queryset gives: the same flags, counts and SQL for every persona, filter and page (issue 14)."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from farewell.common.pagination import CappedPaginator
from farewell.common.prepared import Prepared, PreparedShapes
from farewell.common.prepared_pages import PreparedPaginator
from farewell.insights import flagrows, views
from farewell.insights.models import Flag, FlagTone, RuleCode
from farewell.insights.services import write_counts
from farewell.org.models import OrgUnit
from tests.factories import Role, make_employee, make_user
from tests.prepared_pages import assert_same_page

FILTERS = [{}, {"unit": "sales"}, {"unit": "root"}, {"unit": "rnd"}, {"rule": "values_low"},
           {"unit": "sales", "rule": "attendance_rising"}, {"unit": "999999"}, {"unit": "x"}, {"rule": "bogus"},
           {"unit": "", "rule": ""}]
PAGES = [None, "1", "2", "3", "999", "0", "-1", "x"]
FACTS = {
    RuleCode.ATTENDANCE_RISING: {"months": 3, "recent": 5, "previous": 1, "recent_from": "2025-06-01"},
    RuleCode.VALUES_LOW: {"points": [{"label": "2025-Q4", "dimension": "诚信", "value": 1}]},
    RuleCode.KEY_CONTRIBUTOR: {"years": 6, "count": 0},
}


@pytest.fixture
def flagged(world):
    world.users["two_units"] = make_user("twounits", Role.HRBP, company=world.company, unit=world.sales)
    world.users["two_units"].grants.create(role=Role.HRBP, company=world.company, org_unit=world.rnd)
    team = OrgUnit.objects.create(company=world.company, parent=world.sales, name="销售一组", code="S1",
                                  path=f"{world.sales.path}0001.", depth=world.sales.depth + 1)
    people = [make_employee(team if i % 3 == 0 else world.sales if i % 3 == 1 else world.rnd, f"员工{i:03d}",
                            manager=world.boss) for i in range(60)]
    rules = list(FACTS)
    Flag.objects.bulk_create([
        Flag(company=world.company, employee=person, rule=rules[(i + k) % 3], tone=FlagTone.CARE,
             facts=FACTS[rules[(i + k) % 3]], computed_at=timezone.now()) for i, person in enumerate(people)
        for k in range(2)])
    write_counts(world.company, Flag.objects.filter(company=world.company))  # as the recompute does
    return world


def _paginators(user, params):
    request = RequestFactory().get("/insights/flags/", params)
    request.user = user
    unit, rule = views._chosen(request)
    orm = CappedPaginator(views._filtered_flags(request)[0], views.PAGE_SIZE, rows=flagrows.flag_values)
    return views._paginator(request, unit, rule), orm


@pytest.mark.parametrize("persona", ["hr_admin", "hrbp_sales", "two_units", "manager", "legal"])
def test_the_prepared_page_is_the_querysets_page(flagged, persona):
    world = flagged
    user = world.users[persona]
    units = {"sales": str(world.sales.pk), "root": str(world.root.pk), "rnd": str(world.rnd.pk)}
    seen = 0
    for params in FILTERS:
        params = {k: units.get(v, v) for k, v in params.items()}
        for number in PAGES:
            prepared, orm = _paginators(user, params)
            assert isinstance(prepared, PreparedPaginator)
            # Whole companies without a unit filter read the counts the recompute keeps (FlagCount).
            kept = persona in ("hr_admin", "legal") and params.get("unit") not in units.values()
            seen += assert_same_page(prepared, orm, number, (persona, params, number), kept_total=kept)
    assert seen  # the persona sees flags


def test_the_page_query_is_compiled_once_per_shape(client, flagged, monkeypatch):
    world = flagged
    compiled = []
    real = Prepared._compile
    # The page queries (paged); the page's employees are compiled per number of employees.
    monkeypatch.setattr(Prepared, "_compile", lambda self, using: (self._paged and compiled.append(1)) or real(
        self, using))
    monkeypatch.setattr(views, "_FLAG_PAGES", PreparedShapes(paged=True))
    client.force_login(world.users["hrbp_sales"])
    for first, others in (({"page": "2"}, [{"page": "1"}, {"page": "999"}]),
                          ({"rule": "values_low"}, [{"rule": "attendance_rising"}, {"rule": "key_contributor"}])):
        assert client.get("/insights/flags/", first).status_code == 200
        before = len(compiled)
        for params in others:
            assert client.get("/insights/flags/", params).status_code == 200
            assert len(compiled) == before, params  # other values and pages: the same SQL
    assert len(views._FLAG_PAGES) == 2


def test_the_first_page_is_three_round_trips_for_a_whole_company(client, flagged):
    client.force_login(flagged.users["hr_admin"])
    client.get("/insights/flags/")
    with CaptureQueriesContext(connection) as queries:
        page = client.get("/insights/flags/").content.decode()
    # the session with the user and grants, the page, its employees and their evidence (one execute on PostgreSQL)
    assert len(queries) == (3 if connection.vendor == "postgresql" else 4)
    assert page.count('<td class="nowrap">') == 50


def test_the_unit_filter_finds_what_units_for_finds(flagged):
    """A unit read by its pk and checked against the grants is the one units_for's query finds, or none."""
    from farewell.org.filters import units_for
    from tests.factories import make_company, make_unit

    world = flagged
    other = make_unit(make_company(name="别家公司"), "别家总部")
    pks = [*OrgUnit.objects.filter(company=world.company).values_list("pk", flat=True), other.pk, 999999, 2**63]
    for persona in ("hr_admin", "hrbp_sales", "two_units", "manager", "legal", "approver", "employee", "auditor"):
        user = world.users[persona]
        for pk in pks:
            expected = units_for(user).filter(pk=pk).only(*views.UNIT_FIELDS).first() if pk < 2**63 else None
            found = views._unit_in_scope(user, pk)
            assert (found and (found.pk, found.name, found.path)) == (
                expected and (expected.pk, expected.name, expected.path)), (persona, pk)


def test_the_evidence_query_is_compiled_once_per_number_of_flags(flagged, monkeypatch):
    from farewell.insights import present

    compiled = []
    real = Prepared._compile
    monkeypatch.setattr(Prepared, "_compile", lambda self, using: compiled.append(1) or real(self, using))
    monkeypatch.setattr(present, "_EVIDENCE", PreparedShapes())
    flags = list(Flag.objects.order_by("pk").values_list("pk", flat=True)[:6])
    for ids in (flags[:2], flags[2:4], flags[4:6]):
        assert present.cited_records(ids, present.Labels()) == {}  # these flags cite no record
    assert len(compiled) == 1
