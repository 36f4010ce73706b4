"""Job history: a page edit or a position re-grade records dated manager, position and grade changes,
with promotions decided by org/promotions.py."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.org import services
from farewell.org.models import JobChange, JobChangeKind, Position
from farewell.org.promotions import grade_level, is_promotion
from tests.factories import make_employee


@pytest.mark.parametrize(("old", "new", "bands", "promoted"), [
    ("P4", "P5", (None, None), True),  # same ladder, level up
    ("P5", "P4", (None, None), False),  # a step down
    ("P4", "P4", (Decimal(100), Decimal(200)), False),  # lateral: the same level, whatever the band
    ("p4", "P 5", (None, None), True),  # case and spaces do not matter
    ("S2", "M1", (Decimal(16000), Decimal(19500)), True),  # another ladder: the band decides
    ("P6", "M1", (Decimal(40000), Decimal(32500)), False),
    ("P6", "M2", (None, Decimal(41000)), False),  # nothing to compare
    ("", "S1", (None, None), False),
    ("一级科员", "四级主任科员", (None, None), True),  # 公务员 ranks: a smaller number is higher
    ("副科", "二级主任科员", (None, None), True),
    ("正科", "副科", (None, None), False),
])
def test_what_counts_as_a_promotion(old, new, bands, promoted):
    assert is_promotion(old, new, *bands) is promoted


def test_grade_levels():
    assert grade_level("M3") == ("M", 3) and grade_level("高级") is None and grade_level("") is None


@pytest.fixture
def ladder(world):
    company = world.company
    p4 = Position.objects.create(company=company, name="工程师", grade="P4", wage_min=13000, wage_max=22000)
    p5 = Position.objects.create(company=company, name="高级工程师", grade="P5", wage_min=20000, wage_max=35000)
    tester = Position.objects.create(company=company, name="测试工程师", grade="P4", wage_min=11000, wage_max=18000)
    return world, p4, p5, tester


def test_a_manager_change_is_recorded_with_both_managers_and_the_day(world):
    services.update_employee(world.zhaoliu, acting_user=world.users["hr_admin"], manager=world.boss)
    change = JobChange.objects.get()
    assert (change.kind, change.old_manager, change.new_manager) == (JobChangeKind.MANAGER, world.lisi, world.boss)
    assert change.effective_date == timezone.localdate() and change.source == "edit" and not change.promotion


def test_a_position_change_up_the_ladder_is_a_promotion_and_a_lateral_move_is_not(ladder):
    world, p4, p5, tester = ladder
    services.update_employee(world.zhaoliu, acting_user=world.users["hr_admin"], position=p4)
    services.update_employee(world.zhaoliu, acting_user=world.users["hr_admin"], position=tester)
    services.update_employee(world.zhaoliu, acting_user=world.users["hr_admin"], position=p5)
    rows = list(JobChange.objects.order_by("id").values_list("kind", "old_grade", "new_grade", "promotion"))
    assert rows == [("position", "", "P4", False), ("position", "P4", "P4", False), ("position", "P4", "P5", True)]


def test_an_edit_that_changes_neither_records_nothing(world):
    services.update_employee(world.zhaoliu, acting_user=world.users["hr_admin"], phone="139", manager=world.lisi)
    assert not JobChange.objects.exists()


def test_a_position_re_grade_records_a_grade_change_for_each_current_holder(ladder):
    world, p4, _p5, _tester = ladder
    leaver = make_employee(world.sales, "离职者", position=p4, status="separated")
    for person in (world.lisi, world.zhaoliu):
        person.position = p4
        person.save(update_fields=["position"])
    services.update_position(p4, acting_user=world.users["hr_admin"], grade="P5")
    rows = JobChange.objects.filter(kind=JobChangeKind.GRADE)
    assert sorted(rows.values_list("employee__name", flat=True)) == ["李四", "赵六"]
    assert all(r.promotion and (r.old_grade, r.new_grade) == ("P4", "P5") for r in rows)
    assert not rows.filter(employee=leaver).exists()
    services.update_position(p4, acting_user=world.users["hr_admin"], wage_max=23000)  # no grade change
    assert rows.count() == 2


def test_the_profile_lists_the_history_each_row_an_anchor_the_risk_factors_link_to(world, client):
    services.update_employee(world.zhaoliu, acting_user=world.users["hr_admin"], manager=world.boss)
    change = JobChange.objects.get()
    client.force_login(world.users["hr_admin"])
    html = client.get(f"/employees/{world.zhaoliu.code}/").content.decode()
    assert f'id="rec-jobchange-{change.pk}"' in html and "李四 → 王经理" in html
