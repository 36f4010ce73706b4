"""get_employee_for_user with `by_code` (the employee read by a query compiled once, the grants deciding
in Python, issue 14) finds, refuses and hides exactly whom the scope query does."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import PermissionDenied
from django.http import Http404

from farewell.accounts import policy
from farewell.accounts.models import RoleGrant
from farewell.common.prepared import UUID_MARK, Prepared
from farewell.org.models import Employee
from tests.factories import Role, make_company, make_employee, make_unit, make_user

BY_CODE = Prepared(lambda code: Employee.objects.select_related("org_unit").filter(code=code), marks=(UUID_MARK,))


def _outcome(user, code, action, **kw):
    try:
        return policy.get_employee_for_user(user, code, action, Employee.objects.select_related("org_unit"), **kw).pk
    except Http404:
        return 404
    except PermissionDenied:
        return 403


def _fresh(user):
    """The user as a new request loads it: nothing remembered from an earlier lookup."""
    return type(user).objects.get(pk=user.pk)


@pytest.mark.parametrize("action", ["employee.view", "employee.view_sensitive", "insights.view", "talks.edit"])
def test_it_finds_and_refuses_whom_the_scope_query_does(world, action):
    other = make_company(name="另一家公司")
    abroad = make_employee(make_unit(other, "总部"), "钱八")
    east = make_unit(world.company, "华东区", parent=world.sales)
    make_employee(east, "孙九")
    mixed = make_user("mixed", Role.HRBP, company=world.company, unit=east)
    RoleGrant.objects.create(user=mixed, role=Role.LEGAL, company=other)
    users = [*world.users.values(), mixed]
    codes = [*Employee.objects.values_list("code", flat=True), uuid.uuid4()]
    seen = set()
    for user in users:
        for code in codes:
            expected = _outcome(_fresh(user), code, action)
            assert _outcome(_fresh(user), code, action, by_code=BY_CODE) == expected, (user.username, code)
            seen.add(expected if expected in (403, 404) else "found")
    assert seen == {"found", 403, 404} or action == "employee.view" and seen >= {"found", 404}
    assert _outcome(_fresh(world.users["hr_admin"]), abroad.code, action, by_code=BY_CODE) == 404


def test_a_unit_grant_decides_without_the_scope_query(world, django_assert_num_queries):
    user = _fresh(world.users["hrbp_sales"])
    policy.grants(user)
    BY_CODE(world.lisi.code)  # compiled
    with django_assert_num_queries(1):
        assert policy.get_employee_for_user(user, world.lisi.code, "employee.view", by_code=BY_CODE) == world.lisi
