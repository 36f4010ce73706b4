"""What offboarding does when the cases app signals (farewell.cases.signals)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.common.templatetags.punct import enumeration_comma
from farewell.ledger.services import record

from . import duties, esign_services, former, handover, settlement_services
from .document_services import DOCUMENT_LEDGER_TYPE
from .models import (
    GeneratedDocument,
    HandoverItem,
    Payment,
    PostExitDuty,
    SettlementStatus,
    SignatureRequest,
    SignatureStatus,
)


def prepare(case, *, acting_user) -> tuple[int, int]:
    """Build the case's checklist and its post-exit duties when it has none yet (inside the caller's
    transaction); returns (items created, duties created)."""
    items = [] if case.handover_items.exists() else handover.build_items(case)
    planned = [] if case.post_exit_duties.exists() else duties.build_duties(case)
    HandoverItem.objects.bulk_create(items)
    PostExitDuty.objects.bulk_create(planned)
    if items or planned:
        record("cases.separationcase", case.code, {
            "case": case.code, "employee": case.employee.code,
            "items": [{"title": i.title, "due_date": i.due_date, "blocks_closing": i.blocks_closing,
                       "receiver": i.receiver.username if i.receiver else None} for i in items],
            "duties": [{"kind": d.kind, "due_date": d.due_date} for d in planned],
        }, actor=acting_user, event="offboarding.prepared")
    return len(items), len(planned)


def prepare_offboarding(sender, case, acting_user, **kwargs) -> None:
    prepare(case, acting_user=acting_user)


def close_refusals(sender, case, **kwargs) -> list[str]:
    """A case closes only when every post-exit duty is done or waived and every blocking item confirmed."""
    reasons = []
    open_duties = duties.open_duties(case)
    if open_duties:
        reasons.append(_("离职后事项未完成：%(list)s") % {"list": "、".join(d.get_kind_display() for d in open_duties)})
    blocking = handover.blocking_open(case)
    if blocking:
        reasons.append(_("交接事项未确认：%(list)s") % {"list": "、".join(blocking)})
    return reasons


def reopen_refusals(sender, case, **kwargs) -> list[str]:
    """What cannot be undone by taking an approved case back into review (重新提交审批): a settlement approved
    (frozen: its hash is in the ledger and payroll works from it) and not yet being revised, a payment made, a document sent for signature
    or signed (the employee has it). A draft settlement, a generated but unsent document and the handover
    checklist do not refuse: they wait for the new approval (HR revises them on the new figures)."""
    reasons = []
    # The latest version only: once HR opened the next version of an approved sheet (新建版本, with its reason in
    # the ledger) the frozen one is being replaced, and the new one is approved after the case's new approval
    # (a payment made on the frozen one still refuses, below).
    latest = settlement_services.current(case)
    if latest is not None and latest.status == SettlementStatus.FROZEN:
        reasons.append(_("离职结算单第 %(version)s 版已批准（冻结）：如需按新数据重新审批，请先在离职结算单上写明原因“新建版本”")
                       % {"version": latest.version})
    paid = Payment.objects.filter(settlement__case=case).count()
    if paid:
        reasons.append(_("已登记 %(count)s 笔支付") % {"count": paid})
    sent = (SignatureRequest.objects.filter(document__case=case, status__in=[SignatureStatus.SENT, SignatureStatus.SIGNED])
            .select_related("document").order_by("created_at", "id"))
    kinds = list(dict.fromkeys(s.document.get_kind_label() for s in sent))
    if kinds:
        reasons.append(_("文书已发出签署或已签署：%(list)s") % {"list": enumeration_comma().join(kinds)})
    return reasons


def sweep(sender, today, **kwargs) -> list[str]:
    """`farewell sweep`: overdue handover items and post-exit duties due soon remind, once a day each."""
    return [f"handover reminders: {handover.remind_overdue(today=today)}",
            f"post-exit duty reminders: {duties.remind(today=today)}",
            f"former-employee logins expired: {former.expire(today=today)}"]


def evidence_files(sender, case, **kwargs) -> list[dict]:
    """The case's generated documents (PDF) for its evidence package, each vouched for by its ledger entry."""
    files = []
    for document in GeneratedDocument.objects.filter(case=case).exclude(pdf="").order_by("created_at", "id"):
        with document.pdf.open("rb") as handle:
            data = handle.read()
        files.append({"path": f"documents/{document.kind}-{document.code}.pdf", "data": data,
                      "object_type": DOCUMENT_LEDGER_TYPE, "object_id": document.code, "event": "document.generated"})
    for sig in SignatureRequest.objects.filter(document__case=case).exclude(signed_file="").select_related(
            "document").order_by("created_at", "id"):
        with sig.signed_file.open("rb") as handle:
            data = handle.read()
        event = "signature.wet_uploaded" if sig.provider == "wet" else "signature.completed"
        files.append({"path": f"signed/{sig.document.kind}-{sig.code}{sig.signed_file.name[-4:]}", "data": data,
                      "object_type": esign_services.LEDGER_TYPE, "object_id": sig.code, "event": event})
    return files
