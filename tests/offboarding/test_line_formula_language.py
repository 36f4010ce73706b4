"""The settlement sheet's last-month wage and untaken-leave formulas were written in Chinese into the sheet ('月工资
12000.00 ÷ 月计薪天数 21.75 × 出勤计薪天数 10 = …', '200% × … 天 = …') and shown so on the English page and in
English documents (new-user check). The frozen sheet keeps them (the record, hashed with the sheet); the page
words them again in the reader's language when the recorded text has exactly one of the known shapes."""

from __future__ import annotations

import re
from decimal import Decimal as D

import pytest
from django.utils import translation

from farewell.cases.presentation import readable
from farewell.ledger.canonical import canonical_json, sha256_hex
from farewell.offboarding import settlement, settlement_services

from .conftest import in_handover

INPUTS = {"monthly_wage": "12000.00", "paid_days_worked": "10", "month_paid_days": "22", "unused_leave_days": "0",
          "exempt_ceiling": "447624.00", "exempt_ceiling_source": "测试", "deductions": []}


@pytest.fixture
def frozen(staffed):
    case = in_handover(staffed)
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    return staffed, case, settlement_services.approve(draft, acting_user=staffed.users["approver"])


def _wage_cell(client, case, language) -> str:
    client.cookies["django_language"] = language
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    row = re.search(r'<tr data-line="final_wage">(.*?)</tr>', page, re.S)
    assert row, "no wage line on the page"
    return row.group(1)


def test_the_wage_formula_reads_english_on_the_english_page_and_is_recorded_in_chinese(client, frozen):
    world, case, sheet = frozen
    recorded = next(ln["formula"] for ln in sheet.sheet["lines"] if ln["code"] == "final_wage")
    assert recorded.startswith("月工资 12000.00 ÷ ") and "出勤计薪天数 10 = " in recorded
    client.force_login(world.users["hrbp_sales"])
    assert readable(recorded) in _wage_cell(client, case, "zh-hans")  # shown as the case page: grouped
    english = _wage_cell(client, case, "en")
    assert recorded not in english and "monthly wage 12,000.00 ÷ " in english and "× 10 paid days worked = " in english
    sheet.refresh_from_db()
    assert sheet.sheet_sha256 == sha256_hex(canonical_json(sheet.sheet))  # reading rewrites nothing


@pytest.mark.parametrize(("code", "recorded", "english"), [
    ("final_wage", "月工资 20300.00 ÷ 月计薪天数 21.75 × 出勤计薪天数 10 = 9333.33",
     "monthly wage 20300.00 ÷ 21.75 paid days a month × 10 paid days worked = 9333.33"),
    ("final_wage", "月工资 20300.00 ÷ 当月实际计薪天数 22 × 出勤计薪天数 23 = 20300.00（不超过月工资）",
     "monthly wage 20300.00 ÷ 22 paid days this month × 23 paid days worked = 20300.00 (not more than the monthly wage)"),
    ("annual_leave_pay", "200% × 20300.00 ÷ 21.75 × 5 天 = 9333.33", "200% × 20300.00 ÷ 21.75 × 5 days = 9333.33"),
    ("final_wage", "HR 改写的公式 1 + 1", "HR 改写的公式 1 + 1"),  # no known shape: as recorded
    ("deduction_other", "月工资 1 ÷ 月计薪天数 21.75 × 出勤计薪天数 1 = 1", "月工资 1 ÷ 月计薪天数 21.75 × 出勤计薪天数 1 = 1"),
])
def test_each_shape_reads_back(code, recorded, english):
    line = {"code": code, "formula": recorded}
    with translation.override("zh-hans"):
        assert settlement.shown_line_formula(line, {}) == recorded
    with translation.override("en"):
        assert settlement.shown_line_formula(line, {}) == english


def test_the_sheet_records_the_same_text_as_before():
    """The record does not change with this: the text the old f-strings wrote, byte for byte."""
    import datetime as dt

    inp = settlement.SheetInputs(
        last_day=dt.date(2026, 12, 31), monthly_wage=D("20300.00"), proration="actual", paid_days_worked=D("23"),
        month_paid_days=D("22"), engine_lines=[], extra_compensation=D(0), exempt_ceiling=D(0),
        exempt_ceiling_source="", unused_leave_days=D("5"))
    formulas = {ln["code"]: ln["formula"] for ln in settlement.compute_sheet(inp)["lines"]}
    assert formulas["final_wage"] == "月工资 20300.00 ÷ 当月实际计薪天数 22 × 出勤计薪天数 23 = 20300.00（不超过月工资）"
    assert formulas["annual_leave_pay"] == "200% × 20300.00 ÷ 21.75 × 5 天 = 9333.33"
    standard = settlement.compute_sheet(settlement.SheetInputs(**{**inp.__dict__, "proration": "standard",
                                                                  "paid_days_worked": D("10")}))
    assert standard["lines"][0]["formula"] == "月工资 20300.00 ÷ 月计薪天数 21.75 × 出勤计薪天数 10 = 9333.33"
