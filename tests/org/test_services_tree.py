"""org.services for the org tree and positions: paths, moves with the subtree, refusals."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.core.exceptions import ValidationError
from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.accounts import policy
from farewell.ledger.models import LedgerEntry
from farewell.org import services
from farewell.org.models import OrgUnit
from tests.factories import Role, make_company, make_employee, make_unit, make_user


def hr(world):
    return world.users["hr_admin"]


def test_next_child_path_follows_the_last_sibling(world):
    last = int(world.rnd.path.split(".")[-2])  # rnd was made after sales
    assert services.next_child_path(world.root) == world.root.path + f"{last + 1:04d}."
    empty = make_unit(world.company, "空部门", parent=world.rnd)
    assert services.next_child_path(empty) == empty.path + "0001."


def test_next_child_path_for_a_root_is_unique_across_companies(world):
    other = make_company()
    path = services.next_child_path(other)
    roots = set(OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True))
    assert path not in roots and path.count(".") == 1
    assert int(path[:-1]) == max(int(p[:-1]) for p in roots) + 1


def test_it_creates_a_unit_under_a_parent(world):
    unit = services.create_unit(world.company, "华东区", world.sales, "EAST", acting_user=hr(world))
    assert unit.path.startswith(world.sales.path) and unit.depth == world.sales.depth + 1
    assert unit.parent == world.sales
    second = services.create_unit(world.company, "华南区", world.sales, "SOUTH", acting_user=hr(world))
    assert second.path > unit.path and second.path[:-5] == unit.path[:-5]
    assert LedgerEntry.objects.filter(event="unit_created").count() == 2


def test_it_creates_a_root_unit(world):
    unit = services.create_unit(world.company, "新事业部", None, "NEW", acting_user=hr(world))
    assert unit.depth == 0 and unit.parent is None and unit.path.count(".") == 1


def test_unit_codes_are_unique_per_company(world):
    with pytest.raises(ValidationError) as excinfo:
        services.create_unit(world.company, "重复", world.root, world.sales.code, acting_user=hr(world))
    assert set(excinfo.value.message_dict) == {"code"}
    # Another company may use the same code.
    other = make_company()
    services.create_unit(other, "销售部", None, world.sales.code, acting_user=hr(world))


def test_it_refuses_a_parent_of_another_company(world):
    other_root = make_unit(make_company(), "别家")
    with pytest.raises(ValidationError) as excinfo:
        services.create_unit(world.company, "x", other_root, "X1", acting_user=hr(world))
    assert set(excinfo.value.message_dict) == {"parent"}


def test_it_renames_a_unit(world):
    services.update_unit(world.sales, name="销售中心", code="SALES-C", acting_user=hr(world))
    world.sales.refresh_from_db()
    assert (world.sales.name, world.sales.code) == ("销售中心", "SALES-C")
    payload = json.loads(LedgerEntry.objects.get(event="unit_renamed").payload)
    assert payload["before"]["name"] == "销售部" and payload["after"]["name"] == "销售中心"


def test_moving_a_unit_re_paths_its_whole_subtree(world):
    east = make_unit(world.company, "华东区", parent=world.sales)
    shanghai = make_unit(world.company, "上海组", parent=east)
    for i in range(5):
        make_unit(world.company, f"小组{i}", parent=shanghai)
    person = make_employee(shanghai, "钱九")
    old_sales_path = world.sales.path
    services.move_unit(world.sales, world.rnd, acting_user=hr(world))
    world.sales.refresh_from_db()
    assert world.sales.parent == world.rnd
    assert world.sales.path.startswith(world.rnd.path) and world.sales.depth == world.rnd.depth + 1
    for unit in OrgUnit.objects.filter(path__startswith=world.sales.path).exclude(pk=world.sales.pk):
        assert unit.depth == unit.path.count(".") - 1
        parent = OrgUnit.objects.get(pk=unit.parent_id)
        assert unit.path.startswith(parent.path) and unit.depth == parent.depth + 1
    assert not OrgUnit.objects.filter(path__startswith=old_sales_path).exists()
    assert OrgUnit.objects.filter(path__startswith=world.sales.path).count() == 1 + 1 + 1 + 5
    # The rnd subtree now contains the people of the moved units.
    assert OrgUnit.objects.get(pk=person.org_unit_id).path.startswith(world.rnd.path)
    payload = json.loads(LedgerEntry.objects.get(event="unit_moved").payload)
    assert payload["before"]["path"] == old_sales_path and payload["after"]["path"] == world.sales.path


def _queries_to_move(world, subtree_size: int) -> int:
    unit = make_unit(world.company, f"移动{subtree_size}", parent=world.root)
    parent = unit
    for i in range(subtree_size):
        parent = make_unit(world.company, f"下级{i}", parent=parent if i % 2 else unit)
        make_employee(parent, f"员工{i}")
    with CaptureQueriesContext(connection) as queries:
        services.move_unit(unit, world.rnd, acting_user=hr(world))
    return len(queries)


def test_moving_a_unit_takes_the_same_queries_whatever_the_subtree(world):
    # Set-based UPDATEs: no query per descendant.
    assert _queries_to_move(world, 2) == _queries_to_move(world, 30) <= 15


def test_an_hrbp_granted_on_a_moved_unit_still_sees_the_people_below_it(world):
    east = make_unit(world.company, "华东区", parent=world.sales)
    person = make_employee(east, "钱九")
    hrbp = world.users["hrbp_sales"]
    services.move_unit(world.sales, world.rnd, acting_user=hr(world))
    fresh = type(hrbp).objects.get(pk=hrbp.pk)  # the policy caches grants on the user object
    visible = set(policy.employees_for(fresh, "employee.edit").values_list("pk", flat=True))
    assert {person.pk, world.lisi.pk, world.boss.pk, world.zhaoliu.pk} <= visible
    assert world.chenqi.pk not in visible


def test_an_hrbp_on_the_new_parent_gains_the_moved_people(world):
    hrbp_rnd = make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd)
    assert not policy.employees_for(hrbp_rnd, "employee.edit").filter(pk=world.lisi.pk).exists()
    services.move_unit(world.sales, world.rnd, acting_user=hr(world))
    fresh = type(hrbp_rnd).objects.get(pk=hrbp_rnd.pk)
    assert policy.employees_for(fresh, "employee.edit").filter(pk=world.lisi.pk).exists()


def test_it_refuses_moving_a_unit_under_its_own_descendant(world):
    east = make_unit(world.company, "华东区", parent=world.sales)
    for target in (east, world.sales):
        with pytest.raises(ValidationError) as excinfo:
            services.move_unit(world.sales, target, acting_user=hr(world))
        assert set(excinfo.value.message_dict) == {"parent"}
    world.sales.refresh_from_db()
    assert world.sales.parent == world.root


def test_it_moves_a_unit_to_the_top(world):
    services.move_unit(world.sales, None, acting_user=hr(world))
    world.sales.refresh_from_db()
    assert world.sales.parent is None and world.sales.depth == 0
    assert OrgUnit.objects.get(pk=world.lisi.org_unit_id).path == world.sales.path


def test_it_sets_and_clears_the_unit_head(world):
    services.set_unit_head(world.sales, world.boss, acting_user=hr(world))
    assert OrgUnit.objects.get(pk=world.sales.pk).head == world.boss
    services.set_unit_head(world.sales, None, acting_user=hr(world))
    assert OrgUnit.objects.get(pk=world.sales.pk).head is None
    assert LedgerEntry.objects.filter(event="unit_head_set").count() == 2
    stranger = make_employee(make_unit(make_company(), "别家"), "外人")
    with pytest.raises(ValidationError) as excinfo:
        services.set_unit_head(world.sales, stranger, acting_user=hr(world))
    assert set(excinfo.value.message_dict) == {"head"}


def test_it_refuses_deleting_a_unit_with_people(world):
    with pytest.raises(ValidationError) as excinfo:
        services.delete_unit(world.rnd, acting_user=hr(world))
    assert "1 名员工" in excinfo.value.messages[0]
    assert OrgUnit.objects.filter(pk=world.rnd.pk).exists()


def test_it_refuses_deleting_a_unit_with_sub_units(world):
    make_unit(world.company, "空的下级", parent=world.rnd)
    world.chenqi.org_unit = world.sales
    world.chenqi.save(update_fields=["org_unit"])
    with pytest.raises(ValidationError) as excinfo:
        services.delete_unit(world.rnd, acting_user=hr(world))
    assert "下级部门" in excinfo.value.messages[0]


def test_it_refuses_deleting_a_unit_with_grants(world):
    empty = make_unit(world.company, "空部门", parent=world.root)
    make_user("scoped", Role.HRBP, company=world.company, unit=empty)
    with pytest.raises(ValidationError) as excinfo:
        services.delete_unit(empty, acting_user=hr(world))
    assert "授权" in excinfo.value.messages[0]


def test_it_deletes_an_empty_unit(world):
    empty = make_unit(world.company, "空部门", parent=world.root)
    services.delete_unit(empty, acting_user=hr(world))
    assert not OrgUnit.objects.filter(pk=empty.pk).exists()
    assert LedgerEntry.objects.filter(event="unit_deleted").count() == 1


# ---------------------------------------------------------------- positions


def test_it_creates_and_edits_a_position(world):
    position = services.create_position(world.company, acting_user=hr(world), name="销售代表", grade="P3",
                                        wage_min=Decimal("6000"), wage_max=Decimal("9000"))
    services.update_position(position, acting_user=hr(world), wage_max=Decimal("12000"))
    position.refresh_from_db()
    assert position.wage_max == Decimal("12000")
    payload = json.loads(LedgerEntry.objects.get(event="position_updated").payload)
    assert payload == {"before": {"wage_max": "9000"}, "after": {"wage_max": "12000"}}


def test_it_refuses_a_wage_band_upside_down(world):
    with pytest.raises(ValidationError) as excinfo:
        services.create_position(world.company, acting_user=hr(world), name="x",
                                 wage_min=Decimal("9000"), wage_max=Decimal("6000"))
    assert set(excinfo.value.message_dict) == {"wage_max"}


def test_it_refuses_a_duplicate_position_name(world):
    services.create_position(world.company, acting_user=hr(world), name="销售代表")
    with pytest.raises(ValidationError) as excinfo:
        services.create_position(world.company, acting_user=hr(world), name=" 销售代表 ")
    assert set(excinfo.value.message_dict) == {"name"}
