"""公务员辞退规定 第十条: the 辞退公务员通知书 is delivered within 10 working days of the decision (made by the
approval). The limit is on the case, the sweep reminds HR before it and after it, and a delivery after it
is recorded as late only with the reason for the delay. Day 10 is on time, day 11 is late."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.urls import reverse
from django.utils import timezone

from farewell.cases import civil_service, civil_service_actions, services
from farewell.cases.civil_service_models import DecisionDelivery
from farewell.cases.models import SeparationCase
from farewell.common.notifications import Notification
from farewell.ledger.services import entries_for
from farewell.org.models import Holiday
from tests.cases import civil_service_helpers
from tests.cases.civil_service_helpers import answer_all, open_dismissal, proof
from tests.cases.conftest import walk

servant = civil_service_helpers.servant  # the fixture (孙九, a civil servant)

DECIDED = dt.date(2026, 3, 2)   # a Monday; no holiday in the next three weeks
DAY_10 = dt.date(2026, 3, 16)   # the 10th working day after it: the last day to deliver
DAY_11 = dt.date(2026, 3, 17)


def _approved(world, employee):
    case = open_dismissal(world, employee)
    answer_all(case, world.users["hrbp_sales"])
    services.submit_case(case, actor=world.users["hrbp_sales"])
    walk(case, world)
    case.refresh_from_db()
    return case


def _decided_on(case, day):
    """As if the approval had been given on `day` (what services._transition sets then)."""
    SeparationCase.objects.filter(pk=case.pk).update(**civil_service.approval_fields(case, day))
    case.refresh_from_db()
    return case


def _deliver(case, hr, delivered_on, note=""):
    return civil_service_actions.record_delivery(case, actor=hr, decided_on=DECIDED, delivered_on=delivered_on,
                                                 method="in_person", document_file=proof(), note=note,
                                                 today=dt.date(2026, 4, 1))


@pytest.mark.django_db  # the calendar reads the holiday table
def test_the_limit_is_the_tenth_working_day_after_the_decision():
    assert civil_service.delivery_due_for(DECIDED) == DAY_10
    # over National Day 2026 (10-01..10-07 off, Saturday 10-10 worked): the 10th working day is 10-20
    assert civil_service.delivery_due_for(dt.date(2026, 9, 30)) == dt.date(2026, 10, 20)


@pytest.mark.django_db
def test_a_holiday_hr_enters_moves_the_limit():
    Holiday.objects.create(day=dt.date(2026, 3, 10), kind="holiday", notice="测试")
    assert civil_service.delivery_due_for(DECIDED) == DAY_11


def test_the_approval_puts_the_decision_date_and_the_limit_on_the_case(client, staffed, servant):
    case = _approved(staffed, servant)
    today = timezone.localdate()
    assert case.decision_date == today and case.delivery_due == civil_service.delivery_due_for(today)
    approve = [json.loads(e.payload) for e in entries_for("cases.separationcase", case.code)
               if e.event == "case.approve"][-1]
    assert approve["delivery_due"] == case.delivery_due.isoformat()
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert f'data-due="{case.delivery_due:%Y-%m-%d}"' in page and "《公务员辞退规定》第十条" in page
    assert f'value="{today:%Y-%m-%d}"' in page  # the decision date is prefilled


def test_day_10_is_on_time(staffed, servant):
    case = _decided_on(_approved(staffed, servant), DECIDED)
    row = _deliver(case, staffed.users["hrbp_sales"], DAY_10)
    assert not row.late and row.due_date == DAY_10
    entry = [json.loads(e.payload) for e in entries_for("cases.separationcase", case.code)
             if e.event == "case.cs_decision_delivered"][-1]
    assert entry["late"] is False and entry["due_date"] == "2026-03-16" and entry["due_rule"] == "《公务员辞退规定》第十条"


def test_day_11_is_refused_without_a_reason_and_flagged_late_with_one(client, staffed, servant):
    hr = staffed.users["hrbp_sales"]
    case = _decided_on(_approved(staffed, servant), DECIDED)
    with pytest.raises(services.CaseError, match="逾期送达"):
        _deliver(case, hr, DAY_11)
    assert not DecisionDelivery.objects.filter(case=case).exists()
    row = _deliver(case, hr, DAY_11, note="本人住院，出院当日送达")
    assert row.late and row.due_date == DAY_10
    client.force_login(hr)
    page = client.get(reverse("cases:case_detail", args=[case.code])).content.decode()
    assert "data-late" in page and "逾期送达（期限 2026-03-16）" in page


def test_the_decision_date_is_the_approvals(staffed, servant):
    case = _decided_on(_approved(staffed, servant), DECIDED)
    with pytest.raises(services.CaseError, match="作出日期应为 2026-03-02"):
        civil_service_actions.record_delivery(case, actor=staffed.users["hrbp_sales"], decided_on=DAY_10,
                                              delivered_on=DAY_10, method="mail", document_file=proof(),
                                              today=dt.date(2026, 4, 1))


def test_the_sweep_reminds_hr_before_and_after_the_limit_until_it_is_delivered(client, staffed, servant):
    hr = staffed.users["hrbp_sales"]
    case = _decided_on(_approved(staffed, servant), DECIDED)
    Notification.objects.all().delete()

    def reminders():
        return list(Notification.objects.filter(user=hr, subject__contains="辞退决定送达").order_by("pk").values_list("subject", flat=True))

    assert civil_service.remind_deliveries(today=dt.date(2026, 3, 10)) == 0  # 4 working days left: not yet
    assert civil_service.remind_deliveries(today=dt.date(2026, 3, 11)) >= 1  # 3 working days left
    assert reminders() == ["辞退决定送达期限：孙九（2026-03-16 截止，还有 3 个工作日）"]
    assert civil_service.remind_deliveries(today=dt.date(2026, 3, 11)) == 0  # once a day
    assert civil_service.remind_deliveries(today=DAY_10) >= 1
    assert reminders()[-1] == "辞退决定送达期限：孙九（今天 2026-03-16 截止）"
    assert civil_service.remind_deliveries(today=DAY_11) >= 1
    assert reminders()[-1] == "辞退决定送达已逾期：孙九（期限 2026-03-16）"
    _deliver(case, hr, DAY_11, note="邮寄退回后改为直接送达")
    assert civil_service.remind_deliveries(today=dt.date(2026, 3, 18)) == 0
    client.force_login(hr)
    assert 'id="cs-delivery-overdue"' not in client.get(reverse("cases:case_detail", args=[case.code])).content.decode()


def test_the_sweep_command_runs_the_delivery_reminders(staffed, servant):
    case = _decided_on(_approved(staffed, servant), DECIDED)
    services.sweep(today=DAY_11)
    assert Notification.objects.filter(subject="辞退决定送达已逾期：孙九（期限 2026-03-16）").exists()
    assert case.pk
