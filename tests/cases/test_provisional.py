"""A local average older than the year LCL 47 ¶2 needs (the year before separation) makes every result
that used it provisional, with the year used, on every page that shows it (issues 12 and 15)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import engine_calls, services
from farewell.cases.models import CaseType, Risk
from farewell.common.notifications import Notification
from farewell.org.models import LocalWageFigure

CITY = "测试市"  # a city of its own: only the figures these tests enter
BADGE_2024 = "暂定（按2024年度平均工资）"


def _average(year, amount="10000"):
    return LocalWageFigure.objects.create(city=CITY, kind="average", year=year, amount=Decimal(amount),
                                          source=f"测试市统计局 {year}年度平均工资")


@pytest.fixture
def city(staffed):
    staffed.company.city = CITY
    staffed.company.save(update_fields=["city"])
    # 李四 earns 12,000: within reach of three times a newer figure (3 × 4,500 = 13,500), so the older year's
    # figure could change the result (a figure far below her wage could not: the tests at the end).
    _average(2024, "4500")
    return staffed


def _needed(day: dt.date) -> int:
    return day.year - 1


# --- the check itself -----------------------------------------------------------------------------

OUTPUT = {"economic_compensation": "30000.00", "total": "30000.00"}


def test_an_older_year_is_provisional_with_both_years():
    data = {"separation_date": "2026-08-31", "local_avg_monthly_wage": 10000, engine_calls.AVERAGE_YEAR_KEY: 2023}
    check = services.cap_unknown_check(data, OUTPUT)
    assert check["code"] == "local_average_provisional"
    assert (check["year_used"], check["year_needed"]) == (2023, 2025)
    assert "2025年度" in check["message"] and "2023年度" in check["message"]


def test_the_year_the_rule_needs_is_final():
    data = {"separation_date": "2026-08-31", "local_avg_monthly_wage": 10000, engine_calls.AVERAGE_YEAR_KEY: 2025}
    assert services.cap_unknown_check(data, OUTPUT) is None


def test_a_figure_of_unknown_year_is_not_called_provisional():
    # HR typed a figure without its year (calculator) or entered one on the case: nothing to compare.
    assert services.cap_unknown_check({"separation_date": "2026-08-31", "local_avg_monthly_wage": 10000}, OUTPUT) is None


def test_no_compensation_used_no_figure():
    data = {"separation_date": "2026-08-31", "local_avg_monthly_wage": 10000, engine_calls.AVERAGE_YEAR_KEY: 2020}
    assert services.cap_unknown_check(data, {"economic_compensation": None, "total": "0"}) is None


def test_a_missing_figure_is_still_the_missing_warning():
    check = services.cap_unknown_check({"separation_date": "2026-08-31"}, OUTPUT)
    assert check["code"] == "local_average_missing"


# --- the case: page, risk, mail ------------------------------------------------------------------


def test_the_case_records_the_year_used_and_the_page_marks_the_result(client, city, soon):
    case = services.open_case(city.lisi, CaseType.MUTUAL_EMPLOYER, actor=city.users["hrbp_sales"],
                              separation_date=soon)
    run = services.latest_run(case)
    assert run.input[engine_calls.AVERAGE_YEAR_KEY] == 2024
    (check,) = [c for c in run.checks if c["code"] == "local_average_provisional"]
    assert (check["year_used"], check["year_needed"]) == (2024, _needed(soon))
    case.refresh_from_db()
    assert case.risk == Risk.NONE  # data to complete, not a legal question
    client.force_login(city.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="provisional"' in page and BADGE_2024 in page
    assert 'data-code="local_average_provisional"' in page and 'href="/settings/wages/"' in page


def test_the_year_the_rule_needs_ends_the_mark(client, city, soon):
    _average(_needed(soon), "11000")
    case = services.open_case(city.lisi, CaseType.MUTUAL_EMPLOYER, actor=city.users["hrbp_sales"],
                              separation_date=soon)
    assert not any(c["code"] == "local_average_provisional" for c in services.latest_run(case).checks)
    client.force_login(city.users["hrbp_sales"])
    assert 'id="provisional"' not in client.get(f"/cases/{case.code}/").content.decode()


def test_hr_entering_the_figure_on_the_case_is_not_called_provisional(city, soon):
    case = services.open_case(city.lisi, CaseType.MUTUAL_EMPLOYER, actor=city.users["hrbp_sales"],
                              separation_date=soon)
    services.update_case(case, actor=city.users["hrbp_sales"], local_avg_monthly_wage=12500)
    run = services.latest_run(case)
    assert engine_calls.AVERAGE_YEAR_KEY not in run.input
    assert not any(c["code"] == "local_average_provisional" for c in run.checks)


def test_the_approver_sees_it_on_the_decision_page_and_in_the_mail(client, city, soon):
    hr = city.users["hr_admin"]
    case = services.open_case(city.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    assert f"暂定结果：按2024年度当地职工月平均工资计算（应为{_needed(soon)}年度" in services.decision_summary(case)
    services.submit_case(case, actor=hr)
    mails = Notification.objects.filter(link__contains=str(case.code), subject__startswith="待办")
    assert mails and all("暂定结果：按2024年度" in m.body for m in mails)
    step = case.steps.get(status="active")
    decider = next(iter(step.assignees.all()))
    client.force_login(decider)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert BADGE_2024 in page


# --- the calculator, the employee page, the portal ------------------------------------------------


def test_the_calculator_prefills_the_year_and_marks_the_result(client, city):
    client.force_login(city.users["hr_admin"])
    form = client.get(f"/cases/calculator/?employee={city.lisi.code}&separation_date=2026-08-31").context["form"]
    assert form.initial[engine_calls.AVERAGE_YEAR_KEY] == 2024
    post = {"jurisdiction": "CN", "ground": "mutual_employer_initiated", "hire_date": "2015-03-01",
            "separation_date": "2026-08-31", "monthly_wages": "12000", "local_avg_monthly_wage": "4500",
            engine_calls.AVERAGE_YEAR_KEY: "2024"}
    page = client.post("/cases/calculator/", post).content.decode()
    assert BADGE_2024 in page and "2025年度" in page
    final = client.post("/cases/calculator/", {**post, engine_calls.AVERAGE_YEAR_KEY: "2025"}).content.decode()
    assert 'id="provisional"' not in final and 'id="total"' in final


def test_the_employee_pages_estimate_is_marked(client, city):
    client.force_login(city.users["hr_admin"])
    page = client.get(f"/employees/{city.lisi.code}/").content.decode()
    assert "data-provisional" in page and BADGE_2024 in page


def test_the_employees_own_estimate_is_marked(client, city):
    client.force_login(city.users["employee"])
    page = client.get("/me/", {"ground": "mutual_employer_initiated",
                               "separation_date": "2026-08-31"}).content.decode()
    assert 'id="estimate-provisional"' in page and "2025年度" in page and "2024年度" in page


def test_the_portal_is_not_marked_when_the_figure_is_current(client, city):
    _average(2025, "11000")
    client.force_login(city.users["employee"])
    page = client.get("/me/", {"ground": "mutual_employer_initiated",
                               "separation_date": "2026-08-31"}).content.decode()
    assert 'id="estimate-total"' in page and 'id="estimate-provisional"' not in page


def test_the_citys_newest_average_marks_a_separation_two_years_on(world):
    """Whatever the newest average of the company's city is, a separation two years later is provisional
    and says which year it used."""
    LocalWageFigure.objects.create(city=world.company.city, kind="average", year=timezone.localdate().year - 1,
                                   amount=Decimal("12000"), source="测试数据（非官方数字）")
    later = dt.date(timezone.localdate().year + 2, 3, 31)
    data = services.engine_input_for(world.lisi, ground="mutual_employer_initiated", separation_date=later)
    used = data[engine_calls.AVERAGE_YEAR_KEY]
    assert used < later.year - 1
    check = services.cap_unknown_check(data, OUTPUT)
    assert check["code"] == "local_average_provisional" and check["year_used"] == used


# --- only where the missing or older figure could change the result --------------------------------------

def _with_base(base):
    return {**OUTPUT, "monthly_base": base}


OLDER = {"separation_date": "2026-08-31", "local_avg_monthly_wage": 10000, engine_calls.AVERAGE_YEAR_KEY: 2023}


def test_a_base_far_below_three_times_the_older_figure_is_not_provisional():
    # 3 × 10,000 × CAP_REACH_MARGIN 0.8 = 24,000: just below it the cap cannot act whichever 2025 figure comes.
    assert services.CAP_REACH_MARGIN == Decimal("0.8")
    assert services.cap_unknown_check(OLDER, _with_base(23999.99)) is None
    assert services.cap_unknown_check(OLDER, _with_base(8000)) is None


def test_a_base_within_reach_of_the_cap_is_provisional():
    assert services.cap_unknown_check(OLDER, _with_base(24000))["code"] == "local_average_provisional"
    assert services.cap_unknown_check(OLDER, _with_base(29999.99))["code"] == "local_average_provisional"


def test_a_base_the_cap_binds_is_provisional():
    # The engine capped the base at 3 × 10,000: a newer figure moves the amount.
    assert services.cap_unknown_check(OLDER, _with_base(30000))["code"] == "local_average_provisional"


def test_without_the_base_it_stays_provisional():
    assert services.cap_unknown_check(OLDER, OUTPUT)["code"] == "local_average_provisional"


def test_no_figure_and_a_base_of_at_most_three_minimum_wages_needs_no_warning():
    # The average is above the minimum wage, so three times it is above 3 × 2,690 = 8,070.
    missing = {"separation_date": "2026-08-31", "local_min_wage": 2690}
    assert services.cap_unknown_check(missing, _with_base(8070)) is None
    assert services.cap_unknown_check(missing, _with_base(8070.01))["code"] == "local_average_missing"
    assert services.cap_unknown_check({"separation_date": "2026-08-31"}, _with_base(3000))["code"] \
        == "local_average_missing"  # no minimum wage either: nothing to compare with


def test_a_case_far_below_the_cap_is_not_marked(client, staffed, soon):
    staffed.company.city = CITY
    staffed.company.save(update_fields=["city"])
    _average(2024, "10000")  # 李四's 12,000 < 3 × 10,000 × 0.8
    case = services.open_case(staffed.lisi, CaseType.MUTUAL_EMPLOYER, actor=staffed.users["hrbp_sales"],
                              separation_date=soon)
    assert not any(c["code"] == "local_average_provisional" for c in services.latest_run(case).checks)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="provisional"' not in page and "暂定" not in page
