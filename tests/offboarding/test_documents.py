"""Documents: each kind rendered by LibreOffice and its text checked with pdftotext; the certificate carries
exactly 实施条例 第二十四条's items and no reason; amounts in figures and 大写; template validation."""

from __future__ import annotations

import datetime as dt
import hashlib
import io
import json
import shutil
import subprocess
import zipfile
from decimal import Decimal as D

import pytest
from django.utils import timezone

from farewell.common import documents as common_documents
from farewell.common.documents import DocumentError
from farewell.common.money import chinese_capital
from farewell.ledger.models import LedgerEntry
from farewell.offboarding import document_services, settlement_services
from farewell.offboarding.doc_kinds import KINDS, default_docx
from farewell.org.models import Employee
from tests.factories import make_position

from .conftest import in_handover

pytestmark = pytest.mark.skipif(shutil.which("soffice") is None or shutil.which("pdftotext") is None,
                                reason="LibreOffice (libreoffice-writer-nogui) and poppler-utils are needed")

REASON = "多次迟到并与主管发生争执"  # the case's facts: never on a certificate


def pdf_text(data: bytes) -> str:
    out = subprocess.run(["pdftotext", "-layout", "-", "-"], input=data, capture_output=True, check=True).stdout
    return out.decode("utf-8").replace(" ", "").replace("\n", "")  # a line break may fall inside a figure


def _case(staffed, **kw):
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=make_position(staffed.company, "销售主管"))
    staffed.lisi.refresh_from_db()
    case = in_handover(staffed, **kw)
    type(case).objects.filter(pk=case.pk).update(reason=REASON)
    case.refresh_from_db()
    return case


def _freeze(case, staffed):
    inputs = {**settlement_services.default_inputs(case), "exempt_ceiling": "447624.00",
              "exempt_ceiling_source": "测试"}
    draft = settlement_services.save_draft(case, inputs, acting_user=staffed.users["hrbp_sales"])
    return settlement_services.approve(draft, acting_user=staffed.users["approver"])


def test_the_certificate_has_exactly_the_articles_items_and_no_reason(staffed):
    case = _case(staffed)
    # the handover has not even started: the certificate is never held back by it (LCL 50)
    assert case.handover_items.filter(status="open").count() == 6
    doc = document_services.generate(case, "certificate", acting_user=staffed.users["hrbp_sales"], confirm_early=True)
    text = pdf_text(doc.pdf.read())
    last = case.separation_date
    assert "解除劳动合同证明书" in text
    assert "劳动合同期限" in text and "2020年3月1日" in text
    assert f"解除劳动合同的日期：{last.year}年{last.month}月{last.day}日" in text
    assert "工作岗位：销售主管" in text
    assert "在本单位的工作年限：" in text and "年" in text
    assert REASON not in text and "协商一致" not in text and "事由" not in text and "原因" not in text
    assert set(KINDS["certificate"].allowed) == {
        "company_name", "employee_name", "end_kind", "contract_term", "last_day", "position", "service_years",
        "issue_date", "employee_number"}  # no placeholder could carry a reason
    # each file's SHA-256 in the ledger
    doc.pdf.seek(0)
    entry = json.loads(LedgerEntry.objects.get(event="document.generated").payload)
    assert entry["pdf_sha256"] == hashlib.sha256(doc.pdf.read()).hexdigest() == doc.pdf_sha256
    assert entry["docx_sha256"] == doc.docx_sha256


def test_the_agreement_carries_every_amount_in_figures_and_capitals(staffed):
    case = _case(staffed, extra=D("8888.80"))
    frozen = _freeze(case, staffed)
    doc = document_services.generate(case, "mutual_agreement", acting_user=staffed.users["hrbp_sales"], options={
        "payment_date": case.separation_date, "non_compete_months": 12, "non_compete_monthly": D(6000)})
    text = pdf_text(doc.pdf.read())
    incomes = [ln for ln in frozen.sheet["lines"] if ln["kind"] == "income"]
    assert len(incomes) >= 3
    for line in incomes:
        assert f"{D(line['amount']):,.2f}" in text, line
        assert chinese_capital(line["amount"]) in text, line
    total = sum(D(ln["amount"]) for ln in incomes)
    assert f"{total:,.2f}" in text and chinese_capital(total) in text
    for required in ("《劳动合同法》第三十六条", "经甲方提出", "工作交接", "十五日", "档案和社会保险关系转移",
                     "竞业限制", "12个月", "陆仟元整", "再无其他劳动争议", "统一社会信用代码"):
        assert required in text, required
    si = f"{case.separation_date.year}年{case.separation_date.month}月"
    assert si in text


