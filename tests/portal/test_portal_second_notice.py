"""The portal refuses a second notice of resignation (or a negotiation request) while a case is open
and after the employment ended, with a clear message; the forms are not offered then."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import SeparationCase
from farewell.org.models import Employee
from tests.factories import record_notice
from tests.offboarding.helpers import finish_offboarding


@pytest.fixture
def lisi(client, staffed):
    client.force_login(staffed.users["employee"])
    return client


def _notice(client, day=None):
    day = day or timezone.localdate()
    return client.post("/me/resign/", {"notice_date": day.isoformat(), "reason": "再次", "confirm": "on"}, follow=True)


def test_a_second_notice_while_one_is_open_is_refused(lisi, staffed):
    services.give_notice(staffed.lisi, actor=staffed.users["employee"])
    page = _notice(lisi).content.decode()
    assert "您已有一个进行中的离职案件" in page and "不能再次提交" in page
    assert SeparationCase.objects.filter(employee=staffed.lisi).count() == 1


def test_a_negotiation_while_a_case_is_open_is_refused(lisi, staffed, soon):
    services.give_notice(staffed.lisi, actor=staffed.users["employee"])
    page = lisi.post("/me/negotiate/", {"separation_date": soon.isoformat(), "message": "也想协商"},
                     follow=True).content.decode()
    assert "您已有一个进行中的离职案件" in page
    assert SeparationCase.objects.filter(employee=staffed.lisi).count() == 1


def test_after_the_employment_ended_the_portal_says_so_and_refuses(lisi, staffed, soon):
    world = staffed
    case = record_notice(world.lisi, actor=world.users["hrbp_sales"],
                         notice_date=timezone.localdate() - dt.timedelta(days=10))
    services.acknowledge_notice(case, actor=world.users["hrbp_sales"])
    finish_offboarding(case, world.users["hrbp_sales"])
    services.close_case(case, actor=world.users["hrbp_sales"])  # last day in 20 days: scheduled
    employee = Employee.objects.get(pk=world.lisi.pk)
    page = lisi.get("/me/").content.decode()
    assert 'id="employment-ended"' in page and 'id="give-notice"' not in page and 'id="negotiate"' not in page
    with pytest.raises(services.CaseError, match="劳动合同已于 .* 解除/终止"):
        services.give_notice(employee, actor=world.users["employee"])
    with pytest.raises(services.CaseError, match="劳动合同已于 .* 解除/终止"):
        services.request_negotiation(employee, actor=world.users["employee"], separation_date=soon, message="再谈")
    page = _notice(lisi).content.decode()
    assert f"您的劳动合同已于 {case.separation_date:%Y-%m-%d} 解除/终止" in page
    assert SeparationCase.objects.filter(employee=world.lisi).count() == 1


def test_a_withdrawn_case_does_not_block_a_notice(lisi, staffed, soon):
    world = staffed
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    services.withdraw_case(case, actor=world.users["hrbp_sales"])
    _notice(lisi)
    assert SeparationCase.objects.filter(employee=world.lisi, case_type="resignation").exists()
