"""The resignation receipt: the employee's proof of notice (issue 19).

When an employee gives notice in the portal, the text of the notice — who, to which employer, on
what legal basis, the notice date, the last day and the reason given — is written to the ledger in
the same transaction as the case, with its SHA-256 (`NOTICE_EVENT` on the case). The entry's time
is the time the employer received the notice.

The receipt is a PDF of that entry: the time received, the notice text, its SHA-256 and the entry's
seq and hashes. Each receipt issued is itself a ledger entry (`RECEIPT_EVENT`, object type
`ledger.package.DOCUMENT_TYPE`) whose object id is the PDF's SHA-256, so
`farewell ledger verify-package receipt.pdf` finds it in the installation's ledger (a changed
byte fails). The receipt package (ZIP: the PDF, the notice text, a manifest with both entries)
follows portal/employee_copy.py: verify-package checks it against the ledger or on its own.

A notice handed to HR on paper (a resignation case HR recorded, with or without the scan) gets the
same receipt. Its text is HR's record of the notice — who, the notice date, the last day, the
scan's SHA-256, when HR recorded it and the `case.opened` entry — written to the ledger
(`PAPER_NOTICE_EVENT`) when the first receipt is issued, and again only if HR has since changed
those facts on the case: the receipt always prints the latest record. HR downloads it from the case
page to hand to the employee; the employee downloads it in the portal like a portal notice's.
"""

from __future__ import annotations

import io
import json
import zipfile
from dataclasses import dataclass

from django.conf import settings
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from farewell.cases import civil_service_actions, services
from farewell.cases.models import CaseType, SeparationCase, Via
from farewell.common.documents import html_to_pdf
from farewell.common.labels import local_time
from farewell.ledger.canonical import canonical_json, sha256_hex, utc_timestamp
from farewell.ledger.models import LedgerEntry
from farewell.ledger.package import DOCUMENT_TYPE, ENTRY_FIELDS, FORMAT, MANIFEST, file_sha256
from farewell.ledger.services import record
from farewell.org.models import Employee

NOTICE_TYPE = services.LEDGER_TYPE  # the case: its history (and HR's evidence package) holds the notice
NOTICE_EVENT = "portal.notice_text"
PAPER_NOTICE_EVENT = "portal.paper_notice_recorded"
RECEIPT_EVENT = "portal.receipt.issued"
NOTICE_FILE = "notice.txt"
RECEIPT_FILE = "receipt.pdf"

# The notice is a legal record, kept in Chinese whatever language the page is read in: its hash is
# taken over exactly these words. LCL 37 for a labour contract, CSL 85 for a civil servant.
LABOUR_NOTICE = (
    "辞职通知\n\n"
    "致：{company}\n\n"
    "本人{name}（工号：{number}）依据《中华人民共和国劳动合同法》第三十七条，以书面形式通知单位：本人提出解除劳动合同。\n"
    "通知日期：{notice_date}\n"
    "劳动合同解除日（最后一天）：{separation_date}\n"
    "离职原因：{reason}\n\n"
    "本通知由本人通过 Farewell 员工自助页面提交。\n"
)
CIVIL_APPLICATION = (
    "辞去公职申请\n\n"
    "致：{company}\n\n"
    "本人{name}（工号：{number}）依据《中华人民共和国公务员法》第八十五条，向任免机关提出辞去公职的书面申请。\n"
    "申请日期：{notice_date}\n"
    "理由：{reason}\n\n"
    "本申请由本人通过 Farewell 员工自助页面提交。\n"
)

# HR's record of a written notice handed in on paper (LCL 37), the text of its receipt.
PAPER_NOTICE = (
    "辞职通知登记\n\n"
    "单位：{company}\n\n"
    "{name}（工号：{number}）以书面形式向单位递交辞职通知，依据《中华人民共和国劳动合同法》第三十七条解除劳动合同。\n"
    "书面通知日期：{notice_date}\n"
    "劳动合同解除日（最后一天）：{separation_date}\n"
    "离职原因：{reason}\n"
    "书面通知扫描件：{evidence}\n\n"
    "本通知由单位人力资源部于 {recorded_at}（北京时间）在 Farewell 登记，证据链记录序号 {seq}。\n"
)


