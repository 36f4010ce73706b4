"""The settlement sheet's tax formula was written in Chinese into the sheet ('(55000.00 − 1000.00) = 54000.00；
54000.00 × 10% − 2,520 = 2880.00', '… ≤ 免税额 …，不征税') and shown so on the English page. The frozen sheet
keeps it (the record, hashed with the sheet); the page words it again in the reader's language from the sheet's
own figures when they give back the recorded text exactly, and shows the recorded text otherwise."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest

from farewell.cases.presentation import readable
from farewell.ledger.canonical import canonical_json, sha256_hex
from farewell.offboarding import settlement, settlement_services
from farewell.offboarding.models import Settlement

from .conftest import in_handover

INPUTS = {"monthly_wage": "12000.00", "paid_days_worked": "10", "month_paid_days": "22", "unused_leave_days": "0",
          "exempt_ceiling": "1000.00", "exempt_ceiling_source": "测试：当地上年平均工资 × 3", "deductions": []}


@pytest.fixture
def frozen(staffed):
    case = in_handover(staffed, extra=D(50000))
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    sheet = settlement_services.approve(draft, acting_user=staffed.users["approver"])
    assert D(sheet.sheet["severance_tax"]) > 0
    return staffed, case, sheet


def _tax_cell(client, case, language) -> str:
    client.cookies["django_language"] = language
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    row = re.search(r'<tr data-line="severance_iit">(.*?)</tr>', page, re.S)
    assert row, "no tax line on the page"
    return row.group(1)


def test_the_chinese_page_shows_the_formula_as_recorded(client, frozen):
    world, case, sheet = frozen
    client.force_login(world.users["hrbp_sales"])
    assert readable(sheet.sheet["severance_tax_formula"]) in _tax_cell(client, case, "zh-hans")  # grouped, as the case page
    # Reading it rewrites nothing: the sheet and its hash are the record.
    sheet.refresh_from_db()
    assert sheet.sheet_sha256 == sha256_hex(canonical_json(sheet.sheet)) and "；" in sheet.sheet["severance_tax_formula"]


def test_the_english_page_words_the_formula_in_english_from_the_sheets_figures(client, frozen):
    world, case, sheet = frozen
    client.force_login(world.users["hrbp_sales"])
    cell = _tax_cell(client, case, "en")
    recorded = sheet.sheet["severance_tax_formula"]
    assert recorded not in cell and readable(recorded).replace("；", "; ") in cell, cell


def test_a_formula_the_figures_do_not_give_back_is_shown_as_recorded(client, frozen):
    world, case, sheet = frozen
    Settlement.objects.filter(pk=sheet.pk).update(sheet={**sheet.sheet, "severance_tax_formula": "旧公式：按旧税率表"})
    lines = [{**ln, "formula": "旧公式：按旧税率表"} if ln["code"] == "severance_iit" else ln for ln in sheet.sheet["lines"]]
    Settlement.objects.filter(pk=sheet.pk).update(sheet={**sheet.sheet, "severance_tax_formula": "旧公式：按旧税率表",
                                                         "lines": lines})
    client.force_login(world.users["hrbp_sales"])
    assert "旧公式：按旧税率表" in _tax_cell(client, case, "en")


def test_the_worded_formula_is_the_recorded_one_in_chinese():
    sheet = {"severance_income": "600000.00", "exempt_ceiling": "447624.00",
             "severance_tax_formula": settlement.severance_tax(D("600000.00"), D("447624.00"))[2]}
    assert settlement.shown_tax_formula(sheet) == "(600000.00 − 447624.00) = 152376.00；152376.00 × 20% − 16,920 = 13555.20"
    within = {"severance_income": "100.00", "exempt_ceiling": "447624.00",
              "severance_tax_formula": settlement.severance_tax(D("100.00"), D("447624.00"))[2]}
    assert settlement.shown_tax_formula(within) == "100.00 ≤ 免税额 447624.00，不征税"
