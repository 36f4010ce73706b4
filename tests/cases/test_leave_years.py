"""The annual leave of each year a case spans (cases/leave_years.py), over HTTP: a case recorded in December 2026
whose last day is in 2027 asks for 2026's days taken beside 2026's entitlement, and for 2027's (the year of
separation) under that year's name; the untaken days of 2026 are its entitlement less its days taken, never below
0. Days of the year of separation entered in 2026, before the form named the years, are flagged on the case page
and by `farewell cases leave-years-check`.

李四 has worked since 2010 (10 days a year, Leave Reg. 3) and earns 12,000 a month. The engine's rule
(law/annual_leave.py): 200% (300% less the 100% paid as wage) × monthly wage ÷ 21.75 × untaken days, rounded once.
"""

from __future__ import annotations

import datetime as dt
import io
import json
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.core.management import call_command
from django.utils import timezone

from farewell.cases import engine_calls, leave_years, services
from farewell.cases.models import CaseType
from tests.factories import make_contract, make_wages

SHANGHAI = ZoneInfo("Asia/Shanghai")
WAGE = Decimal(12000)
LAST_DAY = dt.date(2027, 1, 15)


def pay(days) -> Decimal:
    """200% × 12,000 ÷ 21.75 × days, to the fen (the engine's one rounding, half up)."""
    return (2 * WAGE * Decimal(days) / Decimal("21.75")).quantize(Decimal("0.01"))


class Clock:
    """timezone.now() for the test: the day HR works on the case (the ledger's entries carry it)."""

    def __init__(self):
        self.moment = dt.datetime(2026, 12, 10, 10, 0, tzinfo=SHANGHAI)

    def set(self, *args):
        self.moment = dt.datetime(*args, tzinfo=SHANGHAI)

    def now(self):
        return self.moment.astimezone(dt.UTC)


@pytest.fixture
def clock(monkeypatch):
    found = Clock()
    monkeypatch.setattr(timezone, "now", found.now)
    return found


@pytest.fixture
def lisi(world):
    employee = world.lisi
    employee.first_work_date = dt.date(2010, 7, 1)
    employee.save(update_fields=["first_work_date"])
    make_contract(employee, kind="open_ended", end_date=None)
    make_wages(employee, dt.date(2025, 12, 1), [WAGE] * 16)  # 2025-12 … 2027-03
    return employee


@pytest.fixture
def hr(world):
    return world.users["hrbp_sales"]


def open_case(lisi, hr, last_day=LAST_DAY):
    return services.open_case(lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=last_day)


def leave_line(run) -> dict:
    return next(line for line in run.output["lines"] if line["item"] == "annual_leave_pay")


def post_facts(client, case, **fields):
    data = {"ground": case.ground, "separation_date": case.separation_date.isoformat(), **fields}
    return client.post(f"/cases/{case.code}/update/", data)


# --- the form names the years ---------------------------------------------------------------------------------


def test_the_form_asks_for_each_years_days_beside_its_entitlement(client, clock, lisi, hr):
    case = open_case(lisi, hr)
    client.force_login(hr)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'name="days_taken_2026"' in page and "2026年已休年休假天数" in page and "应休 10 天" in page
    assert "2027年（离职当年）已休年休假天数" in page
    assert page.index('name="days_taken_2026"') < page.index('name="days_taken_this_year"') \
        < page.index('name="untaken_days_previous_years"')


def test_a_case_within_one_year_names_only_the_year_of_separation(client, clock, lisi, hr):
    case = open_case(lisi, hr, dt.date(2026, 12, 31))
    client.force_login(hr)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "2026年（离职当年）已休年休假天数" in page and "days_taken_2025" not in page and "days_taken_2026" not in page


# --- the money ------------------------------------------------------------------------------------------------


