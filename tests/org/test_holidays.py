"""设置 › 节假日: HR admins keep the State Council's schedule; every working-day count follows it."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from farewell.ledger.models import LedgerEntry
from farewell.org import holidays
from farewell.org.models import Holiday
from farewell.records.importers import import_file
from tests.records.conftest import write_csv, write_xlsx

URL = "/settings/holidays/"
NOTICE_2027 = "国务院办公厅关于2027年部分节假日安排的通知"
# The 2027 National Day span as a test schedule (chinesecalendar's data ends with 2026).
NATIONAL_DAY_2027 = [dt.date(2027, 10, d) for d in range(1, 8)]


@pytest.fixture
def files(tmp_path):
    class Files:
        def csv(self, rows, name="holidays.csv"):
            return write_csv(tmp_path / name, rows)

        def xlsx(self, rows, name="holidays.xlsx"):
            return write_xlsx(tmp_path / name, rows)

    return Files()


def _add_national_day(notice=NOTICE_2027):
    for day in NATIONAL_DAY_2027:
        Holiday.objects.create(day=day, kind="holiday", notice=notice)


def _entries(event):
    return LedgerEntry.objects.filter(object_type="org.holiday", event=event)


def _payload(entry) -> dict:
    return json.loads(entry.payload)  # the canonical JSON the entry's hash covers


def test_hr_admin_adds_a_day_and_it_is_on_the_ledger(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post(URL, {"day": "2027-01-01", "kind": "holiday", "notice": NOTICE_2027})
    assert response.status_code == 302
    holiday = Holiday.objects.get()
    assert (holiday.day, holiday.kind, holiday.notice) == (dt.date(2027, 1, 1), "holiday", NOTICE_2027)
    assert _entries("holiday_added").filter(object_id=str(holiday.pk)).exists()
    page = client.get(URL).content.decode()
    assert 'data-day="2027-01-01"' in page and NOTICE_2027 in page


def test_a_day_without_a_notice_names_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post(URL, {"day": "2027-01-01", "kind": "holiday", "notice": "  "})
    assert response.status_code == 400
    assert "notice" in response.context["form"].errors
    assert not Holiday.objects.exists()


def test_a_day_entered_twice_is_refused_on_the_date(client, world):
    Holiday.objects.create(day=dt.date(2027, 1, 1), kind="holiday", notice=NOTICE_2027)
    client.force_login(world.users["hr_admin"])
    response = client.post(URL, {"day": "2027-01-01", "kind": "workday", "notice": NOTICE_2027})
    assert response.status_code == 400
    assert "day" in response.context["form"].errors
    assert Holiday.objects.get().kind == "holiday"


def test_hr_admin_corrects_a_day_and_the_old_values_stay_on_the_ledger(client, world):
    holiday = Holiday.objects.create(day=dt.date(2027, 2, 20), kind="holiday", notice="初稿")
    client.force_login(world.users["hr_admin"])
    assert client.get(f"{URL}{holiday.pk}/").status_code == 200
    response = client.post(f"{URL}{holiday.pk}/", {"day": "2027-02-20", "kind": "workday", "notice": NOTICE_2027})
    assert response.status_code == 302
    holiday.refresh_from_db()
    assert holiday.kind == "workday"
    entry = _payload(_entries("holiday_changed").get(object_id=str(holiday.pk)))
    assert entry["before"]["kind"] == "holiday" and entry["after"]["kind"] == "workday"
    assert entry["before"]["notice"] == "初稿"


def test_hr_admin_deletes_a_day_by_post_only(client, world):
    holiday = Holiday.objects.create(day=dt.date(2027, 2, 20), kind="holiday", notice=NOTICE_2027)
    client.force_login(world.users["hr_admin"])
    assert client.get(f"{URL}{holiday.pk}/delete/").status_code == 405
    assert client.post(f"{URL}{holiday.pk}/delete/").status_code == 302
    assert not Holiday.objects.exists()
    assert _payload(_entries("holiday_deleted").get(object_id=str(holiday.pk)))["day"] == "2027-02-20"


def test_an_unknown_row_is_404(client, world):
    client.force_login(world.users["hr_admin"])
    assert client.get(f"{URL}999/").status_code == 404
    assert client.post(f"{URL}999/delete/").status_code == 404


@pytest.mark.parametrize("persona", ["hrbp_sales", "legal", "manager", "approver", "employee", "auditor", "outsider"])
def test_only_hr_admins_may_use_it(client, world, persona):
    holiday = Holiday.objects.create(day=dt.date(2027, 2, 20), kind="holiday", notice=NOTICE_2027)
    client.force_login(world.users[persona])
    assert client.get(URL).status_code == 403
    assert client.post(URL, {"day": "2027-01-01", "kind": "holiday", "notice": "x"}).status_code == 403
    assert client.post(f"{URL}{holiday.pk}/", {"day": "2027-01-01", "kind": "holiday", "notice": "x"}).status_code == 403
    assert client.post(f"{URL}{holiday.pk}/delete/").status_code == 403
    assert Holiday.objects.count() == 1 and not LedgerEntry.objects.filter(object_type="org.holiday").exists()


def test_the_settings_index_links_to_it(client, world):
    client.force_login(world.users["hr_admin"])
    assert URL in client.get("/settings/").content.decode()


def test_the_page_says_which_years_are_known(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get(URL).content.decode()
    assert 'data-year="2026" data-known="1"' in page  # chinesecalendar's data
    assert 'data-year="2027" data-known="0"' in page
    Holiday.objects.create(day=dt.date(2027, 1, 1), kind="holiday", notice=NOTICE_2027)
    page = client.get(URL).content.decode()
    assert 'data-year="2027" data-known="1"' in page


def test_the_list_page_makes_a_bounded_number_of_queries(client, world, django_assert_max_num_queries):
    _add_national_day()
    client.force_login(world.users["hr_admin"])
    client.get(URL)  # warm the session and the user's grants
    with django_assert_max_num_queries(12):
        client.get(URL)
    for day in range(1, 28):
        Holiday.objects.create(day=dt.date(2028, 1, 1) + dt.timedelta(days=day * 3), kind="holiday", notice="x")
    with django_assert_max_num_queries(12):
        client.get(URL)


# --- the calendar every count uses ------------------------------------------------------------


def test_the_table_extends_the_engines_calendar(db):
    assert not holidays.work_calendar().year_known(2027)
    _add_national_day()
    calendar = holidays.work_calendar()
    assert calendar.year_known(2027)  # a year with any entry counts as known (module docstring)
    assert calendar.is_day_off(dt.date(2027, 10, 1)) and not calendar.is_day_off(dt.date(2027, 10, 8))
    assert calendar.holidays[dt.date(2027, 10, 1)] == NOTICE_2027


def test_an_adjusted_working_day_is_worked(db):
    Holiday.objects.create(day=dt.date(2027, 9, 26), kind="workday", notice=NOTICE_2027)  # a Sunday
    assert holidays.work_calendar().is_working_day(dt.date(2027, 9, 26))


def test_a_row_overrides_the_shipped_data_for_its_day(db):
    # 2026-01-01 is a holiday in chinesecalendar's data; HR's correction wins.
    assert holidays.work_calendar().is_day_off(dt.date(2026, 1, 1))
    Holiday.objects.create(day=dt.date(2026, 1, 1), kind="workday", notice="更正")
    assert not holidays.work_calendar().is_day_off(dt.date(2026, 1, 1))


def test_workflow_due_dates_count_the_table(db):
    from farewell.cases import workflow
    from farewell.cases.models import WorkflowStepTemplate

    step = WorkflowStepTemplate(due_working_days=2)
    start = dt.date(2027, 9, 29)  # a Wednesday: Thursday and Friday are working days without data
    assert workflow.due_date_for(step, start) == dt.date(2027, 10, 1)
    _add_national_day()
    assert workflow.due_date_for(step, start) == dt.date(2027, 10, 8)  # 9-30, then the day after the span


# --- the calculator's procedure dates move with the table --------------------------------------

CALCULATOR = {"jurisdiction": "CN", "ground": "mutual_employer_initiated", "hire_date": "2020-01-01",
              "separation_date": "2027-09-16", "monthly_wages": "10000"}


def _transfer_due(response) -> str:
    steps = {s["step"]: s for s in response.context["result"]["procedure"]}
    return steps["file_and_social_insurance_transfer"]["due_date"]


def test_the_2027_schedule_moves_the_calculators_dates_and_ends_the_warning(client, world):
    client.force_login(world.users["hr_admin"])
    before = client.post("/cases/calculator/", CALCULATOR)
    assert _transfer_due(before) == "2027-10-01"  # Monday–Friday assumed
    page = before.content.decode()
    assert 'data-code="calendar_year_unknown"' in page and f'href="{URL}"' in page
    _add_national_day()
    after = client.post("/cases/calculator/", CALCULATOR)
    assert _transfer_due(after) == "2027-10-08"  # 民法典 203: the period's last day falls in the holiday
    assert 'data-code="calendar_year_unknown"' not in after.content.decode()


# --- import from a file (the importer framework) -----------------------------------------------


def test_a_file_imports_the_schedule_and_each_day_is_on_the_ledger(world, files):
    rows = [["日期", "类型", "通知"]] + [[d.isoformat(), "放假", NOTICE_2027] for d in NATIONAL_DAY_2027]
    rows.append(["2027-09-26", "调休上班", NOTICE_2027])
    report = import_file("holidays", files.xlsx(rows), company=world.company, user=world.users["hr_admin"])
    assert report.ok, report.errors
    assert report.created == 8
    assert Holiday.objects.get(day=dt.date(2027, 9, 26)).kind == "workday"
    assert _entries("holiday_added").count() == 8
    assert any(_payload(e)["kind"] == "holidays" for e in LedgerEntry.objects.filter(event="imported"))


def test_a_bad_file_writes_nothing_and_names_the_rows(world, files):
    rows = [["日期", "类型", "通知"],
            ["2027-10-01", "放假", NOTICE_2027],
            ["2027-10-32", "放假", NOTICE_2027],
            ["2027-10-03", "请假", NOTICE_2027],
            ["2027-10-01", "放假", NOTICE_2027]]
    report = import_file("holidays", files.csv(rows), company=world.company, user=world.users["hr_admin"])
    assert not report.ok
    text = "\n".join(report.errors)
    assert "第 3 行" in text and "第 4 行" in text
    assert not Holiday.objects.exists()
    dup = import_file("holidays", files.csv([rows[0], rows[1], rows[4]], "dup.csv"), company=world.company,
                      user=world.users["hr_admin"])
    assert not dup.ok and "与第 2 行重复" in "\n".join(dup.errors)
    assert not Holiday.objects.exists()


def test_a_reimport_corrects_a_day_with_its_old_values_on_the_ledger(world, files):
    Holiday.objects.create(day=dt.date(2027, 10, 1), kind="holiday", notice="初稿")
    rows = [["日期", "类型", "通知"], ["2027-10-01", "放假", NOTICE_2027], ["2027-10-02", "放假", NOTICE_2027]]
    report = import_file("holidays", files.csv(rows), company=world.company, user=world.users["hr_admin"])
    assert report.ok and (report.created, report.updated) == (1, 1)
    entry = _payload(_entries("holiday_changed").get())
    assert entry["before"]["notice"] == "初稿" and entry["after"]["notice"] == NOTICE_2027


def test_only_hr_admins_may_import_it(client, world):
    client.force_login(world.users["hrbp_sales"])
    page = client.get("/records/").content.decode()
    assert 'value="holidays"' not in page
    client.force_login(world.users["hr_admin"])
    assert 'value="holidays"' in client.get("/records/").content.decode()


def test_offboarding_dates_count_the_table(db):
    """Handover items due N working days before the last day, and LCL 50's 15-day transfer period."""
    from farewell.offboarding.calendar import working_days_before
    from farewell.offboarding.duties import _period_end

    assert working_days_before(dt.date(2027, 10, 8), 1) == dt.date(2027, 10, 7)
    assert _period_end(dt.date(2027, 10, 1)) == dt.date(2027, 10, 1)
    _add_national_day()
    assert working_days_before(dt.date(2027, 10, 8), 1) == dt.date(2027, 9, 30)
    assert _period_end(dt.date(2027, 10, 1)) == dt.date(2027, 10, 8)



