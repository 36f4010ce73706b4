"""The civil-service case's state changes (STYLE 2: keyword-only actor, one transaction, the ledger row
inside it): HR answers a CSL 86 / CSL 89 checklist item, says whether the person is a leading member
(the CSL 85 period), records the delivery of the written 辞退决定 (CSL 90); a civil servant applies to
resign (CSL 85) from the portal. The rules themselves are in civil_service.py."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from farewell.org.models import Employee, StatusKind

from . import civil_service, services
from .civil_service_models import CivilServiceAnswer, DecisionDelivery, DeliveryMethod
from .models import CaseType, SeparationCase, Via
from .uploads import DocumentError, check_document
from .workflow import CaseError, StaleState


def evidence_label() -> str:
    return _("证明材料")


def delivery_label() -> str:
    return _("送达凭证")


def _claim(case: SeparationCase, statuses) -> None:
    """The conditional update every change here starts with: the case is still in one of `statuses`."""
    if not SeparationCase.objects.filter(pk=case.pk, status__in=list(statuses)).update(updated_at=timezone.now()):
        raise StaleState(_("案件状态已变化，修改未保存。请刷新页面后再试。"))


def _store(row, field: str, upload, checked) -> dict:
    """Keep the uploaded file on the row (never under a path we build for MEDIA_URL); the ledger facts."""
    getattr(row, field).save(f"{row.code}{Path(checked.name).suffix.lower()}", upload, save=False)
    type(row).objects.filter(pk=row.pk).update(**{field: getattr(row, field).name, "document": checked.name[:200],
                                                 "document_sha256": checked.sha256})
    row.document, row.document_sha256 = checked.name[:200], checked.sha256
    return {"document": checked.name, "document_sha256": checked.sha256, "document_size": checked.size,
            "document_type": checked.content_type}


def answer_item(case: SeparationCase, item: str, answer: bool, *, actor, note: str = "",
                document_file=None) -> CivilServiceAnswer:
    """HR's answer to one checklist item (a new row; the latest counts); the engine runs again, so a "yes"
    blocks at once (services.evaluate → civil_service.checks)."""
    spec = civil_service.item_for(case, item)
    if spec is None:
        raise CaseError(_("此案件没有该核查事项"))
    if case.status not in civil_service.ANSWER_STATUSES:
        raise CaseError(_("案件已结束审批，不能再修改核查事项"))
    if not answer:
        on_record = sorted(set(civil_service.RECORDED_BARS.get(item, ())) & set(
            services.protected_statuses_on(case.employee, max(case.separation_date, timezone.localdate()))))
        if on_record:
            # The records say otherwise: a "no" would stand beside the engine's "不得辞退" on the same page.
            raise CaseError(_("记录显示本人处于特殊保护期（%(kinds)s），此项不能答“否”。如记录有误，请先在员工档案的"
                              "特殊保护期中更正。") % {"kinds": "、".join(str(dict(StatusKind.choices).get(k, k)) for k in on_record)})
    checked = None
    if document_file is not None:
        try:
            checked = check_document(document_file, field=evidence_label())
        except DocumentError as exc:
            raise CaseError(str(exc)) from None
    stored = None
    try:
        with transaction.atomic():
            _claim(case, civil_service.ANSWER_STATUSES)
            row = CivilServiceAnswer.objects.create(case=case, item=item, answer=answer, note=(note or "").strip(),
                                                    answered_by=actor)
            document = {}
            if checked is not None:
                document = _store(row, "document_file", document_file, checked)
                stored = row.document_file.name
            services._record(case, "case.cs_answer", {
                "answer_row": row.code, "item": item, "article": spec.article, "text": str(spec.text),
                "answer": answer, "note": row.note, **document,
            }, actor=actor)
            services.run_engine(case, actor=actor)
    except Exception:
        if stored:
            CivilServiceAnswer.document_file.field.storage.delete(stored)
        raise
    return row


def set_leading_member(case: SeparationCase, leading_member: bool, *, actor) -> SeparationCase:
    """Whether the applicant is a leading member (领导成员): the CSL 85 period is 90 days, not 30."""
    if case.case_type != CaseType.CS_RESIGNATION:
        raise CaseError(_("只有辞去公职的申请区分领导成员"))
    if case.status not in civil_service.UNDECIDED_STATUSES:
        raise CaseError(_("申请已审批完毕，不能再修改"))
    with transaction.atomic():
        before = case.leading_member
        if not SeparationCase.objects.filter(pk=case.pk, status__in=list(civil_service.UNDECIDED_STATUSES)).update(
                leading_member=leading_member, updated_at=timezone.now()):
            raise StaleState(_("案件状态已变化，修改未保存。请刷新页面后再试。"))
        case.leading_member = leading_member
        services._record(case, "case.cs_leading_member", {
            "old": before, "new": leading_member, "approval_days": civil_service.approval_days(case),
            "approval_due": civil_service.approval_due(case),
        }, actor=actor)
    return case


def record_delivery(case: SeparationCase, *, actor, decided_on: dt.date, delivered_on: dt.date, method: str,
                    document_file, note: str = "", today: dt.date | None = None) -> DecisionDelivery:
    """The written 辞退决定 was given to the person (CSL 90): when it was made and delivered, how, and the
    proof (a signed receipt, a postal record, the public notice). A correction is a new row. After the limit
    of 公务员辞退规定 第十条 it is recorded as late, and only with the reason for the delay in `note`."""
    today = today or timezone.localdate()
    if case.case_type != CaseType.CS_DISMISSAL:
        raise CaseError(_("只有辞退案件需要送达辞退决定"))
    if case.status not in civil_service.DELIVERY_STATUSES:
        raise CaseError(_("辞退经批准后才能送达辞退决定"))
    if method not in DeliveryMethod.values:
        raise CaseError(_("请选择送达方式"))
    if decided_on is None or delivered_on is None:
        raise CaseError(_("请填写辞退决定作出日期和送达日期"))
    if delivered_on < decided_on:
        raise CaseError(_("送达日期不能早于辞退决定作出日期"))
    if delivered_on > today or decided_on > today:
        raise CaseError(_("送达日期不能晚于今天（%(day)s）：尚未送达的不能登记") % {"day": today})
    refusal, due, late = civil_service.delivery_refusal(case, decided_on=decided_on, delivered_on=delivered_on,
                                                        note=note)
    if refusal:
        raise CaseError(refusal)
    try:
        checked = check_document(document_file, field=delivery_label())
    except DocumentError as exc:
        raise CaseError(str(exc)) from None
    stored = None
    try:
        with transaction.atomic():
            _claim(case, civil_service.DELIVERY_STATUSES)
            row = DecisionDelivery.objects.create(case=case, decided_on=decided_on, delivered_on=delivered_on,
                                                  method=method, note=(note or "").strip(), recorded_by=actor,
                                                  due_date=due, late=late)
            document = _store(row, "document_file", document_file, checked)
            stored = row.document_file.name
            services._record(case, "case.cs_decision_delivered", {
                "delivery": row.code, "decided_on": decided_on, "delivered_on": delivered_on, "method": method,
                "note": row.note, "article": civil_service.CSL + "第九十条", "due_date": due, "late": late,
                "due_rule": civil_service.DELIVERY_RULE, **document,
            }, actor=actor)
    except Exception:
        if stored:
            DecisionDelivery.document_file.field.storage.delete(stored)
        raise
    return row


def apply_for_resignation(employee: Employee, *, actor, reason: str = "",
                          today: dt.date | None = None) -> SeparationCase:
    """A civil servant's written application to resign (CSL 85), given in the portal: received today; the
    organ's approval period runs from today. The last day is a proposal: the end of that period."""
    refusal = services.employment_end_refusal(employee)
    if refusal:
        raise CaseError(refusal)
    today = today or timezone.localdate()
    return services.open_case(
        employee, CaseType.CS_RESIGNATION, actor=actor, via=Via.PORTAL, notice_date=today,
        separation_date=today + dt.timedelta(days=civil_service.APPROVAL_DAYS), reason=reason)
