"""Issue 14: the scope filter is one `company_id IN (...)` for whole-company grants, so that an index
can serve it; subtrees inside a granted company or a granted subtree add nothing; who is covered
does not change."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.accounts import policy
from farewell.accounts.models import RoleGrant
from farewell.org.models import Employee, OrgUnit
from tests.factories import Role, make_company, make_employee, make_unit, make_user


def _sql(user, action="employee.list") -> str:
    return str(policy.employees_for(user, action).query)


def _names(user, action="employee.list") -> set[str]:
    return set(policy.employees_for(user, action).values_list("name", flat=True))


def test_two_whole_companies_are_one_in_list(world):
    other = make_company(name="另一家公司")
    make_employee(make_unit(other, "总部"), "钱八")
    user = make_user("group_hr", Role.HR_ADMIN, company=world.company)
    RoleGrant.objects.create(user=user, role=Role.HRBP, company=other)
    sql = _sql(user)
    assert '"company_id" IN (' in sql and " OR " not in sql
    assert _names(user) == set(Employee.objects.values_list("name", flat=True))


def test_a_subtree_inside_a_granted_company_adds_nothing(world):
    user = make_user("both", Role.HR_ADMIN, company=world.company)
    RoleGrant.objects.create(user=user, role=Role.HRBP, company=world.company, org_unit=world.sales)
    assert "path" not in _sql(user)
    assert "陈七" in _names(user)


def test_a_subtree_inside_another_granted_subtree_adds_nothing(world):
    east = make_unit(world.company, "华东区", parent=world.sales)
    make_employee(east, "孙九")
    user = make_user("nested", Role.HRBP, company=world.company, unit=world.sales)
    RoleGrant.objects.create(user=user, role=Role.HRBP, company=world.company, org_unit=east)
    with CaptureQueriesContext(connection) as queries:
        sql = _sql(user)
    unit_queries = [q["sql"] for q in queries.captured_queries if '"org_orgunit"' in q["sql"] and "LIKE" in q["sql"]]
    assert len(unit_queries) == 1 and unit_queries[0].count("LIKE") == 1  # one prefix: the outer subtree
    assert "path" not in sql
    assert _names(user) == {"王经理", "李四", "赵六", "孙九"}


def test_a_subtree_scope_is_a_list_of_unit_ids_read_once_per_request(world):
    """Issue 14: no join to every employee's unit and path test (a scan of the employee table at
    100,000 employees); the subtree's unit ids, read once (one row) and remembered with the grants."""
    east = make_unit(world.company, "华东区", parent=world.sales)
    user = world.users["hrbp_sales"]
    with CaptureQueriesContext(connection) as queries:
        sql, params = policy.employees_for(user, "employee.list").query.sql_with_params()
        _sql(user, "employee.view")
        list(policy.employees_for(user, "insights.view"))
    assert "path" not in sql and "LIKE" not in sql and '"company_id" = ' in sql
    ids = sorted([world.sales.pk, east.pk])
    if connection.vendor == "postgresql":
        # One text parameter, PostgreSQL's array literal, cast in the query (org/subtree.py): psycopg
        # quotes one string, not a Python list element by element.
        assert '"org_unit_id" = ANY(%s::bigint[])' in sql
        assert "{" + ",".join(map(str, ids)) + "}" in params
        assert not any(isinstance(p, list | tuple) for p in params)
    else:
        assert f'"org_unit_id" IN ({", ".join(["%s"] * len(ids))})' in sql and all(pk in params for pk in ids)
    unit_queries = [q["sql"] for q in queries.captured_queries if '"org_orgunit"' in q["sql"] and "LIKE" in q["sql"]]
    assert len(unit_queries) == 1
    if connection.vendor == "postgresql":
        assert "array_agg" in unit_queries[0]  # the ids in one row, not one row per unit


def test_subtrees_keep_to_their_company(world):
    """Paths are per company: the same path in another company is not in scope."""
    other = make_company(name="另一家公司")
    twin = OrgUnit.objects.create(company=other, name="销售部", code="S", path=world.sales.path,
                                  depth=world.sales.depth)
    make_employee(twin, "钱八")
    user = make_user("sales_only", Role.HRBP, company=world.company, unit=world.sales)
    assert "钱八" not in _names(user)
    assert _names(user) == {"王经理", "李四", "赵六"}


def test_a_manager_and_a_unit_grant_combine(world):
    user = world.users["manager"]
    RoleGrant.objects.create(user=user, role=Role.HRBP, company=world.company, org_unit=world.rnd)
    assert _names(user) >= {"李四", "赵六", "陈七"}


def test_whole_companies_only_when_the_scope_is_nothing_but_whole_companies(world):
    assert policy.whole_companies(world.users["hr_admin"], "insights.view") == {world.company.pk}
    assert policy.whole_companies(world.users["hrbp_sales"], "insights.view") is None  # a subtree
    assert policy.whole_companies(world.users["manager"], "insights.view") is None     # reports
    assert policy.whole_companies(world.users["auditor"], "insights.view") is None     # no scope
    mixed = make_user("mixed", Role.HR_ADMIN, company=world.company)
    RoleGrant.objects.create(user=mixed, role=Role.MANAGER, company=world.company)
    assert policy.whole_companies(mixed, "insights.view") is None
    assert policy.whole_companies(mixed, "settings.manage") == {world.company.pk}  # the manager role is not in it


def test_a_very_wide_subtree_is_a_subquery_with_the_same_people(world, monkeypatch):
    from farewell.org import subtree

    east = make_unit(world.company, "华东区", parent=world.sales)
    make_employee(east, "孙九")
    monkeypatch.setattr(subtree, "LITERAL_UNITS_MAX", 1)
    user = world.users["hrbp_sales"]
    sql = _sql(user)
    assert 'IN (SELECT U0."id"' in sql and "LIKE" in sql
    assert _names(user) == {"王经理", "李四", "赵六", "孙九"}
