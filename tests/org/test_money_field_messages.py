"""Money fields say which field is wrong and what its bound is (Django's own 确认总共不超过 12 个数字 named
neither), and the forms that take the same kind of amount take the same bound: a wage up to
9,999,999,999.99 like the calculator's, a local figure up to 99,999,999.99 on both pages."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import translation

from farewell.cases.forms import CalculatorForm
from farewell.org.forms import PositionForm, WageMonthForm
from farewell.org.forms_settings import LocalWageFigureForm
from tests.org.test_people_views import as_user, last_month


def test_the_wage_page_names_the_field_and_its_bound(client, world):
    as_user(client, world, "hr_admin")
    url = reverse("org:employee_wages", args=[world.lisi.code])
    response = client.post(url, {"month": last_month(), "base": "123456789012.5", "bonus": "1.234"})
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["base"] == ["基本工资不能超过 9,999,999,999.99 元"]
    assert errors["bonus"] == ["奖金最多两位小数（到分）"]
    assert "个数字" not in response.content.decode()


@pytest.mark.parametrize(("form", "field", "maximum"), [
    (WageMonthForm, "total", "9,999,999,999.99"),
    (PositionForm, "wage_max", "9,999,999,999.99"),
    (CalculatorForm, "last_month_wage", "9,999,999,999.99"),
    (CalculatorForm, "local_avg_monthly_wage", "99,999,999.99"),
    (LocalWageFigureForm, "amount", "99,999,999.99"),
])
def test_the_same_kind_of_amount_has_the_same_bound(db, form, field, maximum):
    with translation.override("zh-hans"):
        bound = form({field: "100000000000"})
        bound.is_valid()
        message = bound.errors[field][0]
    assert message.endswith(f"不能超过 {maximum} 元") and message.startswith(str(bound.fields[field].label))


@pytest.mark.parametrize("form", [CalculatorForm, LocalWageFigureForm])
def test_a_wrong_date_is_answered_with_an_example(db, form):
    field = "hire_date" if form is CalculatorForm else "effective_from"
    with translation.override("zh-hans"):
        bound = form({field: "2027-13-45"})
        bound.is_valid()
        assert bound.errors[field] == ["请输入有效日期，格式 2027-01-31"]


def test_a_month_field_keeps_its_own_message(db):
    with translation.override("zh-hans"):
        bound = WageMonthForm({"month": "2027-13"})
        bound.is_valid()
        assert "2027-01-31" not in bound.errors["month"][0]