def notice_text(case: SeparationCase) -> str:
    employee = case.employee
    template = CIVIL_APPLICATION if case.is_civil_service else LABOUR_NOTICE
    return template.format(
        company=case.company.name, name=employee.name, number=employee.employee_number,
        notice_date=(case.notice_date or timezone.localdate()).isoformat(),
        separation_date=case.separation_date.isoformat() if case.separation_date else "—",
        reason=(case.reason or "").strip() or "（未填写）",
    )


def give_notice(employee: Employee, *, actor, reason: str, notice_date=None) -> SeparationCase:
    """The portal's notice (LCL 37) or civil servant's application (CSL 85), with its text on the ledger."""
    with transaction.atomic():
        if employee.rule_pack == "CN-civil-service":
            case = civil_service_actions.apply_for_resignation(employee, actor=actor, reason=reason)
        else:
            case = services.give_notice(employee, actor=actor, notice_date=notice_date, reason=reason)
        text = notice_text(case)
        record(NOTICE_TYPE, case.code, {
            "case": case.code, "employee": employee.code, "text": text, "sha256": sha256_hex(text),
            "notice_date": case.notice_date, "separation_date": case.separation_date,
            "basis": "CSL 85" if case.is_civil_service else "LCL 37",
        }, actor=actor, event=NOTICE_EVENT)
    return case


def notice_entry(case: SeparationCase | None) -> LedgerEntry | None:
    """The ledger entry holding the case's notice text: the portal notice's, else HR's latest record of
    a paper notice (None until the first receipt of a paper notice is issued)."""
    if case is None:
        return None
    entries = LedgerEntry.objects.filter(object_type=NOTICE_TYPE, object_id=str(case.code))
    return (entries.filter(event=NOTICE_EVENT).order_by("seq").first()
            or entries.filter(event=PAPER_NOTICE_EVENT).order_by("-seq").first())


def is_paper_notice(case: SeparationCase | None) -> bool:
    """A resignation HR recorded (a notice handed in on paper), not one given in the portal."""
    return case is not None and case.case_type == CaseType.RESIGNATION and case.via != Via.PORTAL


def receipt_available(case: SeparationCase | None) -> bool:
    """A receipt can be issued: the notice was given in the portal, or HR recorded one on paper."""
    return is_paper_notice(case) or notice_entry(case) is not None


def _paper_facts(case: SeparationCase) -> dict:
    return {"notice_date": case.notice_date, "separation_date": case.separation_date,
            "notice_evidence_sha256": case.notice_evidence_sha256 or None, "reason": (case.reason or "").strip()}


def paper_notice_entry(case: SeparationCase, *, actor) -> LedgerEntry:
    """HR's record of the paper notice as the receipt's text: the latest one, or a new one when the case's
    notice facts changed since (or none was written yet). Call inside a transaction."""
    facts = _paper_facts(case)
    latest = (LedgerEntry.objects.filter(object_type=NOTICE_TYPE, object_id=str(case.code), event=PAPER_NOTICE_EVENT)
              .order_by("-seq").first())
    if latest is not None and json.loads(latest.payload).get("facts") == json.loads(canonical_json(facts)):
        return latest
    opened = (LedgerEntry.objects.filter(object_type=NOTICE_TYPE, object_id=str(case.code), event="case.opened")
              .order_by("seq").first())
    employee = case.employee
    evidence = (f"{case.notice_evidence}（SHA-256 {case.notice_evidence_sha256}）" if case.notice_evidence_sha256
                else "（未上传）")
    text = PAPER_NOTICE.format(
        company=case.company.name, name=employee.name, number=employee.employee_number,
        notice_date=case.notice_date.isoformat() if case.notice_date else "—",
        separation_date=case.separation_date.isoformat() if case.separation_date else "—",
        reason=facts["reason"] or "（未填写）", evidence=evidence,
        recorded_at=local_time(opened.timestamp if opened else case.created_at, "%Y-%m-%d %H:%M:%S"),
        seq=opened.seq if opened else "—",
    )
    return record(NOTICE_TYPE, case.code, {
        "case": case.code, "employee": employee.code, "text": text, "sha256": sha256_hex(text),
        "notice_date": case.notice_date, "separation_date": case.separation_date, "basis": "LCL 37",
        "recorded_by": "hr", "facts": facts,
        "opened_entry": {"seq": opened.seq, "entry_hash": opened.entry_hash} if opened else None,
    }, actor=actor, event=PAPER_NOTICE_EVENT)


