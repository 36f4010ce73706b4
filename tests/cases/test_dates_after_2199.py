"""No date after 2199 in the case forms and the calculator (common/dates.py): a year like 9999 (a browser's
date box takes it) is refused on its field, in Chinese. The case form answered 500 (the retirement check
stepped past date.max) and the calculator printed the engine's English message."""

from __future__ import annotations

import pytest

from tests.cases.test_calculator import _form
from tests.cases.test_dates_before_1950 import _date_fields

TOO_LATE = "9999-12-31 晚于 2199 年 12 月 31 日：请检查年份"


@pytest.mark.parametrize(("name", "field"), list(_date_fields()), ids=[n for n, _f in _date_fields()])
def test_every_date_of_the_case_forms_refuses_the_year_9999(name, field):
    from django import forms

    with pytest.raises(forms.ValidationError, match="晚于 2199 年"):
        field.clean("9999-12-31")


def test_a_case_opened_with_the_year_9999_is_refused_on_the_field_not_a_500(client, world):
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/cases/open/{world.lisi.code}/", {
        "case_type": "mutual_employer", "ground": "mutual_employer_initiated", "separation_date": "9999-12-31",
        "reason": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors["separation_date"] == [TOO_LATE]
    assert not world.lisi.separation_cases.exists()


def test_the_calculator_refuses_the_year_9999_in_chinese_on_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post("/cases/calculator/", _form(separation_date="9999-12-31"))
    assert response.status_code == 200
    assert response.context["form"].errors["separation_date"] == [TOO_LATE]
    assert "outside the engine" not in response.content.decode()
