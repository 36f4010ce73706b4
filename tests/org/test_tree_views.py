"""设置 · 组织架构 and 设置 · 岗位: the HR admin's pages; others get 403, other companies 404."""

from __future__ import annotations

import pytest
from django.urls import reverse

from farewell.ledger.models import LedgerEntry
from farewell.org.models import OrgUnit, Position
from tests.factories import make_company, make_employee, make_position, make_unit


def as_user(client, world, role):
    client.force_login(world.users[role])
    return client


def unit_urls(unit) -> list[tuple[str, dict]]:
    return [
        (reverse("settings:unit_rename", args=[unit.pk]), {"name": "改名", "code": "NEWCODE"}),
        (reverse("settings:unit_move", args=[unit.pk]), {"parent": ""}),
        (reverse("settings:unit_head", args=[unit.pk]), {"head": ""}),
        (reverse("settings:unit_delete", args=[unit.pk]), {}),
    ]


@pytest.mark.parametrize("role", ["hrbp_sales", "manager", "legal", "approver", "employee", "auditor"])
def test_only_the_hr_admin_manages_the_tree(client, world, role):
    as_user(client, world, role)
    assert client.get(reverse("settings:org_tree")).status_code == 403
    assert client.post(reverse("settings:org_tree"), {"name": "x", "code": "X"}).status_code == 403
    assert client.get(reverse("settings:org_unit", args=[world.sales.pk])).status_code == 403
    for url, data in unit_urls(world.rnd):
        assert client.post(url, data).status_code == 403, url
    assert client.get(reverse("settings:positions")).status_code == 403
    position = make_position(world.company)
    assert client.post(reverse("settings:position_edit", args=[position.pk]), {"name": "y"}).status_code == 403
    assert not LedgerEntry.objects.exists()


def test_outsiders_get_404_on_units_and_positions(client, world):
    as_user(client, world, "outsider")
    for url, data in unit_urls(world.rnd):
        assert client.post(url, data).status_code == 404, url
    position = make_position(world.company)
    assert client.get(reverse("settings:position_edit", args=[position.pk])).status_code == 404


def test_another_companys_units_are_404_for_the_hr_admin(client, world):
    other = make_unit(make_company(), "别家")
    as_user(client, world, "hr_admin")
    assert client.get(reverse("settings:org_unit", args=[other.pk])).status_code == 404
    for url, data in unit_urls(other):
        assert client.post(url, data).status_code == 404, url
    assert "别家" not in client.get(reverse("settings:org_tree")).content.decode()


def test_the_tree_shows_units_with_member_counts(client, world):
    as_user(client, world, "hr_admin")
    response = client.get(reverse("settings:org_tree"))
    assert response.status_code == 200
    rows = {row.unit.name: (row.members, row.subtree_members) for row in response.context["trees"][0]["rows"]}
    assert rows == {"总部": (0, 4), "销售部": (3, 3), "研发部": (1, 1)}


def test_the_settings_index_links_the_tree_and_positions(client, world):
    as_user(client, world, "hr_admin")
    page = client.get(reverse("settings:index")).content.decode()
    assert reverse("settings:org_tree") in page and reverse("settings:positions") in page


def _grow(world, units: int) -> None:
    parent = world.sales
    for i in range(units):
        unit = make_unit(world.company, f"组{i}", parent=parent)
        make_employee(unit, f"员{i}")
        parent = unit if i % 3 else world.sales


def test_the_tree_page_query_count_does_not_grow_with_the_tree(client, world, django_assert_max_num_queries):
    as_user(client, world, "hr_admin")
    client.get(reverse("settings:org_tree"))
    _grow(world, 3)
    with django_assert_max_num_queries(10) as small:
        client.get(reverse("settings:org_tree"))
    _grow(world, 40)
    with django_assert_max_num_queries(10) as large:
        response = client.get(reverse("settings:org_tree"))
    assert len(small.captured_queries) == len(large.captured_queries)
    assert len(response.context["trees"][0]["rows"]) == 3 + 43


