"""A resignation notice's date (LCL 37) and the evidence for one received earlier.

The portal dates a notice the day it is given. HR may record a written notice handed in before
the case was entered (a letter on a desk, an e-mail over a weekend): its date may then lie in the
past, but only with the scan of the notice, whose SHA-256 goes into the ledger, so the record shows
on what the earlier date rests. A notice dated in the future is not a notice received.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.utils import timezone
from django.utils.translation import gettext as _

from .uploads import CheckedDocument, DocumentError, check_document
from .workflow import CaseError


class NoticeError(CaseError):
    """A notice date or scan that is refused; `field` names the form field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


def evidence_label() -> str:
    return _("书面辞职通知扫描件")


def check_notice(notice_date: dt.date, evidence, *, recorded_on: dt.date, portal: bool,
                 has_evidence: bool = False) -> CheckedDocument | None:
    """Refuse a notice date the record cannot stand on; the checked scan when one was given."""
    if notice_date > recorded_on:
        raise NoticeError(_("书面通知日：不能晚于登记日（%(day)s）——尚未收到的通知不能登记") % {"day": recorded_on},
                          "notice_date")
    checked = None
    if evidence is not None:
        try:
            checked = check_document(evidence, field=evidence_label())
        except DocumentError as exc:
            raise NoticeError(str(exc), "notice_evidence") from None
    if notice_date < recorded_on:
        if portal:
            raise NoticeError(_("书面通知日：通过员工自助提交的辞职通知以提交当天为通知日"), "notice_date")
        if checked is None and not has_evidence:
            raise NoticeError(_("书面通知日：早于登记日（%(day)s）的通知须上传%(label)s作为证据") % {
                "day": recorded_on, "label": evidence_label()}, "notice_evidence")
    return checked


def store_evidence(case, upload, checked: CheckedDocument) -> dict:
    """Keep the scan on the case (narrow update); the facts for the ledger entry."""
    case.notice_evidence_file.save(f"{case.code}{Path(checked.name).suffix.lower()}", upload, save=False)
    case.notice_evidence, case.notice_evidence_sha256 = checked.name[:200], checked.sha256
    type(case).objects.filter(pk=case.pk).update(
        notice_evidence=case.notice_evidence, notice_evidence_file=case.notice_evidence_file.name,
        notice_evidence_sha256=case.notice_evidence_sha256)
    return {"notice_evidence": checked.name, "notice_evidence_sha256": checked.sha256,
            "notice_evidence_size": checked.size, "notice_evidence_type": checked.content_type}


def recorded_on(case) -> dt.date:
    return timezone.localdate(case.created_at) if case.created_at else timezone.localdate()
