"""Each rule on a person's dates (org.person_dates) says one thing in one wording wherever it is
applied: the page's form names the field, the import report (here through POST /api/import/<kind>/)
names the row and the column, the services (so the API) the field."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from farewell.org import person_dates
from tests.factories import make_contract
from tests.org.test_people_views import as_user, edit_data

pytestmark = pytest.mark.django_db


def _imported(client, kind: str, row: dict) -> list[str]:
    answer = client.post(f"/api/import/{kind}/", {"rows": [row]}, content_type="application/json")
    assert answer.status_code == 400, answer.content
    return answer.json()["errors"]


def test_the_words_name_both_dates_and_not_the_field():
    assert person_dates.not_before(dt.date(2019, 1, 1), dt.date(2020, 3, 1), "入职日期") == "2019-01-01 早于入职日期 2020-03-01"
    assert person_dates.not_after(dt.date(2021, 1, 1), dt.date(2020, 3, 1), "入职日期") == "2021-01-01 晚于入职日期 2020-03-01"
    assert person_dates.not_before(dt.date(2020, 3, 1), dt.date(2020, 3, 1), "入职日期") is None
    assert person_dates.contract_dates_errors(dt.date(2020, 1, 1), dt.date(2020, 12, 31), dt.date(2021, 1, 31)) == {
        "probation_end_date": "2021-01-31 晚于终止日 2020-12-31"}


@pytest.mark.parametrize(("overrides", "field", "header", "row", "words"), [
    ({"separation_date": "2019-01-01"}, "separation_date", "离职日期", {"入职日期": "2020-03-01", "离职日期": "2019-01-01"},
     "2019-01-01 早于入职日期 2020-03-01"),
    ({"first_work_date": "2021-01-01"}, "first_work_date", "参加工作日期",
     {"入职日期": "2020-03-01", "参加工作日期": "2021-01-01"}, "2021-01-01 晚于入职日期 2020-03-01"),
])
def test_the_employee_form_and_the_import_say_the_same(client, world, overrides, field, header, row, words):
    as_user(client, world, "hr_admin")
    assert world.lisi.hire_date == dt.date(2020, 3, 1)
    form = client.post(reverse("org:employee_edit", args=[world.lisi.code]),
                       edit_data(world.lisi, **overrides)).context["form"]
    assert form.errors[field] == [words]
    assert _imported(client, "employees", {"工号": world.lisi.employee_number, **row}) == [f"第 1 行 · {header}：{words}"]


@pytest.mark.parametrize(("dates", "field", "header", "words"), [
    ({"start_date": "2024-01-01", "end_date": "2023-12-01"}, "end_date", "终止日", "2023-12-01 早于起始日 2024-01-01"),
    ({"start_date": "2024-01-01", "end_date": "2026-12-31", "probation_end_date": "2023-12-31"},
     "probation_end_date", "试用期截止", "2023-12-31 早于起始日 2024-01-01"),
    ({"start_date": "2024-01-01", "end_date": "2024-03-31", "probation_end_date": "2024-06-30"},
     "probation_end_date", "试用期截止", "2024-06-30 晚于终止日 2024-03-31"),
])
def test_the_contract_form_and_the_import_say_the_same(client, world, dates, field, header, words):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("org:employee_contracts", args=[world.lisi.code]), {"kind": "fixed_term", **dates})
    assert response.status_code == 400 and response.context["form"].errors[field] == [words]
    headers = {"start_date": "起始日", "end_date": "终止日", "probation_end_date": "试用期截止"}
    row = {"工号": world.lisi.employee_number, "合同类型": "固定期限", **{headers[k]: v for k, v in dates.items()}}
    assert _imported(client, "contracts", row) == [f"第 1 行 · {header}：{words}"]


def test_ending_a_contract_says_it_from_the_end_date(client, world):
    contract = make_contract(world.lisi, start_date=dt.date(2024, 1, 1), end_date=dt.date(2026, 12, 31),
                             probation_end_date=dt.date(2024, 6, 30))
    as_user(client, world, "hr_admin")
    url = reverse("org:contract_end", args=[world.lisi.code, contract.pk])
    assert client.post(url, {"end_date": "2023-12-01"}).context["form"].errors["end_date"] == [
        "2023-12-01 早于起始日 2024-01-01"]
    assert client.post(url, {"end_date": "2024-05-31"}).context["form"].errors["end_date"] == [
        "2024-05-31 早于试用期截止日 2024-06-30"]


def test_the_protected_period_form_and_the_import_say_the_same(client, world):
    as_user(client, world, "hr_admin")
    response = client.post(reverse("org:status_periods", args=[world.lisi.code]),
                           {"kind": "pregnancy", "start_date": "2025-03-01", "end_date": "2025-02-01"})
    words = "2025-02-01 早于开始日期 2025-03-01"
    assert response.context["form"].errors["end_date"] == [words]
    row = {"工号": world.lisi.employee_number, "类型": "怀孕", "开始日期": "2025-03-01", "结束日期": "2025-02-01"}
    assert _imported(client, "status_periods", row) == [f"第 1 行 · 结束日期：{words}"]


def test_a_case_date_before_the_hire_date_reads_the_same_on_the_calculator_and_the_case_api(client, world):
    as_user(client, world, "hr_admin")
    form = client.post("/cases/calculator/", {"jurisdiction": "CN", "ground": "mutual_employer_initiated",
                                              "hire_date": "2020-03-01", "separation_date": "2019-01-01",
                                              "monthly_wages": "10000"}).context["form"]
    assert form.errors["separation_date"] == ["2019-01-01 早于入职日期 2020-03-01"]
