"""Amounts as HR pastes them (2,345.60 from a spreadsheet, full-width digits from a Chinese input method):
read by the forms and the imports with one parser, never guessed (new-user check: the money fields
refused "2,345.60")."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.common.numbers import written_decimal
from farewell.org.models import WageMonth

READ = {
    "2,345.60": "2345.60", "２３４５.６０": "2345.60", "２，３４５．６０": "2345.60", "2 345.60": "2345.60",
    "2\u00a0345.60": "2345.60", "¥2,345.60": "2345.60", "￥2,345.60": "2345.60", "2345.60元": "2345.60",
    "12,345,678.90": "12345678.90", "2345.6": "2345.6", "0": "0",
}
REFUSED = ["2.345,60", "2,34", "1,2,3", "2,345 678", "1.234.567", "abc", "¥", "1" * 61, "NaN", "Infinity"]


@pytest.mark.parametrize(("text", "number"), READ.items())
def test_it_reads_what_people_paste(text, number):
    assert written_decimal(text) == Decimal(number)


@pytest.mark.parametrize("text", REFUSED)
def test_it_does_not_guess(text):
    assert written_decimal(text) is None


def _post_wage(client, world, amount):
    client.force_login(world.users["hr_admin"])
    return client.post(f"/employees/{world.lisi.code}/wages/", {"month": "2025-03", "base": amount})


@pytest.mark.parametrize("text", ["2,345.60", "２３４５.６０", "2 345.60", "¥2,345.60"])
def test_the_wage_form_takes_a_pasted_amount(client, world, text):
    response = _post_wage(client, world, text)
    assert response.status_code == 302, response.content.decode()[:2000]
    wage = WageMonth.objects.get(employee=world.lisi, month=dt.date(2025, 3, 1))
    assert wage.base == Decimal("2345.60") and wage.total == Decimal("2345.60")


def test_the_wage_form_refuses_a_european_amount_naming_the_field(client, world):
    response = _post_wage(client, world, "2.345,60")
    assert response.status_code == 400
    html = response.content.decode()
    assert "基本工资：无法识别的数字，请写作 2345.60 或 2,345.60" in html
    assert not WageMonth.objects.filter(employee=world.lisi, month=dt.date(2025, 3, 1)).exists()


def test_the_amount_box_is_a_text_box_the_browser_sends_as_typed(client, world):
    client.force_login(world.users["hr_admin"])
    html = client.get(f"/employees/{world.lisi.code}/wages/").content.decode()
    assert 'type="text" name="base"' in html and 'inputmode="decimal"' in html


def test_the_replacement_cost_box_takes_a_pasted_amount(client, world):
    from farewell.exits.models import ReplacementCost
    from tests.factories import make_position

    position = make_position(world.company, "销售代表")
    client.force_login(world.users["hr_admin"])
    html = client.get("/exits/settings/replacement-costs/").content.decode()
    assert 'type="text" name="amount"' in html
    response = client.post("/exits/settings/replacement-costs/", {"position": position.pk, "amount": "30,000.00"})
    assert response.status_code == 302, response.content.decode()[:1500]
    assert ReplacementCost.objects.get(position=position).amount == Decimal("30000.00")
