"""Issue 14: the org-unit filter is a picker loaded on demand. A list page renders only the chosen
unit, so its queries and its size do not grow with the org tree; the options come from an endpoint
scoped by the policy."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from farewell.cases import services
from farewell.cases.models import CaseType
from farewell.org.models import OrgUnit
from tests.cases.conftest import staffed  # noqa: F401, F811
from tests.factories import make_unit

LISTS = ("/employees/", "/cases/", "/insights/flags/")


def _options(client, user, query=""):
    client.force_login(user)
    response = client.get(reverse("org:unit_picker"), {"unit_q": query})
    assert response.status_code == 200
    return response.content.decode()


def test_the_picker_offers_only_units_in_the_users_scope(client, world):
    make_unit(world.company, "华东区", parent=world.sales)
    everything = _options(client, world.users["hr_admin"], "")
    assert "销售部" in everything and "研发部" in everything
    sales_only = _options(client, world.users["hrbp_sales"], "")
    assert "销售部" in sales_only and "研发部" not in sales_only
    found = _options(client, world.users["hrbp_sales"], "华东")
    assert "总部 / 销售部 / 华东区" in found  # the path, so that two 华东区 can be told apart
    assert "研发部" not in _options(client, world.users["hrbp_sales"], "研发")


def test_the_picker_is_closed_to_those_who_may_not_see_the_org(client, world):
    for persona in ("employee", "auditor", "outsider"):
        client.force_login(world.users[persona])
        assert client.get(reverse("org:unit_picker")).status_code == 403, persona
    client.logout()
    assert client.get(reverse("org:unit_picker")).status_code == 302


def test_a_long_search_is_cut_and_the_options_are_capped(client, world):
    for i in range(40):
        make_unit(world.company, f"门店{i:02d}", parent=world.sales)
    html = _options(client, world.users["hr_admin"], "门店")
    assert html.count("fw-unit-option") == 30 and "只显示前 30 个" in html
    assert _options(client, world.users["hr_admin"], "店" * 5000).count("fw-unit-option") == 0


def _queries(client, url) -> tuple[int, int]:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, url
    return len(ctx.captured_queries), len(response.content)


@pytest.mark.parametrize("url", LISTS)
def test_list_pages_do_not_grow_with_the_org_tree(client, staffed, url):  # noqa: F811
    world = staffed
    services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                       separation_date=world.lisi.hire_date.replace(year=world.lisi.hire_date.year + 5))
    client.force_login(world.users["hr_admin"])
    client.get(url)  # warm caches (content types, sessions) out of the count
    few_queries, few_bytes = _queries(client, url)
    OrgUnit.objects.bulk_create([
        OrgUnit(company=world.company, parent=world.rnd, name=f"研发小组{i:03d}", code=f"G{i:03d}",
                path=f"{world.rnd.path}{i + 1:04d}.", depth=world.rnd.depth + 1) for i in range(300)])
    many_queries, many_bytes = _queries(client, url)
    assert many_queries == few_queries
    assert many_bytes - few_bytes < 500  # not one <option> per unit
    assert "研发小组150" not in client.get(url).content.decode()


@pytest.mark.parametrize("url", LISTS)
def test_filtering_by_a_picked_unit_keeps_working(client, staffed, url):  # noqa: F811
    world = staffed
    client.force_login(world.users["hr_admin"])
    param = "unit" if "insights" in url else "org_unit"
    page = client.get(url, {param: world.sales.pk}).content.decode()
    assert f'value="{world.sales.pk}"' in page and 'value="销售部"' in page  # the choice is shown back


def test_the_employee_list_filters_by_the_picked_subtree(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get("/employees/", {"org_unit": world.sales.pk}).content.decode()
    assert "李四" in page and "陈七" not in page


def test_a_unit_outside_the_scope_is_not_accepted(client, world):
    client.force_login(world.users["hrbp_sales"])
    page = client.get("/employees/", {"org_unit": world.rnd.pk}).content.decode()
    assert "陈七" not in page and "研发部" not in page


def _unit_queries(client, user, value) -> tuple[str, list[str]]:
    client.force_login(user)
    client.get("/employees/")  # warm the session and the compiled queries
    with CaptureQueriesContext(connection) as ctx:
        page = client.get("/employees/", {"org_unit": value}).content.decode()
    # The query that reads the chosen unit (the others read the subtree's ids, the rows, the session).
    return page, [q["sql"] for q in ctx.captured_queries if '"org_orgunit"."id" = ' in q["sql"]]


def test_a_granted_unit_is_checked_against_the_grants_with_one_query(client, world):
    """Issue 14: the chosen unit is read by its pk (SQL compiled once) and checked against the request's
    grants in Python, not through the scoped units query with its subquery."""
    for persona, unit in (("hr_admin", world.rnd), ("hrbp_sales", world.sales)):
        page, queries = _unit_queries(client, world.users[persona], unit.pk)
        assert f'value="{unit.name}"' in page, persona
        assert len(queries) == 1, (persona, queries)
        assert '"org_orgunit"."company_id" = ' not in queries[0] and "LIKE" not in queries[0]  # no scope in SQL


@pytest.mark.parametrize("value", ["abc", "1.5", "99999999999999999999999", "-1", "0", "\x00"])
def test_a_malformed_or_unknown_unit_matches_nothing(client, world, value):
    client.force_login(world.users["hr_admin"])
    response = client.get("/employees/", {"org_unit": value})
    assert response.status_code == 200
    assert not response.context["page_obj"].object_list and "李四" not in response.content.decode()


def test_a_managers_unit_is_one_their_reports_sit_in(client, world):
    """A manager's units come from their reports (a query): a report's unit is accepted, another is not."""
    page, _queries = _unit_queries(client, world.users["manager"], world.sales.pk)
    assert "李四" in page and 'value="销售部"' in page
    page, _queries = _unit_queries(client, world.users["manager"], world.rnd.pk)
    assert "研发部" not in page and "李四" not in page


def test_another_companys_unit_is_refused(client, world):
    from tests.factories import make_company

    other = make_unit(make_company(name="别家公司"), "别家总部")
    page, _queries = _unit_queries(client, world.users["hr_admin"], other.pk)
    assert "别家总部" not in page and "李四" not in page