def test_the_hr_admin_adds_a_unit(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("settings:org_tree"), {"parent": world.sales.pk, "name": "华东区", "code": "EAST"})
    assert response.status_code == 302
    unit = OrgUnit.objects.get(code="EAST")
    assert unit.parent == world.sales and unit.path.startswith(world.sales.path)


def test_adding_a_unit_with_a_taken_code_names_the_code(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("settings:org_tree"), {"parent": world.root.pk, "name": "x", "code": world.rnd.code})
    assert response.status_code == 200 and list(response.context["form"].errors) == ["code"]


def test_the_hr_admin_renames_moves_and_sets_the_head(client, world):
    as_user(client, world, "hr_admin")
    east = make_unit(world.company, "华东区", parent=world.sales)
    client.post(reverse("settings:unit_rename", args=[east.pk]), {"name": "华东大区", "code": "EAST"})
    client.post(reverse("settings:unit_move", args=[world.sales.pk]), {"parent": world.rnd.pk})
    client.post(reverse("settings:unit_head", args=[world.sales.pk]), {"head": world.boss.employee_number})
    east.refresh_from_db()
    world.sales.refresh_from_db()
    assert east.name == "华东大区" and east.path.startswith(world.rnd.path) and east.depth == 3
    assert world.sales.parent == world.rnd and world.sales.head == world.boss


def test_moving_under_a_descendant_is_refused_on_the_parent_field(client, world):
    east = make_unit(world.company, "华东区", parent=world.sales)
    as_user(client, world, "hr_admin")
    response = client.post(reverse("settings:unit_move", args=[world.sales.pk]), {"parent": east.pk})
    # The form does not even offer the subtree; a forged POST is refused on the field.
    assert response.status_code == 400 and "parent" in response.context["move_form"].errors
    world.sales.refresh_from_db()
    assert world.sales.parent == world.root


def test_deleting_a_unit_with_people_is_refused_with_a_message(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("settings:unit_delete", args=[world.rnd.pk]))
    assert response.status_code == 400
    assert "1 名员工" in response.context["delete_error"]
    assert OrgUnit.objects.filter(pk=world.rnd.pk).exists()
    empty = make_unit(world.company, "空部门", parent=world.root)
    assert client.post(reverse("settings:unit_delete", args=[empty.pk])).status_code == 302
    assert not OrgUnit.objects.filter(pk=empty.pk).exists()


def test_an_unknown_head_number_is_refused_on_the_head_field(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("settings:unit_head", args=[world.sales.pk]), {"head": "NOPE"})
    assert response.status_code == 400 and list(response.context["head_form"].errors) == ["head"]


# ---------------------------------------------------------------- positions


def test_the_hr_admin_adds_and_edits_positions(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("settings:positions"),
                           {"name": "销售代表", "grade": "P3", "wage_min": "6000", "wage_max": "9000"})
    assert response.status_code == 302
    position = Position.objects.get(name="销售代表")
    assert position.company == world.company
    response = client.post(reverse("settings:position_edit", args=[position.pk]),
                           {"name": "销售代表", "grade": "P4", "wage_min": "9000", "wage_max": "6000"})
    assert response.status_code == 400 and list(response.context["form"].errors) == ["wage_max"]
    client.post(reverse("settings:position_edit", args=[position.pk]),
                {"name": "高级销售代表", "grade": "P4", "wage_min": "9000", "wage_max": "15000"})
    position.refresh_from_db()
    assert (position.name, position.grade) == ("高级销售代表", "P4")
    page = client.get(reverse("settings:positions")).content.decode()
    assert "高级销售代表" in page


def test_the_positions_page_query_count_is_bounded(client, world, django_assert_max_num_queries):
    for i in range(30):
        make_position(world.company, f"岗位{i}")
    as_user(client, world, "hr_admin")
    with django_assert_max_num_queries(10):
        assert client.get(reverse("settings:positions")).status_code == 200
