"""设置 › 节假日: a day off in lieu (调休放假) — a weekday of the span given off against an adjusted working day:
a day off for every procedure date, not a paid day for the settlement (law/calendar.py, paid_days_between)."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from farewell.ledger.models import LedgerEntry
from farewell.org import holidays
from farewell.org.models import Holiday
from farewell.records.importers import import_file
from tests.records.conftest import write_csv

URL = "/settings/holidays/"
NOTICE = "国务院办公厅关于2027年部分节假日安排的通知"
JSON = "application/json"


def _entries(event):
    return LedgerEntry.objects.filter(object_type="org.holiday", event=event)


def test_the_form_takes_it_the_page_lists_it_and_the_ledger_has_it(client, world):
    client.force_login(world.users["hr_admin"])
    assert '<option value="inlieu">调休放假</option>' in client.get(URL).content.decode()  # the form offers it
    response = client.post(URL, {"day": "2027-10-07", "kind": "inlieu", "notice": NOTICE})
    assert response.status_code == 302
    holiday = Holiday.objects.get()
    assert holiday.kind == "inlieu" and holiday.get_kind_display() == "调休放假"
    entry = _entries("holiday_added").get(object_id=str(holiday.pk))
    assert json.loads(entry.payload)["kind"] == "inlieu"
    page = client.get(URL).content.decode()
    assert 'data-day="2027-10-07"' in page and "调休放假" in page
    response = client.post(f"{URL}{holiday.pk}/", {"day": "2027-10-07", "kind": "holiday", "notice": NOTICE})
    assert response.status_code == 302
    changed = json.loads(_entries("holiday_changed").get().payload)
    assert (changed["before"]["kind"], changed["after"]["kind"]) == ("inlieu", "holiday")


def test_the_api_takes_it(client, world):
    client.force_login(world.users["hr_admin"])
    added = client.post("/api/settings/holidays/", {"day": "2027-10-07", "kind": "inlieu", "notice": NOTICE},
                        content_type=JSON)
    assert added.status_code == 201, added.json()
    assert added.json()["kind"] == "inlieu"
    table = client.get("/api/settings/holidays/", {"year": 2027}).json()
    assert [(r["day"], r["kind"]) for r in table["results"]] == [("2027-10-07", "inlieu")]
    bad = client.post("/api/settings/holidays/", {"day": "2027-10-08", "kind": "in lieu", "notice": NOTICE},
                      content_type=JSON)
    assert bad.status_code == 400 and list(bad.json()) == ["kind"]


@pytest.mark.parametrize("label", ["调休放假", "inlieu", "调休休息"])
def test_the_import_takes_it(world, tmp_path, label):
    rows = [["日期", "类型", "通知"], ["2027-10-01", "放假", NOTICE], ["2027-10-07", label, NOTICE],
            ["2027-10-09", "调休上班", NOTICE]]
    report = import_file("holidays", write_csv(tmp_path / "h.csv", rows), company=world.company,
                         user=world.users["hr_admin"])
    assert report.ok, report.errors
    assert dict(Holiday.objects.values_list("day", "kind")) == {
        dt.date(2027, 10, 1): "holiday", dt.date(2027, 10, 7): "inlieu", dt.date(2027, 10, 9): "workday"}
    assert _entries("holiday_added").count() == 3


def test_the_calendar_counts_it_off_and_not_paid(db):
    for day in (1, 4, 5, 6):
        Holiday.objects.create(day=dt.date(2027, 10, day), kind="holiday", notice=NOTICE)
    Holiday.objects.create(day=dt.date(2027, 10, 7), kind="inlieu", notice=NOTICE)
    Holiday.objects.create(day=dt.date(2027, 10, 9), kind="workday", notice=NOTICE)
    calendar = holidays.work_calendar()
    in_lieu = dt.date(2027, 10, 7)
    assert calendar.is_day_off(in_lieu) and not calendar.is_working_day(in_lieu)
    assert not calendar.is_paid_day(in_lieu) and calendar.is_paid_day(dt.date(2027, 10, 6))
    assert calendar.next_working_day(dt.date(2027, 10, 6)) == dt.date(2027, 10, 8)
    first, last = dt.date(2027, 10, 1), dt.date(2027, 10, 31)
    # 21 weekdays: 1, 4–6 paid holidays, 7 in lieu, Saturday 9 worked
    assert (calendar.working_days_between(first, last), calendar.paid_days_between(first, last)) == (17, 21)


def test_a_bare_tiaoxiu_is_refused_naming_both_kinds(world, tmp_path):
    """调休 alone means an adjusted working day (paid) on some calendars and a day off in lieu (not paid) on
    others: the import refuses the row and names both, and nothing is written (all or nothing)."""
    rows = [["日期", "类型", "通知"], ["2027-10-01", "放假", NOTICE], ["2027-10-07", "调休", NOTICE]]
    report = import_file("holidays", write_csv(tmp_path / "h.csv", rows), company=world.company,
                         user=world.users["hr_admin"])
    assert not report.ok
    [error] = report.errors
    assert error.row == 3 and "调休上班" in str(error.message) and "调休放假" in str(error.message)
    assert not Holiday.objects.exists()


def test_an_export_from_an_english_page_imports_back(world, tmp_path):
    """The export writes each kind's label in the exporter's language (review: 'Day off in lieu' was refused)."""
    rows = [["日期", "类型", "通知"], ["2027-10-01", "Day off", NOTICE], ["2027-10-07", "Day off in lieu", NOTICE],
            ["2027-10-09", "Adjusted working day", NOTICE]]
    report = import_file("holidays", write_csv(tmp_path / "h.csv", rows), company=world.company,
                         user=world.users["hr_admin"])
    assert report.ok, report.errors
    assert dict(Holiday.objects.values_list("day", "kind")) == {
        dt.date(2027, 10, 1): "holiday", dt.date(2027, 10, 7): "inlieu", dt.date(2027, 10, 9): "workday"}
