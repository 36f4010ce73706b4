"""Part-time (LCL 68–72) and interns: no engine run; the basis is recorded, nothing statutory is
owed, and the workflow still runs."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from farewell.cases import services
from farewell.cases.models import CaseStatus, EngineRun
from farewell.ledger.models import LedgerEntry
from tests.cases.conftest import give_wages, walk
from tests.factories import make_employee

BASIS = "非全日制用工/实习：任何一方可随时通知终止，不支付经济补偿（《劳动合同法》第七十一条）"


@pytest.mark.parametrize("employment_type", ["part_time", "intern"])
def test_it_records_the_basis_instead_of_running_the_engine(world, soon, employment_type):
    employee = make_employee(world.sales, "钱八", manager=world.boss, employment_type=employment_type)
    give_wages(employee, Decimal(3000))
    case = services.open_case(employee, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    case.refresh_from_db()
    assert case.legal_basis == BASIS
    assert case.statutory_amount == 0 and case.offered_amount == 0
    assert case.lawful is True and case.risk == "none"
    assert not EngineRun.objects.filter(case=case).exists()
    entry = LedgerEntry.objects.get(object_id=str(case.code), event="case.no_engine")
    payload = json.loads(entry.payload)
    assert payload["legal_basis"] == BASIS and payload["total"] == "0"
    assert payload["employment_type"] == employment_type


def test_the_workflow_still_runs_for_a_part_timer(world, soon):
    employee = make_employee(world.sales, "钱八", manager=world.boss, employment_type="part_time")
    case = services.open_case(employee, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    services.submit_case(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert walk(case, world) == ["hr_review"]
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_an_extra_over_the_cap_still_needs_legal_review(world, soon):
    employee = make_employee(world.sales, "钱八", manager=world.boss, employment_type="part_time")
    give_wages(employee, Decimal(3000))
    case = services.open_case(employee, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon,
                              extra_compensation=Decimal(5000))
    case.refresh_from_db()
    assert case.extra_cap == Decimal(3000) and case.risk == "warning"
    services.update_case(case, actor=world.users["hrbp_sales"], reason="事实变化")  # no engine again
    assert EngineRun.objects.filter(case=case).count() == 0
    services.submit_case(case, actor=world.users["hrbp_sales"])
    assert walk(case, world) == ["hr_review", "legal_review"]


def test_the_case_page_shows_the_basis(client, world, soon):
    employee = make_employee(world.sales, "钱八", manager=world.boss, employment_type="intern")
    case = services.open_case(employee, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="legal-basis"' in page and "第七十一条" in page