def test_one_companys_hr_admin_cannot_change_the_table_every_company_uses(client, world, files):
    """The holiday table and the local wage figures hold for every company of the installation: an HR
    admin of one company (another company exists) may read them, not change them — by page, API or file
    (issue 13: one company's settings never changed by another's admin)."""
    from farewell.org.models import LocalWageFigure
    from tests.factories import make_company

    make_company(name="别家公司")
    client.force_login(world.users["hr_admin"])
    assert client.get(URL).status_code == 200
    assert client.post(URL, {"day": "2027-01-01", "kind": "holiday", "notice": NOTICE_2027}).status_code == 403
    day = Holiday.objects.create(day=dt.date(2027, 1, 1), kind="holiday", notice=NOTICE_2027)
    assert client.post(f"{URL}{day.pk}/delete/").status_code == 403
    assert client.post("/api/settings/holidays/", {"day": "2027-01-02", "kind": "holiday", "notice": NOTICE_2027},
                       content_type="application/json").status_code == 403
    assert client.delete(f"/api/settings/holidays/{day.pk}/").status_code == 403
    wage = {"city": "苏州", "kind": "average", "year": "2024", "amount": "10300", "source": "x"}
    assert client.post("/settings/wages/", wage).status_code == 403
    assert client.post("/api/settings/local-wages/", wage, content_type="application/json").status_code == 403
    report = import_file("holidays", files.csv([["日期", "类型", "通知"], ["2027-10-01", "放假", NOTICE_2027]]),
                         company=world.company, user=world.users["hr_admin"])
    assert not report.ok and "所有公司" in "\n".join(report.errors)
    assert list(Holiday.objects.values_list("day", flat=True)) == [dt.date(2027, 1, 1)]
    assert not LocalWageFigure.objects.filter(city="苏州").exists()


@pytest.mark.parametrize("param", ["²", "99999", "x"])
def test_a_year_it_cannot_read_shows_the_whole_table_without_echoing_it(client, world, param):
    """?year=² is left out (08e1d6e); the heading said 本表中的日期 · ² 全部 as if it were a year (new-user check)."""
    _add_national_day()
    client.force_login(world.users["hr_admin"])
    response = client.get(URL, {"year": param})
    page = response.content.decode()
    assert response.status_code == 200 and 'data-day="2027-10-01"' in page
    assert f"· {param} " not in page


def test_a_year_it_reads_is_named_in_the_heading(client, world):
    _add_national_day()
    client.force_login(world.users["hr_admin"])
    page = client.get(URL, {"year": "2027"}).content.decode()
    assert "· 2027 " in page and 'data-day="2027-10-01"' in page
