"""The employee records a demand in the portal: amount and reason, immutable, in the ledger; HR sees
it on the case page with the dispute-risk warning; nobody posts a demand to someone else's case."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from farewell.cases import services
from farewell.cases.models import CaseType, EmployeeDemand, SeparationCase
from farewell.ledger.models import LedgerEntry
from tests.factories import Role, make_user


@pytest.fixture
def lisi_case(staffed, soon):
    return services.open_case(staffed.lisi, CaseType.MUTUAL_EMPLOYER, actor=staffed.users["hrbp_sales"],
                              separation_date=soon)


def test_the_employee_records_a_demand_and_hr_sees_the_dispute_risk(client, staffed, lisi_case):
    client.force_login(staffed.users["employee"])
    assert 'id="my-demand"' in client.get("/me/").content.decode()
    response = client.post("/me/demand/", {"amount": "200000", "reason": "多年加班没有调休"})
    assert response.status_code == 302
    lisi_case.refresh_from_db()
    assert lisi_case.employee_demand == Decimal(200000)
    demand = EmployeeDemand.objects.get(case=lisi_case)
    assert demand.from_employee and demand.reason == "多年加班没有调休" and demand.author == staffed.users["employee"]
    entry = LedgerEntry.objects.get(object_id=str(lisi_case.code), event="case.demand")
    assert json.loads(entry.payload)["amount"] == "200000" and json.loads(entry.payload)["from_employee"] is True
    assert "dispute_risk" in [c["code"] for c in services.latest_run(lisi_case).checks]
    assert "多年加班没有调休" in client.get("/me/").content.decode()

    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{lisi_case.code}/").content.decode()
    assert 'id="dispute-risk"' in page and "争议风险" in page
    assert 'id="demands"' in page and "多年加班没有调休" in page and "员工在自助页面提出" in page


def test_a_demand_is_never_edited_a_new_one_is_added(client, staffed, lisi_case):
    client.force_login(staffed.users["employee"])
    client.post("/me/demand/", {"amount": "100000", "reason": "第一次"})
    first = EmployeeDemand.objects.get()
    client.post("/me/demand/", {"amount": "90000", "reason": "让一步"})
    first.refresh_from_db()
    assert (first.amount, first.reason) == (Decimal(100000), "第一次")
    assert [d.amount for d in EmployeeDemand.objects.order_by("id")] == [Decimal(100000), Decimal(90000)]
    lisi_case.refresh_from_db()
    assert lisi_case.employee_demand == Decimal(90000)


def test_it_rejects_get_and_an_empty_amount(client, staffed, lisi_case):
    client.force_login(staffed.users["employee"])
    assert client.get("/me/demand/").status_code == 405
    client.post("/me/demand/", {"amount": "", "reason": "x"})
    client.post("/me/demand/", {"amount": "-5", "reason": "x"})
    assert not EmployeeDemand.objects.exists()


def test_an_employee_cannot_post_a_demand_to_anothers_case(client, staffed, soon):
    world = staffed
    other = services.open_case(world.zhaoliu, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                               separation_date=soon)
    client.force_login(world.users["employee"])  # 李四, who has no case
    response = client.post("/me/demand/", {"amount": "1", "reason": "x", "case": str(other.code)})
    assert response.status_code == 404
    other.refresh_from_db()
    assert other.employee_demand is None and not EmployeeDemand.objects.exists()

    # With a case of her own, a demand naming the other case still lands on her own.
    own = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                             separation_date=soon)
    client.post("/me/demand/", {"amount": "1", "reason": "x", "case": str(other.code)})
    assert EmployeeDemand.objects.get().case == own
    other.refresh_from_db()
    assert other.employee_demand is None


@pytest.mark.parametrize("persona", ["hrbp_sales", "manager", "auditor"])
def test_only_employees_use_the_portal_demand(client, staffed, lisi_case, persona):
    client.force_login(staffed.users[persona])
    assert client.post("/me/demand/", {"amount": "1", "reason": "x"}).status_code == 403


def test_hr_recording_the_demand_keeps_it_too(staffed, lisi_case):
    services.update_case(lisi_case, actor=staffed.users["hrbp_sales"], employee_demand=Decimal(150000))
    demand = EmployeeDemand.objects.get(case=lisi_case)
    assert not demand.from_employee and demand.amount == Decimal(150000)


def test_no_demand_once_the_case_is_decided(client, staffed, lisi_case):
    services.withdraw_case(lisi_case, actor=staffed.users["hrbp_sales"])
    client.force_login(staffed.users["employee"])
    client.post("/me/demand/", {"amount": "1", "reason": "x"})
    assert not EmployeeDemand.objects.exists()
    assert SeparationCase.objects.get(pk=lisi_case.pk).employee_demand is None


def test_an_employee_without_an_employee_record_gets_404(client, staffed):
    user = make_user("nobody", Role.EMPLOYEE, company=staffed.company)
    client.force_login(user)
    assert client.post("/me/demand/", {"amount": "1", "reason": "x"}).status_code == 404