def test_a_non_compete_the_law_does_not_allow_is_refused(staffed):
    case = _case(staffed)
    with pytest.raises(DocumentError, match="二年"):
        document_services.generate(case, "mutual_agreement", acting_user=staffed.users["hrbp_sales"],
                                   options={"non_compete_months": 25, "non_compete_monthly": D(9000)})
    with pytest.raises(DocumentError, match="30%"):  # wages 12,000: at least 3,600 a month
        document_services.generate(case, "mutual_agreement", acting_user=staffed.users["hrbp_sales"],
                                   options={"non_compete_months": 12, "non_compete_monthly": D(3000)})


def test_every_other_kind_renders_in_one_libreoffice_process(staffed, monkeypatch):
    from farewell.cases import services
    from tests.factories import record_notice

    case = _case(staffed)
    _freeze(case, staffed)
    calls = []
    real = subprocess.Popen

    def counting_popen(command, *args, **kwargs):
        calls.append(command)
        return real(command, *args, **kwargs)

    monkeypatch.setattr(common_documents.subprocess, "Popen", counting_popen)
    notice = record_notice(staffed.zhaoliu, actor=staffed.users["hrbp_sales"],
                           notice_date=timezone.localdate() - dt.timedelta(days=1))
    services.acknowledge_notice(notice, actor=staffed.users["hrbp_sales"])
    notice.refresh_from_db()
    pairs = [(case, "mutual_agreement"), (case, "handover_confirmation"), (case, "settlement_sheet"),
             (notice, "resignation_receipt")]
    problems = document_services.generate_many(pairs, acting_user=staffed.users["hrbp_sales"])
    assert problems == []
    assert len(calls) == 1 and sum(1 for part in calls[0] if part.endswith(".docx")) == 4
    texts = {d.kind: pdf_text(d.pdf.read()) for d in case.offboarding_documents.all()}
    assert "《劳动合同法》第三十六条" in texts["mutual_agreement"] and "协商一致" in texts["mutual_agreement"]
    assert "在办工作与项目进度" in texts["handover_confirmation"] and "接收人" in texts["handover_confirmation"]
    sheet = settlement_services.frozen(case)
    assert chinese_capital(sheet.sheet["net"]) in texts["settlement_sheet"]
    assert sheet.sheet_sha256 in texts["settlement_sheet"]
    receipt = pdf_text(notice.offboarding_documents.get().pdf.read())
    assert "辞职通知回执" in receipt and "第三十七条" in receipt


def test_the_settlement_sheet_waits_for_approval(staffed):
    case = _case(staffed)
    with pytest.raises(DocumentError, match="批准后"):
        document_services.generate(case, "settlement_sheet", acting_user=staffed.users["hrbp_sales"])


def test_a_field_that_would_print_empty_is_refused(staffed):
    case = _case(staffed)  # 李四 has a position; 赵六 none
    Employee.objects.filter(pk=staffed.lisi.pk).update(position=None)
    case.employee.refresh_from_db()
    with pytest.raises(DocumentError, match="position"):
        document_services.generate(case, "certificate", acting_user=staffed.users["hrbp_sales"], confirm_early=True)


def test_libreoffice_missing_names_the_package(monkeypatch):
    monkeypatch.setattr(common_documents, "SOFFICE", "/nonexistent/soffice")
    with pytest.raises(DocumentError, match="libreoffice-writer-nogui"):
        common_documents.docx_to_pdf(default_docx("certificate"))


# --- templates ----------------------------------------------------------------------------------


