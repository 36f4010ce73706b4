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