@dataclass(frozen=True)
class Receipt:
    pdf: bytes
    text: str
    notice: LedgerEntry
    issued: LedgerEntry


def _entry_fields(entry: LedgerEntry) -> dict:
    return {f: getattr(entry, f) for f in ENTRY_FIELDS}


def issue_receipt(case: SeparationCase, *, actor) -> Receipt:
    """Print the receipt of the case's notice and record its issue (the PDF's SHA-256 as object id)."""
    entry = notice_entry(case)
    paper = entry is None or entry.event == PAPER_NOTICE_EVENT
    if paper and not is_paper_notice(case):
        raise LookupError("no notice text on the ledger for this case")
    if paper:
        with transaction.atomic():
            entry = paper_notice_entry(case, actor=actor)
    payload = json.loads(entry.payload)
    text = payload["text"]
    received = entry.timestamp
    if paper and payload.get("opened_entry"):
        # A paper notice was received when HR recorded it (the case's opening), not when a receipt was asked for.
        received = LedgerEntry.objects.get(seq=payload["opened_entry"]["seq"]).timestamp
    now = timezone.now()
    html = render_to_string("portal/resignation_receipt.html", {
        "case": case, "employee": case.employee, "text": text, "text_sha256": payload["sha256"],
        "entry": entry, "received_at": local_time(received, "%Y-%m-%d %H:%M:%S"),
        "issued_at": timezone.localtime(now), "civil": case.is_civil_service, "paper": paper,
    })
    pdf = html_to_pdf(html, base_url=f"file://{settings.BASE_DIR}/")
    digest = file_sha256(pdf)
    with transaction.atomic():
        issued = record(DOCUMENT_TYPE, digest, {
            "kind": "resignation_receipt", "case": case.code, "employee": case.employee.code,
            "notice_entry": {"seq": entry.seq, "entry_hash": entry.entry_hash},
            "files": {RECEIPT_FILE: digest, NOTICE_FILE: file_sha256(text.encode("utf-8"))},
        }, actor=actor, event=RECEIPT_EVENT)
    return Receipt(pdf=pdf, text=text, notice=entry, issued=issued)


def receipt_package(receipt: Receipt, case: SeparationCase) -> bytes:
    """The receipt, the notice text and a manifest, as employee_copy's ZIP: verify-package checks it."""
    files = [(RECEIPT_FILE, receipt.pdf, receipt.issued), (NOTICE_FILE, receipt.text.encode("utf-8"), receipt.notice)]
    manifest = {
        "format": FORMAT,
        "copy": "resignation_receipt",
        "case": str(case.code),
        "employee": str(case.employee.code),
        "created_at": utc_timestamp(timezone.now()),
        "export_entry": {"seq": receipt.issued.seq, "entry_hash": receipt.issued.entry_hash},
        "files": [{"path": path, "sha256": file_sha256(data), "size": len(data),
                   "ledger": {"seq": entry.seq, "entry_hash": entry.entry_hash}} for path, data, entry in files],
        "withheld": [],
        "ledger_entries": [_entry_fields(receipt.notice), _entry_fields(receipt.issued)],
        "how_to_verify": "farewell ledger verify-package FILE (the PDF alone, or this ZIP); notice.txt's sha256 is "
                         "the one in the notice entry's payload, receipt.pdf's the receipt entry's object_id",
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for path, data, _entry in files:
            archive.writestr(path, data)
        archive.writestr(MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=2, sort_keys=True))
    return buffer.getvalue()


def file_stem(case: SeparationCase) -> str:
    return f"resignation-receipt-{case.employee.employee_number}-{timezone.localtime():%Y%m%d-%H%M%S}"
