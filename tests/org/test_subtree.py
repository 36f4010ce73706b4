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