def test_four_of_2026s_ten_days_taken_leave_six_and_2027s_pro_rata(client, clock, lisi, hr):
    case = open_case(lisi, hr)
    client.force_login(hr)
    assert post_facts(client, case, days_taken_2026="4", days_taken_this_year="").status_code == 302
    case.refresh_from_db()
    assert case.facts[leave_years.TAKEN_BY_YEAR] == {"2026": "4"}
    run = services.latest_run(case)
    leave = run.input["annual_leave"]
    assert Decimal(str(leave["untaken_days_previous_years"])) == 6 and Decimal(str(leave["days_taken_this_year"])) == 0
    # 2027: ⌊15 ÷ 365 × 10 − 0⌋ = 0 days; 2026: 10 − 4 = 6 days. 200% × 12,000 ÷ 21.75 × 6 = 6,620.69.
    line = leave_line(run)
    assert Decimal(str(line["amount"])) == pay(6) == Decimal("6620.69")
    assert "⌊15 ÷ 365 × 10 − 0⌋ = 0" in line["formula"] and "0 + 6 = 6" in line["formula"]
    # The explanation names each year's entitlement, days taken and untaken days.
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "2026年应休 10 天、已休 4 天、未休 6 天" in page
    assert "（已休天数为HR按休假记录填写）" in page


def test_2027s_pro_rata_is_added_to_2026s_untaken_days(client, clock, lisi, hr):
    case = open_case(lisi, hr, dt.date(2027, 3, 31))
    client.force_login(hr)
    assert post_facts(client, case, days_taken_2026="4", days_taken_this_year="").status_code == 302
    run = services.latest_run(case)
    # 2027: ⌊90 ÷ 365 × 10⌋ = 2 days (1 January – 31 March); 2026: 6 days. 200% × 12,000 ÷ 21.75 × 8 = 8,827.59.
    assert Decimal(str(leave_line(run)["amount"])) == pay(8) == Decimal("8827.59")


def test_both_fields_empty_count_as_today(client, clock, lisi, hr):
    case = open_case(lisi, hr)
    before = services.latest_run(case)
    client.force_login(hr)
    assert post_facts(client, case, days_taken_2026="", days_taken_this_year="").status_code == 302
    run = services.latest_run(case)
    assert run.input["annual_leave"] == before.input["annual_leave"]
    assert Decimal(str(run.input["annual_leave"]["untaken_days_previous_years"])) == 10  # 2026 all untaken
    assert engine_calls.OPEN_LEAVE_TAKEN_KEY not in run.input
    assert Decimal(str(leave_line(run)["amount"])) == pay(10) == Decimal("11034.48")
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "2026年应休 10 天、已休 0 天、未休 10 天" in page and "没有填写已休天数的年度按全部未休计算" in page


def test_an_old_case_with_only_this_years_days_computes_as_before(clock, lisi, hr):
    """Facts stored before the years were named: the same input (and so the same money) as before."""
    case = services.open_case(lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=dt.date(2027, 3, 31),
                              facts={"days_taken_this_year": "1"})
    run = services.latest_run(case)
    assert run.input["annual_leave"] == {"cumulative_work_years": 16, "days_taken_this_year": "1",
                                         "untaken_days_previous_years": 10}
    assert run.input[engine_calls.OPEN_LEAVE_YEARS_KEY] == {"2026": 10}
    # 2027: ⌊90 ÷ 365 × 10 − 1⌋ = 1 day; 2026: 10 days.
    assert Decimal(str(leave_line(run)["amount"])) == pay(11)


@pytest.mark.parametrize(("taken", "days"), [("10", 2), ("12", 2), ("9.5", Decimal("2.5"))])
def test_days_taken_beyond_the_entitlement_leave_nothing_not_less(client, clock, lisi, hr, taken, days):
    case = open_case(lisi, hr, dt.date(2027, 3, 31))
    client.force_login(hr)
    assert post_facts(client, case, days_taken_2026=taken).status_code == 302
    run = services.latest_run(case)
    untaken = max(Decimal(10) - Decimal(taken), Decimal(0))
    assert Decimal(str(run.input["annual_leave"]["untaken_days_previous_years"])) == untaken
    assert Decimal(str(leave_line(run)["amount"])) == pay(days)  # 2027's 2 days, plus 2026's 0 (or 0.5)


