"""English: the documents in the company's document language (a setting, Chinese by default) — the shipped
English defaults, dates, grounds and amounts in words, checked with pdftotext; the settlement sheet's
recorded labels shown in the reader's language."""

from __future__ import annotations

import re
import shutil
import subprocess
from decimal import Decimal as D

import pytest

from farewell.common.money import english_words
from farewell.offboarding import document_services, settlement_services
from farewell.offboarding.doc_kinds import KINDS, default_docx
from farewell.offboarding.models import OffboardingSettings
from farewell.org.models import Employee
from tests.factories import make_position

from .conftest import in_handover

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="libreoffice-writer-nogui and poppler-utils are needed")
CJK = re.compile(r"[\u3400-\u9fff\u3000-\u303f\uff00-\uffef]")
INPUTS = {"monthly_wage": D("12000.00"), "paid_days_worked": D(10), "month_paid_days": D(22),
          "exempt_ceiling": D("447624.00"), "exempt_ceiling_source": "上海 2024 年职工平均工资 × 3"}


def _text(doc) -> str:
    with doc.pdf.open("rb") as handle:
        data = handle.read()
    return subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout.decode()


def _english(staffed):
    OffboardingSettings.objects.create(company=staffed.company, document_language="en")
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "Sales lead"))


def _foreign_words(text: str, staffed) -> list[str]:
    """Chinese left in an English document once the names the records hold (in Chinese) are taken out."""
    for name in (staffed.lisi.name, staffed.company.name, staffed.sales.name):
        text = text.replace(name, "")
    return CJK.findall(text)


def test_every_english_default_is_a_valid_template_of_its_kind():
    for kind in KINDS:
        assert document_services.check_template(kind, default_docx(kind, "en"))


@pytest.mark.django_db
def test_documents_are_chinese_unless_the_company_chose_english(staffed):
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售主管"))
    case = in_handover(staffed)
    text = _text(document_services.generate(case, "certificate", acting_user=staffed.users["hrbp_sales"], confirm_early=True))
    assert "劳动合同证明书" in text and "Certificate" not in text


def test_the_certificate_and_the_agreement_in_english(staffed):
    _english(staffed)
    case = in_handover(staffed, extra=D("5000.50"))
    hr = staffed.users["hrbp_sales"]
    certificate = " ".join(_text(document_services.generate(case, "certificate", acting_user=hr, confirm_early=True)).split())
    assert "Certificate of Termination of the Labour Contract" in certificate
    assert f"{case.separation_date.day} {case.separation_date:%B} {case.separation_date.year}" in certificate
    assert "Sales lead" in certificate and "Years of service with this employer" in certificate
    assert not _foreign_words(certificate, staffed)
    agreement = _text(document_services.generate(case, "mutual_agreement", acting_user=hr))
    flat = " ".join(agreement.split())
    assert "Negotiated extra compensation: RMB 5,000.50 (five thousand yuan and fifty fen)" in flat
    assert "Party A having proposed to end the labour contract" in flat
    assert "Article 36 of the Labour Contract Law of the PRC" in flat
    assert not _foreign_words(agreement, staffed)


def test_the_settlement_sheet_in_english_names_its_lines_and_bases(staffed):
    _english(staffed)
    case = in_handover(staffed, extra=D(5000))
    draft = settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    settlement_services.approve(draft, acting_user=staffed.users["approver"])
    text = " ".join(_text(document_services.generate(case, "settlement_sheet",
                                                     acting_user=staffed.users["hrbp_sales"])).split())
    assert "Final Settlement Statement" in text
    assert "Wages for the last month (up to the last day): RMB 5,517.24" in text
    assert "Provisional Regulations on Wage Payment, Art. 9" in text


def test_amounts_in_english_words():
    assert english_words("67875.00") == "sixty-seven thousand eight hundred and seventy-five yuan"
    assert english_words("13555.2") == "thirteen thousand five hundred and fifty-five yuan and twenty fen"
    assert english_words("1000001") == "one million and one yuan"
    assert english_words("0") == "zero yuan"


def test_the_settlement_page_shows_recorded_labels_in_the_readers_language(client, staffed):
    case = in_handover(staffed, extra=D(5000))
    settlement_services.save_draft(case, INPUTS, acting_user=staffed.users["hrbp_sales"])
    client.force_login(staffed.users["hrbp_sales"])
    url = f"/offboarding/cases/{case.code}/settlement/"
    assert "协商额外补偿" in client.get(url).content.decode()
    client.cookies["django_language"] = "en"  # the language menu's choice
    english = client.get(url).content.decode()
    assert "Negotiated extra compensation" in english and "协商额外补偿" not in english


def test_the_settlement_forms_deduction_kinds_are_in_the_readers_language(client, staffed):
    """New-user check: the two 其他扣除 options stayed Chinese on the English page (read once at import)."""
    case = in_handover(staffed, extra=D(5000))
    client.force_login(staffed.users["hrbp_sales"])
    client.cookies["django_language"] = "en"
    english = client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()
    assert "Other deductions permitted by law" in english and "其他依法可扣除的款项" not in english
    client.cookies["django_language"] = "zh-hans"
    assert "其他依法可扣除的款项" in client.get(f"/offboarding/cases/{case.code}/settlement/").content.decode()


def test_the_wage_payment_regulation_has_one_english_name():
    """Pages (the law engine's citations) said "Provisional Regulations on Wage Payment", documents "Interim
    Provisions on Wage Payment" (new-user check): the engine's name everywhere."""
    import re
    from pathlib import Path

    import farewell
    from farewell.law.i18n import cite

    name = "Provisional Regulations on Wage Payment"
    assert name in cite("《工资支付暂行规定》第九条", "en")
    root = Path(farewell.__file__).parent
    texts = [p.read_text(encoding="utf-8").replace('"\n"', "")  # a .po string's wrapped lines joined
             for p in [*root.rglob("*.py"), root / "locale/en/LC_MESSAGES/django.po"]]
    names = {m for t in texts for m in re.findall(r"(\w+\s+\w+)\s+on\s+Wage Payment", t)}
    assert names == {"Provisional Regulations"}, names
