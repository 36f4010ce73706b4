"""The settlement sheet's engine lines (经济补偿, 代通知金 …) kept the engine run's Chinese formula and citation and
were shown so on the English page and in English documents; SettlementInputError's messages were Chinese on an
English page. The frozen sheet keeps the Chinese (the record, hashed); the page and an English document word an
engine line again from the run it was copied from (engine_calls.run_in_language) and its citation as the engine
cites in English (law.i18n.cite)."""

from __future__ import annotations

import re

import pytest
from django.utils import translation

from farewell.cases.presentation import readable
from farewell.ledger.canonical import canonical_json, sha256_hex
from farewell.offboarding import settlement, settlement_services

from .conftest import in_handover

INPUTS = {"monthly_wage": "12000.00", "paid_days_worked": "10", "month_paid_days": "22", "unused_leave_days": "0",
          "exempt_ceiling": "447624.00", "exempt_ceiling_source": "测试", "deductions": []}
_HAN = re.compile(r"[\u4e00-\u9fff]")


@pytest.fixture
def frozen(staffed):
    case = in_handover(staffed)
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    return staffed, case, settlement_services.approve(draft, acting_user=staffed.users["approver"])


def _row(client, case, language, code) -> str:
    client.cookies["django_language"] = language
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    row = re.search(rf'<tr data-line="{code}">(.*?)</tr>', page, re.S)
    assert row, f"no {code} line on the page"
    return row.group(1)


def test_an_engine_line_reads_english_on_the_english_page_and_stays_chinese_in_the_record(client, frozen):
    world, case, sheet = frozen
    line = next(ln for ln in sheet.sheet["lines"] if ln["code"] == "economic_compensation")
    assert _HAN.search(line["formula"]) and "《劳动合同法》" in line["basis"]  # the record: the engine's Chinese
    client.force_login(world.users["hrbp_sales"])
    chinese = _row(client, case, "zh-hans", "economic_compensation")
    assert readable(line["formula"]) in chinese and line["basis"] in chinese  # shown as the case page: grouped
    cells = re.findall(r"<td[^>]*>(.*?)</td>", _row(client, case, "en", "economic_compensation"), re.S)
    formula, basis = cells[2].strip(), cells[3].strip()
    assert formula and not _HAN.search(formula), formula
    assert "Labour Contract Law" in basis and not _HAN.search(basis), basis
    sheet.refresh_from_db()
    assert sheet.sheet_sha256 == sha256_hex(canonical_json(sheet.sheet))  # reading rewrites nothing


def test_every_line_of_the_english_page_is_english(client, frozen):
    world, case, sheet = frozen
    client.force_login(world.users["hrbp_sales"])
    for line in sheet.sheet["lines"]:
        cells = re.findall(r"<td[^>]*>(.*?)</td>", _row(client, case, "en", line["code"]), re.S)
        for cell in cells[2:]:
            assert not _HAN.search(cell), (line["code"], cell)


def test_a_line_no_run_words_again_is_shown_as_recorded(frozen):
    _world, case, sheet = frozen
    line = {"code": "economic_compensation", "kind": "income", "formula": "N 1 × 1.00 = 1.00（改过的记录）",
            "basis": "《劳动合同法》第四十七条"}
    with translation.override("en"):
        shown = settlement_services.shown_lines(case, {"lines": [line]})[0]
    assert shown["shown_formula"] == readable(line["formula"])  # as recorded, read as the case page reads it
    assert shown["shown_basis"] == "Labour Contract Law Art. 47"


def test_the_english_settlement_document_words_the_engine_lines(frozen):
    from farewell.offboarding.doc_context import context_for

    _world, case, sheet = frozen
    ctx = context_for(case, "settlement_sheet", language="en")
    for row in ctx["settlement_lines"]:
        assert not _HAN.search(row["formula"]) and not _HAN.search(row["basis"]), row
    chinese = context_for(case, "settlement_sheet", language="zh-hans")
    recorded = {readable(ln["formula"]) for ln in sheet.sheet["lines"]}  # as the page shows them: grouped
    assert {row["formula"] for row in chinese["settlement_lines"]} <= recorded


@pytest.mark.parametrize(("inputs", "english"), [
    ({"monthly_wage": "-1"}, "must not be negative"),
    ({"deductions": [{"kind": "other_offset", "amount": "1", "basis": " "}]}, "needs its basis"),
])
def test_input_errors_read_english_on_an_english_page(frozen, inputs, english):
    _world, case, _sheet = frozen
    with translation.override("en"), pytest.raises(settlement.SettlementInputError) as error:
        settlement.compute_sheet(settlement_services.sheet_inputs(case, {**INPUTS, **inputs}))
    assert english in str(error.value) and not _HAN.search(str(error.value))


@pytest.mark.parametrize("inputs", [
    {"monthly_wage": "-1"},
    {"deductions": [{"kind": "other_offset", "amount": "1", "basis": " "}]},
    {"deductions": [{"kind": "damages_offset", "amount": "99999", "basis": "损失"}]},
])
def test_input_errors_read_chinese_on_a_chinese_page(frozen, inputs):
    _world, case, _sheet = frozen
    with translation.override("zh-hans"), pytest.raises(settlement.SettlementInputError) as error:
        settlement.compute_sheet(settlement_services.sheet_inputs(case, {**INPUTS, **inputs}))
    assert _HAN.search(str(error.value))


def test_the_scope_source_is_recorded_as_before():
    assert settlement.SEVERANCE_SCOPE_SOURCES["compensation"] == settlement.SEVERANCE_SOURCE + "；代通知金按工资薪金所得"
    assert settlement.SEVERANCE_SCOPE_SOURCES["with_notice_pay"] == (
        settlement.SEVERANCE_SOURCE + "；代通知金并入一次性补偿收入（部分地方税务机关口径）")