def test_the_total_entered_by_hand_replaces_the_years(client, clock, lisi, hr):
    case = open_case(lisi, hr)
    client.force_login(hr)
    assert post_facts(client, case, days_taken_2026="4", untaken_days_previous_years="3").status_code == 302
    run = services.latest_run(case)
    assert Decimal(str(run.input["annual_leave"]["untaken_days_previous_years"])) == 3
    assert engine_calls.OPEN_LEAVE_YEARS_KEY not in run.input
    assert Decimal(str(leave_line(run)["amount"])) == pay(3)


def test_the_api_takes_the_days_by_year(client, clock, lisi, hr):
    case = open_case(lisi, hr)
    client.force_login(hr)
    url = f"/api/cases/{case.code}/"
    answer = client.patch(url, json.dumps({"days_taken_by_year": {"2026": "4"}}), content_type="application/json")
    assert answer.status_code == 200, answer.json()
    assert answer.json()["facts"][leave_years.TAKEN_BY_YEAR] == {"2026": "4"}
    assert Decimal(str(leave_line(services.latest_run(case))["amount"])) == pay(6)
    # A PATCH of something else keeps the days.
    assert client.patch(url, json.dumps({"extra_compensation": "100"}),
                        content_type="application/json").status_code == 200
    case.refresh_from_db()
    assert case.facts[leave_years.TAKEN_BY_YEAR] == {"2026": "4"}
    wrong = client.patch(url, json.dumps({"days_taken_by_year": {"2025": "1"}}), content_type="application/json")
    assert wrong.status_code == 400 and "days_taken_by_year" in wrong.json()


def test_the_portal_estimate_counts_the_years_days_hr_recorded(client, clock, lisi, hr, world):
    case = open_case(lisi, hr)
    services.update_case(case, actor=hr, **{leave_years.TAKEN_BY_YEAR: {"2026": "4"}})
    client.force_login(world.users["employee"])
    found = client.get("/api/me/estimate/", {"ground": case.ground, "separation_date": LAST_DAY.isoformat()}).json()
    assert Decimal(str(found["result"]["annual_leave_pay"])) == pay(6)
    assert found["annual_leave_assumption"]["open_years"] is None  # HR's days, not an assumption


# --- days entered before the form named the years -------------------------------------------------------------


def _enter_with_the_old_form(case, hr, days="4"):
    """What the form before the years were named recorded: the days under days_taken_this_year alone."""
    services.update_case(case, actor=hr, days_taken_this_year=days, untaken_days_previous_years=None)


def _check() -> str:
    out = io.StringIO()
    call_command("cases", "leave-years-check", stdout=out)
    return out.getvalue()


def test_days_entered_in_december_for_a_january_case_are_flagged_until_hr_names_the_year(client, clock, lisi, hr, world):
    case = open_case(lisi, hr)
    clock.set(2026, 12, 11, 9, 0)
    _enter_with_the_old_form(case, hr)
    assert Decimal(str(leave_line(services.latest_run(case))["amount"])) == pay(10)  # 2026 all untaken: the fault
    clock.set(2027, 1, 4, 9, 0)
    _enter_with_the_old_form(case, hr)  # saved again with the same days: they were still entered in 2026
    client.force_login(hr)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="leave-year-doubt"' in page and 'data-entered="2026-12-11"' in page
    assert "已休年休假 4 天是 2026-12-11（2026年）填写的，系统把它算作2027年（离职当年）已休的天数" in page
    assert 'href="?facts=open#facts-form"' in page
    assert "<details class=\"mt-3\">" in page  # closed until HR follows the link …
    assert "<details class=\"mt-3\" open>" in client.get(f"/cases/{case.code}/?facts=open").content.decode()
    report = _check()
    assert f"{world.company.name}: 1" in report and str(case.code) in report and "entered 2026-12-11" in report
    # HR moves the days to 2026: the warning goes, and 2026 keeps 6 days.
    assert post_facts(client, case, days_taken_2026="4", days_taken_this_year="").status_code == 302
    assert 'id="leave-year-doubt"' not in client.get(f"/cases/{case.code}/").content.decode()
    assert "No open case" in _check()
    assert Decimal(str(leave_line(services.latest_run(case))["amount"])) == pay(6)


