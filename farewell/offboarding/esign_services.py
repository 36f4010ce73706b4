"""Signatures: a document sent through the e-signature provider, its callback, the signed PDF hashed into
the ledger; a wet-signed scan uploaded by HR, hashed the same way; a signed file checked against the ledger."""

from __future__ import annotations

import hashlib
import json

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts.models import User
from farewell.cases.models import CaseStatus
from farewell.common.notifications import notify
from farewell.common.wording import Words
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record

from . import esign
from .doc_kinds import KINDS
from .document_services import SUPERSEDED, superseded
from .models import GeneratedDocument, SignatureRequest, SignatureStatus

LEDGER_TYPE = "offboarding.signature"
# Documents the employee signs (the others are the employer's own letters).
SIGNABLE_KINDS = {"mutual_agreement", "settlement_sheet", "handover_confirmation"}
# Not yet approved, or ended without a separation: nothing is sent for signature.
NOT_SIGNABLE_STATUSES = {CaseStatus.DRAFT, CaseStatus.IN_REVIEW, CaseStatus.REJECTED, CaseStatus.WITHDRAWN}
MAX_SCAN_BYTES = 20 * 1024 * 1024
SCAN_MAGIC = (b"%PDF", b"\xff\xd8\xff", b"\x89PNG")


class SignatureError(Exception):
    pass


class Superseded(SignatureError):
    """The document predates the case's latest 重新提交审批 (document_services.superseded)."""


def _refuse_superseded(document: GeneratedDocument) -> None:
    if superseded(document):
        raise Superseded(_(SUPERSEDED))


def _sha(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def send(document: GeneratedDocument, *, acting_user) -> SignatureRequest:
    """Start a signing flow for the document with the employee as signer; the employee is notified."""
    provider = esign.provider()
    if provider is None:
        raise SignatureError(_("未配置电子签服务（FAREWELL_ESIGN_PROVIDER）"))
    if document.kind not in SIGNABLE_KINDS:
        raise SignatureError(_("此文书不需要员工签署"))
    if document.signatures.filter(status__in=(SignatureStatus.SENT, SignatureStatus.SIGNED)).exists():
        raise SignatureError(_("此文书已发起签署"))
    case = document.case
    _refuse_superseded(document)
    if case.status in NOT_SIGNABLE_STATUSES:
        # A document generated earlier (a draft to look at, or before the case was taken back into review by
        # 重新提交审批) goes to the employee only on an approved case: what they sign is what was approved.
        raise SignatureError(_("案件状态为“%(status)s”：审批通过后才能发给员工签署") % {
            "status": case.get_status_display()})
    with document.pdf.open("rb") as handle:
        pdf = handle.read()
    flow_id, url = provider.create_flow(title=f"{document.get_kind_label()}-{case.employee.name}", pdf=pdf,
                                        signers=[esign.Signer(case.employee.name, case.employee.phone)])
    with transaction.atomic():
        request = SignatureRequest.objects.create(document=document, provider=provider.name, flow_id=flow_id,
                                                  signer_url=url, created_by=acting_user)
        record(LEDGER_TYPE, request.code, {
            "case": case.code, "document": document.code, "provider": provider.name, "flow_id": flow_id,
            "pdf_sha256": document.pdf_sha256}, actor=acting_user, event="signature.requested")
        login = User.objects.filter(employee=case.employee, is_active=True).first()
        if login is not None:
            kind = KINDS.get(document.kind)
            notify(login, Words(gettext_noop("请签署：%(doc)s"), doc=kind.label if kind else document.kind),
                   Words(gettext_noop("请打开链接阅读并签署。")), link=url)
    return request


def receive_callback(provider_name: str, body: bytes, headers: dict) -> SignatureRequest:
    """The provider's status callback: authenticated by its signature; a completed flow's signed PDF is
    fetched, stored and its SHA-256 written to the ledger. A repeated callback changes nothing."""
    provider = esign.provider()
    if provider is None or provider.name != provider_name:
        raise esign.CallbackRefused("provider not configured")
    event = provider.parse_callback(body, headers)
    request = SignatureRequest.objects.select_related("document__case").filter(
        provider=provider_name, flow_id=event.flow_id).first()
    if request is None:
        raise esign.CallbackRefused(f"unknown flow {event.flow_id}")
    if request.status != SignatureStatus.SENT:
        return request
    now = timezone.now()
    with transaction.atomic():
        if event.status == "rejected":
            if SignatureRequest.objects.filter(pk=request.pk, status=SignatureStatus.SENT).update(
                    status=SignatureStatus.REJECTED, completed_at=now):
                request.status = SignatureStatus.REJECTED
                record(LEDGER_TYPE, request.code, {"document": request.document.code, "flow_id": event.flow_id,
                                                   "callback_sha256": _sha(body)},
                       actor=None, event="signature.rejected")
            return request
        data = provider.signed_file(event.flow_id)
        digest = _sha(data)
        request.signed_file.save(f"signed-{request.document.kind}-{request.code}.pdf", ContentFile(data), save=False)
        if not SignatureRequest.objects.filter(pk=request.pk, status=SignatureStatus.SENT).update(
                status=SignatureStatus.SIGNED, signed_file=request.signed_file.name, signed_sha256=digest,
                completed_at=now):
            return request
        request.status, request.signed_sha256, request.completed_at = SignatureStatus.SIGNED, digest, now
        record(LEDGER_TYPE, request.code, {
            "case": request.document.case.code, "document": request.document.code, "flow_id": event.flow_id,
            "sha256": digest, "callback_sha256": _sha(body)}, actor=None, event="signature.completed")
    return request


def upload_wet(document: GeneratedDocument, data: bytes, filename: str, *, acting_user) -> SignatureRequest:
    """A scan of the document signed on paper: a PDF or image, hashed into the ledger."""
    _refuse_superseded(document)
    if not data or len(data) > MAX_SCAN_BYTES:
        raise SignatureError(_("扫描件为空或超过20MB"))
    if not data.startswith(SCAN_MAGIC):
        raise SignatureError(_("扫描件须为PDF、JPEG或PNG文件"))
    digest = _sha(data)
    with transaction.atomic():
        request = SignatureRequest(document=document, provider="wet", status=SignatureStatus.SIGNED,
                                   signed_sha256=digest, original_name=filename[:200], created_by=acting_user,
                                   completed_at=timezone.now())
        request.signed_file.save(f"wet-{document.kind}-{request.code}{_suffix(data)}", ContentFile(data), save=False)
        request.save()
        record(LEDGER_TYPE, request.code, {"case": document.case.code, "document": document.code, "sha256": digest,
                                           "file_name": filename}, actor=acting_user, event="signature.wet_uploaded")
    return request


def _suffix(data: bytes) -> str:
    return ".pdf" if data.startswith(b"%PDF") else ".jpg" if data.startswith(b"\xff\xd8") else ".png"


def verify(request: SignatureRequest) -> bool:
    """The stored signed file still has the SHA-256 the ledger recorded (a tampered file fails)."""
    if not request.signed_file:
        return False
    entry = LedgerEntry.objects.filter(object_type=LEDGER_TYPE, object_id=str(request.code),
                                       event__in=("signature.completed", "signature.wet_uploaded")).first()
    if entry is None:
        return False
    with request.signed_file.open("rb") as handle:
        actual = _sha(handle.read())
    return actual == request.signed_sha256 == json.loads(entry.payload)["sha256"]
