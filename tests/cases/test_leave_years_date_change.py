"""The annual-leave fields of the case form are listed for one year of separation (cases/leave_years.py). A save
that moved the separation date into another year kept the old year's fields: the days HR typed under
"2026年（离职当年）" were stored as 2027's, and 2026's open year was never asked for. The form now lists the fields for
the date the save gives; when days were typed into the old year's fields it refuses the save once, naming the field,
and shows the new year's fields to fill (over HTTP, as HR uses it)."""

from __future__ import annotations

import datetime as dt
import re

from farewell.cases import leave_years, services

from . import test_leave_years as leave

clock, hr, lisi, open_case = leave.clock, leave.hr, leave.lisi, leave.open_case  # the fixtures and the helper


def _form(client, case) -> dict:
    """The facts form's fields as the case page renders them (name → value)."""
    page = client.get(f"/cases/{case.code}/").content.decode()
    form = re.search(r'<form[^>]*id="facts-form".*?</form>', page, re.S).group(0)
    fields = {}
    for tag in re.findall(r"<input[^>]*>", form):
        name = re.search(r'name="([^"]+)"', tag)
        value = re.search(r'value="([^"]*)"', tag)
        if name and 'type="file"' not in tag and 'type="checkbox"' not in tag:
            fields[name.group(1)] = value.group(1) if value else ""
    fields["ground"] = case.ground
    return fields


def test_days_typed_under_the_old_year_are_refused_and_the_new_years_fields_shown(client, clock, lisi, hr):
    case = open_case(lisi, hr, dt.date(2026, 12, 31))
    client.force_login(hr)
    data = _form(client, case)
    assert data["leave_year"] == "2026" and "days_taken_2026" not in data  # listed for 2026 only
    # HR moves the last day into January and types 2026's 4 days where the form said 2026（离职当年）.
    response = client.post(f"/cases/{case.code}/update/", {**data, "separation_date": "2027-01-15",
                                                         "days_taken_this_year": "4"})
    assert response.status_code == 400
    page = response.content.decode()
    assert "劳动合同解除/终止日改到了2027年" in page and "“2027年（离职当年）已休年休假天数”" in page
    assert 'name="days_taken_2026"' in page and "2026年已休年休假天数" in page  # listed again for 2027
    assert re.search(r'name="leave_year" value="2027"', page)
    case.refresh_from_db()
    assert case.separation_date == dt.date(2026, 12, 31) and not case.facts.get("days_taken_this_year")
    # HR fills the new year's fields: saved for the years they name.
    response = client.post(f"/cases/{case.code}/update/", {**data, "separation_date": "2027-01-15", "leave_year": "2027",
                                                         "days_taken_2026": "4", "days_taken_this_year": ""})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.separation_date == dt.date(2027, 1, 15)
    assert case.facts[leave_years.TAKEN_BY_YEAR] == {"2026": "4"}
    leave = services.latest_run(case).input["annual_leave"]
    assert str(leave["untaken_days_previous_years"]) in ("6", "6.0") and str(leave["days_taken_this_year"]) == "0"


def test_a_year_change_with_no_days_typed_saves_at_once_for_the_new_year(client, clock, lisi, hr):
    case = open_case(lisi, hr, dt.date(2026, 12, 31))
    client.force_login(hr)
    data = _form(client, case)
    response = client.post(f"/cases/{case.code}/update/", {**data, "separation_date": "2027-01-15"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.separation_date == dt.date(2027, 1, 15) and case.facts[leave_years.TAKEN_BY_YEAR] == {}
    assert _form(client, case)["leave_year"] == "2027"


def test_a_date_change_within_the_year_keeps_the_days(client, clock, lisi, hr):
    case = open_case(lisi, hr, dt.date(2027, 1, 15))
    client.force_login(hr)
    data = _form(client, case)
    response = client.post(f"/cases/{case.code}/update/", {**data, "separation_date": "2027-01-29",
                                                         "days_taken_2026": "3", "days_taken_this_year": "1"})
    assert response.status_code == 302
    case.refresh_from_db()
    assert case.facts[leave_years.TAKEN_BY_YEAR] == {"2026": "3"} and case.facts["days_taken_this_year"] == "1"