def _docx_with(text: str) -> bytes:
    from docx import Document

    document = Document()
    for line in text.split("\n"):
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_every_shipped_default_passes_its_own_validation():
    for kind in KINDS:
        document_services.check_template(kind, default_docx(kind))


def test_an_upload_with_unknown_or_missing_placeholders_is_refused_with_the_list(staffed):
    company, admin = staffed.company, staffed.users["hr_admin"]
    bad = _docx_with("{{ employee_name }} {{ reason }} {{ company_name }} {{ last_day }}")
    with pytest.raises(document_services.TemplateRefused) as refused:
        document_services.upload_template(company, "certificate", bad, "证明.docx", acting_user=admin)
    text = " ".join(refused.value.problems)
    assert "reason" in text
    for missing in ("contract_term", "position", "service_years", "end_kind", "issue_date"):
        assert missing in text
    with pytest.raises(document_services.TemplateRefused, match="DOCX"):
        document_services.upload_template(company, "certificate", b"%PDF-1.4 not a docx", "x.docx", acting_user=admin)
    broken = _docx_with("{{ employee_name ")
    with pytest.raises(document_services.TemplateRefused):
        document_services.upload_template(company, "certificate", broken, "x.docx", acting_user=admin)
    assert not LedgerEntry.objects.filter(event="document.template_uploaded").exists()


def test_an_uploaded_version_is_used_and_recorded(staffed):
    company, admin = staffed.company, staffed.users["hr_admin"]
    text = ("我公司证明 {{ employee_name }}：{{ contract_term }}；{{ end_kind }}于{{ last_day }}；岗位 {{ position }}；"
            "年限 {{ service_years }}。{{ company_name }} {{ issue_date }}")
    data = _docx_with(text)
    version = document_services.upload_template(company, "certificate", data, "我的证明.docx", acting_user=admin)
    assert version.version == 1 and version.sha256 == hashlib.sha256(data).hexdigest()
    entry = json.loads(LedgerEntry.objects.get(event="document.template_uploaded").payload)
    assert entry["sha256"] == version.sha256 and entry["version"] == 1
    case = _case(staffed)
    doc = document_services.generate(case, "certificate", acting_user=staffed.users["hrbp_sales"], confirm_early=True)
    assert doc.template_version == version and "我公司证明" in pdf_text(doc.pdf.read())
    with zipfile.ZipFile(io.BytesIO(doc.docx.read())) as archive:
        assert "李四" in archive.read("word/document.xml").decode()


def test_a_civil_servants_letters_cite_the_civil_service_law(staffed):
    from farewell.cases import services
    from farewell.cases.models import SeparationCase
    from tests.factories import make_employee

    hr = staffed.users["hrbp_sales"]
    clerk = make_employee(staffed.sales, "孙九", manager=staffed.boss, employment_type="civil_servant",
                          position=make_position(staffed.company, "科员"))
    leaver = make_employee(staffed.sales, "周十", manager=staffed.boss, employment_type="civil_servant",
                           position=make_position(staffed.company, "科员"))
    dismissal = services.open_case(clerk, "cs_dismissal", actor=hr, ground="cs_dismissal_absence",
                                   separation_date=timezone.localdate() + dt.timedelta(days=30))
    resignation = services.open_case(leaver, "cs_resignation", actor=hr,
                                     separation_date=timezone.localdate() + dt.timedelta(days=30))
    SeparationCase.objects.filter(pk__in=[dismissal.pk, resignation.pk]).update(status="approved")
    dismissal.refresh_from_db()
    resignation.refresh_from_db()
    assert "certificate" not in document_services.kinds_for(dismissal)  # no labour-contract documents
    assert document_services.generate_many([(dismissal, "cs_dismissal_decision"),
                                            (resignation, "cs_resignation_approval")], acting_user=hr) == []
    decision = pdf_text(dismissal.offboarding_documents.get().pdf.read())
    assert "辞退决定书" in decision and "第八十八条第（五）项" in decision and "旷工" in decision
    assert "辞退费" in decision and "第九十五条" in decision and "复核" in decision
    approval = pdf_text(resignation.offboarding_documents.get().pdf.read())
    assert "同意你辞去公职" in approval and "第八十五条" in approval and "公务交接" in approval
