"""No date before 1950 in the case forms and the calculator (issue 13; common/dates.py): a year like
0202 or 1900 typed by mistake is refused on its field, in Chinese, before it reaches the engine."""

from __future__ import annotations

import datetime as dt
import inspect
import json

import pytest
from django import forms

from farewell.cases import forms as case_forms
from farewell.cases import layoff_forms
from farewell.common.dates import validate_period_date
from tests.cases.test_calculator import EXAMPLE, _form

TOO_EARLY = "早于 1950 年 1 月 1 日"


def _date_fields():
    for module in (case_forms, layoff_forms):
        for name, cls in vars(module).items():
            if inspect.isclass(cls) and issubclass(cls, forms.BaseForm) and cls.__module__ == module.__name__:
                for field_name, field in cls.base_fields.items():
                    if isinstance(field, forms.DateField):
                        yield f"{name}.{field_name}", field


@pytest.mark.parametrize(("name", "field"), list(_date_fields()), ids=[n for n, _f in _date_fields()])
def test_every_date_of_the_case_forms_refuses_1949(name, field):
    assert validate_period_date in field.validators, name
    with pytest.raises(forms.ValidationError, match=TOO_EARLY):
        field.clean("1949-12-31")
    assert field.clean("1950-01-01") == dt.date(1950, 1, 1)


@pytest.mark.parametrize("field", ["hire_date", "separation_date", "probation_end_date"])
def test_the_calculator_page_names_the_field(client, world, field):
    client.force_login(world.users["hr_admin"])
    response = client.post("/cases/calculator/", _form(**{field: "1900-01-01"}))
    assert response.status_code == 200
    assert response.context["form"].errors[field] == ["1900-01-01 早于 1950 年 1 月 1 日：请检查年份"]
    assert "30,000.00" not in response.content.decode()


def test_the_calculator_api_names_the_field(client, world):
    client.force_login(world.users["hr_admin"])
    response = client.post("/api/law/compute", json.dumps({**EXAMPLE, "hire_date": "0202-03-01"}),
                           content_type="application/json")
    assert response.status_code == 400
    assert response.json() == {"field": "hire_date", "error": "0202-03-01 早于 1950 年 1 月 1 日：请检查年份"}
    batch = [EXAMPLE, {**EXAMPLE, "separation_date": "1949-12-31"}]
    response = client.post("/api/law/compute", json.dumps(batch), content_type="application/json")
    assert response.status_code == 400 and response.json()["field"] == "[1].separation_date"


def test_a_case_opened_with_a_1949_date_is_refused_on_the_field(client, world):
    client.force_login(world.users["hrbp_sales"])
    response = client.post(f"/cases/open/{world.lisi.code}/", {
        "ground": "mutual_employer_initiated", "separation_date": "1949-12-31", "reason": "x"})
    assert response.status_code in (200, 400)
    assert TOO_EARLY in " ".join(response.context["form"].errors.get("separation_date", []))
    assert not world.lisi.separation_cases.exists()


def test_the_open_case_form_gives_one_message_for_a_date_before_1950(client, world):
    """A typed date that is refused is not also reported as missing."""
    client.force_login(world.users["hr_admin"])
    response = client.post(f"/cases/open/{world.lisi.code}/", {
        "case_type": "mutual_employer", "ground": "mutual_employer_initiated", "separation_date": "1949-01-01"})
    assert response.status_code == 200
    assert response.context["form"].errors["separation_date"] == ["1949-01-01 早于 1950 年 1 月 1 日：请检查年份"]