def test_hr_confirms_the_days_are_the_year_of_separations_by_saving_the_form(client, clock, lisi, hr):
    case = open_case(lisi, hr)
    _enter_with_the_old_form(case, hr, "1")
    client.force_login(hr)
    assert 'id="leave-year-doubt"' in client.get(f"/cases/{case.code}/").content.decode()
    assert post_facts(client, case, days_taken_this_year="1").status_code == 302
    assert 'id="leave-year-doubt"' not in client.get(f"/cases/{case.code}/").content.decode()
    # Entered again later without naming the years (an old client): flagged again.
    _enter_with_the_old_form(case, hr, "2")
    assert 'id="leave-year-doubt"' in client.get(f"/cases/{case.code}/").content.decode()


def test_days_entered_in_the_year_of_separation_are_not_flagged(client, clock, lisi, hr):
    case = open_case(lisi, hr)
    clock.set(2027, 1, 5, 9, 0)
    _enter_with_the_old_form(case, hr)
    client.force_login(hr)
    assert 'id="leave-year-doubt"' not in client.get(f"/cases/{case.code}/").content.decode()
    assert "No open case" in _check()


def test_a_case_within_one_year_is_not_flagged(client, clock, lisi, hr):
    case = open_case(lisi, hr, dt.date(2026, 12, 31))
    _enter_with_the_old_form(case, hr)
    client.force_login(hr)
    assert 'id="leave-year-doubt"' not in client.get(f"/cases/{case.code}/").content.decode()
    assert "No open case" in _check()


def test_no_days_taken_are_not_flagged(clock, lisi, hr):
    """0 days taken of 2027 count as the engine's default does: nothing can be in the wrong year."""
    case = open_case(lisi, hr)
    _enter_with_the_old_form(case, hr, "0")
    assert "No open case" in _check()


def test_the_portal_names_the_year_of_separation_when_it_is_not_this_year(client, clock, lisi, hr, world):
    """With HR's days for 2026 recorded and a last day in 2027, the portal's sentence said 本估算假设您今年已休年休假
    0 天 — read in December 2026 as 2026's days. It names the year of separation now, beside the line too."""
    case = open_case(lisi, hr)
    services.update_case(case, actor=hr, **{leave_years.TAKEN_BY_YEAR: {"2026": "4"}})
    client.force_login(world.users["employee"])
    page = client.get("/me/", {"ground": case.ground, "separation_date": LAST_DAY.isoformat()}).content.decode()
    assert "本估算假设您离职当年（2027年）已休年休假 0 天" in page and "今年已休" not in page
    assert "（按离职当年（2027年）已休 0 天估算）" in page


def test_the_portal_still_says_which_earlier_years_it_assumes_untaken(client, clock, lisi, hr, world):
    """Planned in December 2026 for a last day in January 2028, 2026 and 2027 are both open; HR recorded 2026's
    days only. 2027 is still counted fully untaken, and the portal says so (the sentence was dropped as soon as
    any year was recorded)."""
    make_wages(lisi, dt.date(2027, 4, 1), [WAGE] * 9)  # … 2027-12
    last_day = dt.date(2028, 1, 15)
    case = open_case(lisi, hr, last_day=last_day)
    services.update_case(case, actor=hr, **{leave_years.TAKEN_BY_YEAR: {"2026": "4"}})
    client.force_login(world.users["employee"])
    found = client.get("/api/me/estimate/", {"ground": case.ground, "separation_date": last_day.isoformat()}).json()
    assumption = found["annual_leave_assumption"]
    assert assumption["open_years"] == {"2027": 10}
    assert "本估算假设您2027年的年休假 10 天均未休" in assumption["text"]
