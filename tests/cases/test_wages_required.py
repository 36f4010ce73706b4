"""No wages, no result: where the law needs the wage base, every page asks for 月工资 by name and never
shows a result that reads "nothing is owed" (issue 15: monthly_wages required; issue 12)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.cases import engine_calls, services
from farewell.cases.models import CaseType, EngineRun
from farewell.cases.workflow import CaseError
from tests.cases.conftest import give_wages
from tests.factories import make_contract

FORM = {"jurisdiction": "CN", "ground": "mutual_employer_initiated", "hire_date": "2000-03-01",
        "separation_date": "2026-08-31", "monthly_wages": ""}
NOTHING_OWED = ("该事由下无法定应付款项", "这种情形下法律没有规定经济补偿")


@pytest.fixture
def hr(client, world):
    client.force_login(world.users["hr_admin"])
    return client


def _no_result(page: str) -> None:
    assert 'id="total"' not in page and 'id="estimate-total"' not in page
    assert 'data-testid="estimate-total"' not in page
    assert not any(text in page for text in NOTHING_OWED)


# --- the calculator -----------------------------------------------------------------------------


def test_a_26_year_mutual_agreement_without_wages_asks_for_them(hr):
    response = hr.post("/cases/calculator/", FORM)
    assert "monthly_wages" in response.context["form"].errors
    assert "请填写月工资" in response.context["form"].errors["monthly_wages"][0]
    _no_result(response.content.decode())


@pytest.mark.parametrize("ground", ["unlawful_termination", "objective_change", "expiry_employer_not_renewing"])
def test_every_ground_with_compensation_asks_for_them(hr, ground):
    response = hr.post("/cases/calculator/", {**FORM, "ground": ground, "notice_given_days": "30"})
    assert "请填写月工资" in str(response.context["form"].errors.get("monthly_wages"))


def test_annual_leave_pay_needs_them_even_on_a_resignation(hr):
    # A resignation gives no N, but untaken annual leave is paid at the daily wage (monthly ÷ 21.75).
    response = hr.post("/cases/calculator/", {**FORM, "ground": "resignation", "cumulative_work_years": "20"})
    assert "请填写月工资" in str(response.context["form"].errors.get("monthly_wages"))
    _no_result(response.content.decode())


def test_double_wages_need_them(hr):
    response = hr.post("/cases/calculator/", {**FORM, "ground": "resignation", "no_written_contract_months": "6"})
    assert "请填写月工资" in str(response.context["form"].errors.get("monthly_wages"))


def test_a_resignation_with_nothing_to_pay_needs_no_wages(hr):
    response = hr.post("/cases/calculator/", {**FORM, "ground": "resignation"})
    assert not response.context["form"].errors
    assert response.context["result"] is not None


def test_the_wages_given_the_result_is_shown(hr):
    page = hr.post("/cases/calculator/", {**FORM, "monthly_wages": "10000"}).content.decode()
    assert 'id="total"' in page


# --- the case -------------------------------------------------------------------------------------


@pytest.fixture
def no_wages(world):
    make_contract(world.lisi, kind="open_ended", end_date=None)
    return world


def test_a_case_without_wages_stores_no_result_and_asks_for_them(client, no_wages, soon):
    world = no_wages
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                              separation_date=soon)
    assert not EngineRun.objects.filter(case=case).exists()
    case.refresh_from_db()
    assert case.statutory_amount is None and case.risk == "warning"
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="wages-missing"' in page and "请填写月工资" in page
    _no_result(page)


def test_a_case_without_wages_cannot_be_submitted(no_wages, soon):
    world = no_wages
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                              separation_date=soon)
    with pytest.raises(CaseError, match="请填写月工资"):
        services.submit_case(case, actor=world.users["hrbp_sales"])
    assert "请填写月工资" in services.decision_summary(case)


def test_the_wages_recorded_the_case_computes(client, no_wages, soon):
    world = no_wages
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                              separation_date=soon)
    give_wages(world.lisi)
    services.update_case(case, actor=world.users["hrbp_sales"], reason="工资已导入")
    assert services.latest_run(case) is not None
    client.force_login(world.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="wages-missing"' not in page and 'id="total"' in page


def test_a_resignation_notice_is_still_recorded_without_wages(no_wages):
    """The employee's right to resign (LCL 37) does not wait for the payroll import."""
    world = no_wages
    world.lisi.first_work_date = dt.date(2010, 7, 1)  # annual-leave pay is due, and it needs the wages
    world.lisi.save(update_fields=["first_work_date"])
    # A last day in December: this year's untaken days are paid (in early January there would be none).
    case = services.open_case(world.lisi, CaseType.RESIGNATION, actor=world.users["hrbp_sales"],
                              notice_date=dt.date.today(), separation_date=dt.date(dt.date.today().year, 12, 31))
    assert case.pk and case.status == "notice_received"
    assert not EngineRun.objects.filter(case=case).exists()  # no result that reads "nothing is owed"


# --- the employee page and the portal -------------------------------------------------------------


def test_the_employee_pages_estimate_asks_for_wages(hr, world):
    page = hr.get(f"/employees/{world.lisi.code}/").content.decode()
    assert "离职补偿测算" in page
    assert 'data-field="monthly_wages"' in page and "请填写月工资" in page
    assert 'data-testid="estimate-total"' not in page


def test_the_portal_says_the_wages_are_missing_not_that_nothing_is_owed(client, world):
    client.force_login(world.users["employee"])
    page = client.get("/me/", {"ground": "mutual_employer_initiated", "separation_date": "2026-08-31"}).content.decode()
    assert 'id="estimate-wages-missing"' in page and "月工资记录" in page
    _no_result(page)


def test_the_check_reads_the_engines_own_error():
    from farewell.law.inputs import LawInputError

    data = {"ground": "mutual_employer_initiated", "monthly_wages": []}
    assert engine_calls.wages_missing(data, None, LawInputError("monthly_wages", "required"))
    assert not engine_calls.wages_missing(data, None, LawInputError("hire_date", "required"))
    assert not engine_calls.wages_missing({**data, "monthly_wages": [Decimal(1)]}, None,
                                          LawInputError("monthly_wages", "x"))
