"""Closing a case ends the employment: the employee's status and separation date, the open contract,
the login — on the day after the last day, never back- or forward-dated (issue 11)."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.management import call_command
from django.utils import timezone

from farewell.accounts.models import User
from farewell.cases import services
from farewell.cases.models import CaseStatus
from farewell.ledger.models import LedgerEntry
from farewell.org.models import Contract, Employee, EmployeeStatus
from tests.factories import PASSWORD, make_contract, record_notice
from tests.offboarding.helpers import finish_offboarding


def _in_handover(world, notice_date):
    case = record_notice(world.lisi, actor=world.users["hrbp_sales"], notice_date=notice_date)
    services.acknowledge_notice(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    finish_offboarding(case, world.users["hrbp_sales"])  # duties done, handover confirmed: the case may close
    return case


def _events(event):
    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(event=event).order_by("seq")]


def test_closing_after_the_last_day_ends_the_employment_now(staffed, client):
    world = staffed
    today = timezone.localdate()
    case = _in_handover(world, today - dt.timedelta(days=40))  # last day: 10 days ago
    last = case.separation_date
    contract = world.lisi.contracts.get()
    assert contract.end_date is None
    # before the close 李四 signs in (so the refusal below is the deactivation's doing)
    assert client.post("/accounts/login/", {"username": "lisi", "password": PASSWORD}).status_code == 302
    client.logout()
    services.close_case(case, actor=world.users["hrbp_sales"], closed_on=today)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == today
    lisi = Employee.objects.get(pk=world.lisi.pk)
    assert lisi.status == EmployeeStatus.SEPARATED and lisi.separation_date == last
    contract.refresh_from_db()
    assert contract.end_date == last
    [ended] = _events("contract.ended")
    assert ended["old_end_date"] is None and ended["end_date"] == last.isoformat()
    login = User.objects.get(pk=world.users["employee"].pk)
    assert not login.is_active
    assert _events("employee.separated")[0]["separation_date"] == last.isoformat()
    [stopped] = [json.loads(e.payload) for e in LedgerEntry.objects.filter(event="login_deactivated")]
    assert stopped["username"] == "lisi" and str(case.code) in stopped["reason"]
    # the closed employee's login cannot sign in any more
    response = client.post("/accounts/login/", {"username": "lisi", "password": PASSWORD})
    assert response.status_code == 200 and "_auth_user_id" not in client.session  # the form again, not a redirect


def test_closing_before_the_last_day_is_scheduled_and_the_sweep_applies_it(staffed):
    world = staffed
    today = timezone.localdate()
    case = _in_handover(world, today)  # last day: in 30 days
    last = case.separation_date
    services.close_case(case, actor=world.users["hrbp_sales"], closed_on=today)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == today
    lisi = Employee.objects.get(pk=world.lisi.pk)
    assert lisi.status == EmployeeStatus.SEPARATING and lisi.separation_date == last
    assert world.lisi.contracts.get().end_date == last  # the contract's end is a fact of the case
    assert User.objects.get(pk=world.users["employee"].pk).is_active
    assert _events("employee.separation_scheduled")[0]["scheduled_for"] == (last + dt.timedelta(days=1)).isoformat()

    # on the last day itself nothing happens yet
    result = services.sweep(today=last)
    assert (result.separated, result.deactivated) == (0, 0)
    assert Employee.objects.get(pk=world.lisi.pk).status == EmployeeStatus.SEPARATING
    assert User.objects.get(pk=world.users["employee"].pk).is_active

    # the day after: the sweep ends it, with the case's last day (not the sweep's day) as the date
    result = services.sweep(today=last + dt.timedelta(days=1))
    assert (result.separated, result.deactivated) == (1, 1)
    lisi = Employee.objects.get(pk=world.lisi.pk)
    assert lisi.status == EmployeeStatus.SEPARATED and lisi.separation_date == last
    assert not User.objects.get(pk=world.users["employee"].pk).is_active
    # idempotent
    assert services.sweep(today=last + dt.timedelta(days=2)).separated == 0


def test_the_command_takes_a_frozen_day(staffed, capsys):
    world = staffed
    case = _in_handover(world, timezone.localdate())
    services.close_case(case, actor=world.users["hrbp_sales"])
    call_command("sweep", today=(case.separation_date + dt.timedelta(days=1)).isoformat())
    out = capsys.readouterr().out
    assert "employments ended: 1" in out and "logins deactivated: 1" in out
    assert Employee.objects.get(pk=world.lisi.pk).status == EmployeeStatus.SEPARATED


def test_a_contract_ending_later_is_cut_and_an_earlier_one_is_left(staffed):
    world = staffed
    today = timezone.localdate()
    world.lisi.contracts.all().delete()
    earlier = make_contract(world.lisi, sequence=1, start_date=dt.date(2020, 3, 1), end_date=dt.date(2023, 2, 28))
    current = make_contract(world.lisi, sequence=2, start_date=dt.date(2023, 3, 1),
                            end_date=today + dt.timedelta(days=400))
    case = _in_handover(world, today)
    services.close_case(case, actor=world.users["hrbp_sales"])
    earlier.refresh_from_db()
    current.refresh_from_db()
    assert earlier.end_date == dt.date(2023, 2, 28)
    assert current.end_date == case.separation_date
    [ended] = _events("contract.ended")
    assert ended["old_end_date"] == (today + dt.timedelta(days=400)).isoformat()


def test_a_re_hired_employee_is_left_alone_by_the_sweep(staffed):
    world = staffed
    case = _in_handover(world, timezone.localdate() - dt.timedelta(days=60))
    services.close_case(case, actor=world.users["hrbp_sales"])
    lisi = Employee.objects.get(pk=world.lisi.pk)
    Employee.objects.filter(pk=lisi.pk).update(status=EmployeeStatus.ACTIVE,
                                               hire_date=case.separation_date + dt.timedelta(days=5))
    User.objects.filter(pk=world.users["employee"].pk).update(is_active=True)
    assert services.sweep().separated == 0
    assert Employee.objects.get(pk=lisi.pk).status == EmployeeStatus.ACTIVE


def test_hr_cannot_open_another_case_for_someone_who_left(staffed, soon):
    world = staffed
    case = _in_handover(world, timezone.localdate() - dt.timedelta(days=40))
    services.close_case(case, actor=world.users["hrbp_sales"])
    with pytest.raises(services.CaseError, match="已于 .* 离职"):
        services.open_case(Employee.objects.get(pk=world.lisi.pk), "mutual_employer",
                           actor=world.users["hrbp_sales"], separation_date=soon)


def test_closing_through_the_page_ends_the_employment(staffed, client):
    world = staffed
    case = _in_handover(world, timezone.localdate() - dt.timedelta(days=35))
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/cases/{case.code}/action/", {
        "action": "close", "closed_on": timezone.localdate().isoformat()})
    assert response.status_code == 302
    assert Employee.objects.get(pk=world.lisi.pk).status == EmployeeStatus.SEPARATED
    assert not Contract.objects.filter(employee=world.lisi, end_date__isnull=True).exists()
