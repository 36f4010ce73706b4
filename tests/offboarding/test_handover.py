"""The handover (工作交接): the checklist from the template, the leaver ticks, the receiver confirms or
returns, HR sees progress, overdue items remind once a day, blocking items keep the case open."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus
from farewell.common.notifications import Notification
from farewell.ledger.models import LedgerEntry
from farewell.offboarding import handover
from farewell.offboarding.calendar import working_days_before
from farewell.offboarding.models import HandoverItem, HandoverTemplate, ItemStatus
from tests.factories import make_user

from .conftest import in_handover


def test_starting_the_handover_builds_the_checklist_from_the_default_template(handover_case, staffed):
    items = list(handover_case.handover_items.order_by("order"))
    template = HandoverTemplate.objects.get(company__isnull=True)
    assert [i.title for i in items] == list(template.items.order_by("order").values_list("title", flat=True))
    manager_login = staffed.users["manager"]
    by_title = {i.title: i for i in items}
    # the receiver is the manager by default; assets and accounts go to HR (the case's opener)
    assert by_title["在办工作与项目进度"].receiver == manager_login
    assert by_title["设备与其他资产"].receiver == staffed.users["hrbp_sales"]
    assert all(i.owner_id == staffed.lisi.pk for i in items)
    last = handover_case.separation_date
    assert by_title["在办工作与项目进度"].due_date == working_days_before(last, 3)
    assert by_title["账号与权限"].due_date == working_days_before(last, 0)
    assert LedgerEntry.objects.filter(event="offboarding.prepared", object_id=str(handover_case.code)).count() == 1


def test_working_days_are_counted_back_past_days_off(db):  # the holiday table is read (设置 › 节假日)
    # 2026-10-08 (Thursday) is the first working day after the National Day holiday
    assert working_days_before(dt.date(2026, 10, 8), 1) == dt.date(2026, 9, 30)
    assert working_days_before(dt.date(2026, 10, 4), 0) == dt.date(2026, 9, 30)  # a day off: the day before
    assert working_days_before(dt.date(2026, 11, 30), 2) == dt.date(2026, 11, 26)  # Monday → Thursday


def test_a_unit_template_wins_over_the_company_and_default_ones(staffed, soon):
    world = staffed
    hr_admin = world.users["hr_admin"]
    handover.save_template(acting_user=hr_admin, company=world.company, case_type="", org_unit=None,
                           name="公司通用", items=[{"category": "work", "title": "公司事项", "description": "",
                                                   "receiver_kind": "manager", "working_days_before": 1,
                                                   "blocks_closing": True}])
    handover.save_template(acting_user=hr_admin, company=world.company, case_type="mutual_employer",
                           org_unit=world.sales, name="销售部协商", items=[
                               {"category": "clients", "title": "销售客户", "description": "",
                                "receiver_kind": "manager", "working_days_before": 5, "blocks_closing": False}])
    case = in_handover(world)
    assert list(case.handover_items.values_list("title", "blocks_closing")) == [("销售客户", False)]
    with pytest.raises(handover.HandoverError):
        handover.save_template(acting_user=hr_admin, company=world.company, case_type="", org_unit=None,
                               name="重复", items=[{"category": "work", "title": "x", "description": "",
                                                  "receiver_kind": "manager", "working_days_before": 1,
                                                  "blocks_closing": True}])


def test_the_leaver_ticks_and_the_receiver_confirms(handover_case, staffed):
    item = handover_case.handover_items.get(title="在办工作与项目进度")
    handover.tick_item(item, acting_user=staffed.users["employee"], note="项目文档在共享盘")
    item.refresh_from_db()
    assert item.status == ItemStatus.TICKED and item.owner_note == "项目文档在共享盘"
    assert Notification.objects.filter(user=staffed.users["manager"], subject__startswith="请确认交接").exists()
    handover.confirm_item(item, acting_user=staffed.users["manager"])
    item.refresh_from_db()
    assert item.status == ItemStatus.CONFIRMED and item.decided_by == staffed.users["manager"]
    events = list(LedgerEntry.objects.filter(object_id=str(item.code)).values_list("event", flat=True))
    assert events == ["handover.item_ticked", "handover.item_confirmed"]


def test_only_the_leaver_ticks_and_only_the_receiver_confirms(handover_case, staffed):
    item = handover_case.handover_items.get(title="在办工作与项目进度")
    with pytest.raises(handover.HandoverError):
        handover.tick_item(item, acting_user=staffed.users["manager"])
    with pytest.raises(handover.HandoverError):
        handover.confirm_item(item, acting_user=staffed.users["hrbp_sales"])
    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_a_returned_item_needs_a_comment_and_goes_back_to_the_leaver(handover_case, staffed):
    item = handover_case.handover_items.get(title="客户与合作方")
    handover.tick_item(item, acting_user=staffed.users["employee"])
    with pytest.raises(handover.HandoverError):
        handover.return_item(item, acting_user=staffed.users["manager"], comment=" ")
    handover.return_item(item, acting_user=staffed.users["manager"], comment="缺少A客户的合同")
    item.refresh_from_db()
    assert item.status == ItemStatus.RETURNED and item.return_comment == "缺少A客户的合同"
    assert Notification.objects.filter(user=staffed.users["employee"], body="缺少A客户的合同").exists()
    handover.tick_item(item, acting_user=staffed.users["employee"], note="已补")
    item.refresh_from_db()
    assert item.status == ItemStatus.TICKED


def test_progress_counts_confirmed_and_overdue(handover_case, staffed):
    items = list(handover_case.handover_items.all())
    handover.confirm_item(items[0], acting_user=items[0].receiver)
    HandoverItem.objects.filter(pk=items[1].pk).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    progress = handover.progress(handover_case.handover_items.all())
    assert progress["total"] == 6 and progress["confirmed"] == 1 and progress["overdue"] == 1
    assert progress["blocking_open"] == 5 and not progress["complete"]


def test_overdue_items_remind_once_a_day(handover_case, staffed):
    today = timezone.localdate()
    ticked = handover_case.handover_items.get(title="在办工作与项目进度")
    handover.tick_item(ticked, acting_user=staffed.users["employee"])
    HandoverItem.objects.filter(case=handover_case).update(due_date=today - dt.timedelta(days=2))
    Notification.objects.all().delete()
    assert handover.remind_overdue(today=today) == 6
    # the ticked item reminds its receiver, the others the leaver
    assert Notification.objects.filter(user=staffed.users["manager"], subject__startswith="交接事项已逾期").count() == 1
    assert Notification.objects.filter(user=staffed.users["employee"], subject__startswith="交接事项已逾期").count() == 5
    assert handover.remind_overdue(today=today) == 0  # the same day: nothing again
    assert handover.remind_overdue(today=today + dt.timedelta(days=1)) == 6


def test_the_sweep_command_reminds_handover_items_and_duties(handover_case, staffed):
    from io import StringIO

    from django.core.management import call_command

    HandoverItem.objects.filter(case=handover_case).update(due_date=timezone.localdate() - dt.timedelta(days=1))
    out = StringIO()
    call_command("sweep", stdout=out)
    assert "handover reminders: 6" in out.getvalue()


def test_a_blocking_item_keeps_the_case_open_and_a_non_blocking_one_does_not(staffed):
    world = staffed
    case = in_handover(world, separation_date=timezone.localdate() - dt.timedelta(days=1))
    for duty in case.post_exit_duties.all():
        from farewell.offboarding import duties

        duties.complete(duty, acting_user=world.users["hrbp_sales"], note="已办")
    HandoverItem.objects.filter(case=case).exclude(title="账号与权限").update(status=ItemStatus.CONFIRMED)
    with pytest.raises(services.CaseError) as refused:
        services.close_case(case, actor=world.users["hrbp_sales"])
    assert "账号与权限" in str(refused.value)
    HandoverItem.objects.filter(case=case, title="账号与权限").update(blocks_closing=False)
    services.close_case(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED


def test_hr_changes_the_receiver_and_the_new_receiver_is_told(handover_case, staffed):
    other = make_user("colleague", "manager", company=staffed.company)
    item = handover_case.handover_items.get(title="文件资料")
    handover.change_item(item, acting_user=staffed.users["hrbp_sales"], receiver=other)
    item.refresh_from_db()
    assert item.receiver == other
    assert Notification.objects.filter(user=other, subject__startswith="您是交接接收人").exists()
    entry = LedgerEntry.objects.filter(event="handover.item_changed").get()
    assert json.loads(entry.payload)["receiver"] == "colleague"
