"""A subtree filter (a unit picked on a list, an HRBP's grant) sends its unit ids to PostgreSQL as one
array parameter: the same rows as `IN (...)`, without compiling one parameter per unit (issue 14)."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.org.models import Employee
from farewell.org.subtree import in_subtree_q, unit_ids_under
from tests.factories import make_employee, make_unit


def test_a_subtree_filter_matches_what_in_matches(world):
    east = make_unit(world.company, "华东区", parent=world.sales)
    shanghai = make_employee(east, "上海员工")
    ids = unit_ids_under(world.company.pk, [world.sales.path])
    subtree = Employee.objects.filter(in_subtree_q(world.company.pk, ids))
    expected = Employee.objects.filter(company=world.company, org_unit_id__in=ids)
    assert set(subtree) == set(expected) == {world.boss, world.lisi, world.zhaoliu, shanghai}
    assert not Employee.objects.filter(in_subtree_q(world.company.pk, [])).exists()
    cases_side = Employee.objects.filter(pk__in=Employee.objects.filter(in_subtree_q(world.company.pk, ids)))
    assert cases_side.count() == 4


def test_postgresql_gets_one_array_parameter_for_all_units(world):
    for i in range(40):
        make_unit(world.company, f"门店{i:02d}", parent=world.sales)
    ids = unit_ids_under(world.company.pk, [world.sales.path])
    assert len(ids) == 41
    with CaptureQueriesContext(connection) as ctx:
        list(Employee.objects.filter(in_subtree_q(world.company.pk, ids)))
    sql = ctx.captured_queries[-1]["sql"]
    if connection.vendor == "postgresql":
        assert "= ANY(" in sql and " IN (" not in sql
    else:
        assert " IN (" in sql


def _employee_list(client, world, unit) -> tuple[set[str], str]:
    client.force_login(world.users["hr_admin"])
    with CaptureQueriesContext(connection) as ctx:
        response = client.get("/employees/", {"org_unit": unit.pk})
    assert response.status_code == 200
    names = {row.name for row in response.context["page_obj"].object_list}
    return names, " ".join(q["sql"] for q in ctx.captured_queries)


def test_a_companys_only_root_filters_by_the_company_alone(client, world):
    """Picking the root of a one-root company lists the whole company without its unit ids (issue 14:
    PostgreSQL planned `= ANY` over 2,535 ids for 3–11 ms per request)."""
    names, sql = _employee_list(client, world, world.root)
    assert names == {"王经理", "李四", "赵六", "陈七"}
    assert '"org_unit_id" IN' not in sql and '"org_unit_id" = ANY' not in sql and "array_agg" not in sql


def test_a_root_beside_another_root_keeps_to_its_own_subtree(client, world):
    other_root = make_unit(world.company, "分公司")
    make_employee(other_root, "分公司员工")
    names, sql = _employee_list(client, world, world.root)
    assert names == {"王经理", "李四", "赵六", "陈七"}  # not 分公司员工
    names, _sql = _employee_list(client, world, other_root)
    assert names == {"分公司员工"}


def test_the_case_list_by_the_only_root_lists_the_companys_cases(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get("/cases/", {"org_unit": world.root.pk}).status_code == 200
    assert client.get("/cases/", {"org_unit": world.sales.pk}).status_code == 200


def _scope_sql(client, user, url, params=None) -> tuple[str, str]:
    client.force_login(user)
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url, params or {})
    assert response.status_code == 200
    return response.content.decode(), " ".join(q["sql"] for q in ctx.captured_queries)


def test_an_hrbp_granted_the_only_root_is_scoped_by_the_company_alone(client, world):
    """Issue 14: a grant on a company's only root holds every unit of the company, so the scope is the
    company's column, not its every unit id (2,535 in the demo, planned for ms on every request)."""
    from tests.factories import Role, make_user

    hrbp = make_user("hrbp_root", Role.HRBP, company=world.company, unit=world.root)
    for url in ("/employees/", "/cases/", "/insights/flags/"):
        page, sql = _scope_sql(client, hrbp, url)
        assert '"org_unit_id" IN' not in sql and '"org_unit_id" = ANY' not in sql and "array_agg" not in sql, url
    page, _sql = _scope_sql(client, hrbp, "/employees/")
    assert all(name in page for name in ("王经理", "李四", "赵六", "陈七"))
    make_employee(make_unit(world.company, "分公司"), "分公司员工")  # a second root: the grant is a subtree again
    hrbp = type(hrbp).objects.get(pk=hrbp.pk)
    page, sql = _scope_sql(client, hrbp, "/employees/")
    assert "陈七" in page and "分公司员工" not in page
    assert '"org_unit_id" IN' in sql or '"org_unit_id" = ANY' in sql


def test_the_api_filters_by_the_only_root_with_the_company_alone(client, world):
    other_company_person = make_employee(make_unit(make_company_for_test(), "别家"), "别家员工")
    _page, sql = _scope_sql(client, world.users["hr_admin"], "/api/employees/", {"org_unit": world.root.pk})
    assert '"org_unit_id" IN' not in sql and '"org_unit_id" = ANY' not in sql and "array_agg" not in sql
    client.force_login(world.users["hr_admin"])
    names = {row["name"] for row in client.get("/api/employees/", {"org_unit": world.root.pk}).json()["results"]}
    assert names == {"王经理", "李四", "赵六", "陈七"} and other_company_person.name not in names
    names = {row["name"] for row in client.get("/api/employees/", {"org_unit": world.sales.pk}).json()["results"]}
    assert names == {"王经理", "李四", "赵六"}


def make_company_for_test():
    from tests.factories import make_company

    return make_company(name="别家公司")


def test_a_units_subtree_ids_are_the_units_under_its_path(world):
    """Issue 14: one unit's subtree is read with a query compiled once per process (subtree._SUBTREE_IDS on
    PostgreSQL): the ids of the units under the path, in order, none for a path with no unit, a path's `_`
    and `%` taken as themselves, and two paths (an HRBP's grants) as before."""
    from farewell.org.subtree import units_under

    east = make_unit(world.company, "华东区", parent=world.sales)
    make_unit(world.company, "上海", parent=east)
    for paths in ([world.sales.path], [east.path], [world.root.path], [world.rnd.path],
                  [world.sales.path, world.rnd.path]):
        ids = unit_ids_under(world.company.pk, paths, roots_checked=True)
        assert list(ids) == sorted(units_under(world.company.pk, paths)), paths
        if connection.vendor == "postgresql":
            assert ids.literal == "{" + ",".join(map(str, sorted(ids))) + "}" and len(ids) == len(list(ids))
    for nothing in ("9999.", "000_.", "%"):
        assert list(unit_ids_under(world.company.pk, [nothing], roots_checked=True)) == []
