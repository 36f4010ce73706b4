"""The settlement sheet as the case page shows the engine's formulas (cases.presentation.readable: amounts
grouped, a base that is not a whole fen rounded with a note), on the page, in its DOCX/PDF and in the API in the
reader's language; and the tax-exempt ceiling (财税〔2018〕164号 第五条(一): 3× the local average wage of the year
before) marked provisional with the year of the figure used when that figure is older. The recorded sheet and its
hash never change."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from decimal import Decimal as D

import pytest
from django.utils import translation

from farewell.ledger.canonical import canonical_json, sha256_hex
from farewell.offboarding import document_services, settlement_services
from farewell.org.models import LocalWageFigure

from .conftest import in_handover

LAST_DAY = dt.date(2027, 3, 31)  # the exempt ceiling needs the 2026 average; the table has 2023's
INPUTS = {"monthly_wage": D("12000.00"), "paid_days_worked": D(10), "month_paid_days": D(22)}
UNGROUPED = re.compile(r"(?<![\d,.])\d{4,}\.\d{2}(?!\d)")  # 12000.00: the engine's own way


@pytest.fixture
def sheet_case(staffed):
    LocalWageFigure.objects.create(city=staffed.company.city, kind="average", year=2023, amount=D("12307.00"),
                                   source="测试数据（非官方数字）")
    case = in_handover(staffed, separation_date=LAST_DAY, extra=D(500000))  # over the ceiling: tax is due
    with translation.override("zh-hans"):
        inputs = {**settlement_services.default_inputs(case), **INPUTS}
    assert "2023 年" in inputs["exempt_ceiling_source"] and inputs["exempt_ceiling"] == "443052.00"
    draft = settlement_services.save_draft(case, inputs, acting_user=staffed.users["hrbp_sales"])
    frozen = settlement_services.approve(draft, acting_user=staffed.users["approver"])
    assert frozen.sheet["severance_tax"] != "0.00"
    return case, frozen


def _formulas(page: str) -> list[str]:
    rows = re.findall(r'<tr data-line="[^"]+">(.*?)</tr>', page.split('id="sheet"')[1], re.S)
    return [re.findall(r"<td>(.*?)</td>", row, re.S)[-2] for row in rows]


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_page_groups_the_formulas_amounts(client, staffed, sheet_case, language):
    case, frozen = sheet_case
    client.force_login(staffed.users["hrbp_sales"])
    client.cookies["django_language"] = language
    formulas = _formulas(client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode())
    recorded = [ln["formula"] for ln in frozen.sheet["lines"]]
    assert any(UNGROUPED.search(f) for f in recorded)  # the record: as the engine wrote it
    assert all(not UNGROUPED.search(f) for f in formulas), formulas
    assert any("12,000.00" in f for f in formulas) and any("443,052.00" in f for f in formulas), formulas
    frozen.refresh_from_db()
    assert frozen.sheet_sha256 == sha256_hex(canonical_json(frozen.sheet))


@pytest.mark.parametrize(("language", "mark"), [("zh-hans", "暂定：按2023年度"), ("en", "2023")])
def test_the_page_marks_an_older_years_ceiling_provisional(client, staffed, sheet_case, language, mark):
    case, _frozen = sheet_case
    client.force_login(staffed.users["hrbp_sales"])
    client.cookies["django_language"] = language
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    badge = re.search(r'id="exempt-provisional">([^<]*)<', page)
    assert badge and mark in badge[1] and "2026" in badge[1], badge


def test_a_ceiling_of_the_year_before_is_not_provisional(client, staffed):
    LocalWageFigure.objects.create(city=staffed.company.city, kind="average", year=2026, amount=D("12307.00"),
                                   source="测试数据（非官方数字）")
    case = in_handover(staffed, separation_date=LAST_DAY)
    settlement_services.save_draft(case, {**settlement_services.default_inputs(case), **INPUTS},
                                   acting_user=staffed.users["hrbp_sales"])
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    assert 'id="sheet"' in page and "exempt-provisional" not in page and "暂定" not in page
    assert settlement_services.exempt_provisional("上海 2026 年职工平均工资 × 3（HR 核对）", LAST_DAY) is None


def test_the_draft_form_warns_before_the_sheet_is_saved(client, staffed):
    LocalWageFigure.objects.create(city=staffed.company.city, kind="average", year=2023, amount=D("12307.00"),
                                   source="测试数据（非官方数字）")
    case = in_handover(staffed, separation_date=LAST_DAY)
    client.force_login(staffed.users["hrbp_sales"])
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    assert re.search(r'id="form-exempt-provisional">[^<]*暂定：按2023年度[^<]*2026', page)


@pytest.mark.parametrize("language", ["zh-hans", "en"])
def test_the_api_words_the_sheet_in_the_readers_language(client, staffed, sheet_case, language):
    case, frozen = sheet_case
    client.force_login(staffed.users["hrbp_sales"])
    data = client.get(f"/api/offboarding/cases/{case.code}/settlement/", HTTP_ACCEPT_LANGUAGE=language).json()
    [version] = data["versions"]
    assert version["sheet"] == frozen.sheet and version["sheet_sha256"] == frozen.sheet_sha256  # the record
    shown = version["shown"]
    assert shown["exempt_ceiling_provisional"] == {"year_used": 2023, "year_needed": 2026}
    assert "2023" in shown["exempt_ceiling_provisional_text"]
    formulas = [ln["formula"] for ln in shown["lines"]]
    assert all(not UNGROUPED.search(f) for f in formulas), formulas
    labels = " ".join(ln["label"] for ln in shown["lines"])
    texts = labels + " ".join(formulas) + shown["exempt_ceiling_source"]
    if language == "en":
        assert "average monthly wage" in shown["exempt_ceiling_source"]
        assert "最后一个月工资" not in labels and "月工资 12,000.00" not in texts
    else:
        assert "最后一个月工资" in labels and "暂定" in shown["exempt_ceiling_provisional_text"]


@pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                    reason="libreoffice-writer-nogui and poppler-utils are needed")
def test_the_document_groups_the_formulas_and_marks_the_ceiling(staffed, sheet_case):
    case, _frozen = sheet_case
    doc = document_services.generate(case, "settlement_sheet", acting_user=staffed.users["hrbp_sales"])
    with doc.pdf.open("rb") as handle:
        text = subprocess.run(["pdftotext", "-layout", "-", "-"], input=handle.read(), capture_output=True,
                              check=True).stdout.decode()
    flat = " ".join(text.split())
    assert "月工资 12,000.00 ÷" in flat and "443,052.00" in flat, flat
    assert not UNGROUPED.search(flat), UNGROUPED.findall(flat)
    assert "暂定：按2023年度" in flat.replace(" ", "") and "2026" in flat, flat


def test_the_provisional_mark_reads_in_english(client, staffed, sheet_case):
    case, _frozen = sheet_case
    client.force_login(staffed.users["hrbp_sales"])
    client.cookies["django_language"] = "en"
    page = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    assert re.search(r'id="exempt-provisional">Provisional[^<]*2023[^<]*2026', page)
