"""Consents, legal holds and the retention schedule: every change in one transaction with its
ledger entry (docs/privacy.md)."""

from __future__ import annotations

import hashlib

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from farewell.cases.models import SeparationCase
from farewell.common import consent
from farewell.ledger.services import record
from farewell.org.models import Company, Employee, StatusPeriod

from . import retention
from .access import is_self
from .models import Consent, DataKind, LegalHold, Method, Purpose, RetentionRule

CONSENT_TYPE = "privacy.consent"
HOLD_TYPE = "privacy.hold"
RETENTION_TYPE = "privacy.retention"

# What the person is told before agreeing (PIPL Art. 17, 29, 30): what, why, how long, the impact,
# and that refusing or withdrawing costs them nothing. Stored with each consent as shown.
PURPOSE_TEXT = {
    Purpose.HEALTH_DETAILS: gettext_lazy(
        "公司在处理特殊保护期（孕期、产期、哺乳期、医疗期等）时，法律要求的只是“是否处于保护期及起止日期”，"
        "这部分无需您同意。若您同意，HR可以另外记录病情、诊断、医嘱等细节（加密保存，仅HR可查看，每次查看均"
        "留痕），用于安排工作和休假。不同意不影响您依法享有的任何保护；您可以随时在“我的个人信息”中撤回，撤回后"
        "这些细节将被删除。"),
    Purpose.TALK_RECORDING: gettext_lazy(
        "公司希望对与您的离职相关谈话录音，并可将录音转写为文字，用于如实记录谈话内容、日后核对。录音仅HR和法务可调阅，每次调阅均留痕，保存期限见公司的个人信息保存期限。不同意时谈话照常进行，只是不录音；"
        "您可以随时撤回，撤回后不再录音或转写，已有录音将被删除（处于诉讼保全的案件除外）。"),
}
PURPOSE_SCOPE = {
    Purpose.HEALTH_DETAILS: gettext_lazy("特殊保护期的备注：病情、诊断、医嘱等细节"),
    Purpose.TALK_RECORDING: gettext_lazy("谈话录音文件及其语音转写文本"),
}


def consent_given(employee_ids, purpose: str) -> set[int]:
    """The gate common.consent asks: which of these people's consent to this purpose stands."""
    ids = list(employee_ids)
    found: set[int] = set()
    for start in range(0, len(ids), 5000):
        found.update(Consent.objects.filter(employee_id__in=ids[start:start + 5000], purpose=purpose,
                                            withdrawn_at__isnull=True).values_list("employee_id", flat=True))
    return found


def purposes(employee: Employee) -> list[dict]:
    """Each purpose with its notice text, the standing consent (if any) and the history (two queries)."""
    consents = list(Consent.objects.filter(employee=employee).select_related("recorded_by", "withdrawn_by")
                    .order_by("-given_at"))
    out = []
    for purpose in Purpose:
        history = [c for c in consents if c.purpose == purpose]
        out.append({"purpose": purpose, "text": PURPOSE_TEXT[purpose], "scope": PURPOSE_SCOPE[purpose],
                    "standing": next((c for c in history if c.standing), None), "history": history})
    return out


def _consent_payload(item: Consent) -> dict:
    return {"employee": item.employee.code, "consent": item.code, "purpose": item.purpose, "method": item.method,
            "purpose_text_sha256": hashlib.sha256(item.purpose_text.encode("utf-8")).hexdigest(),
            "scan_sha256": item.scan_sha256, "given_at": item.given_at}


def give_consent(employee: Employee, purpose: str, *, actor, method: str = Method.PORTAL, scan=None) -> Consent:
    """Record a consent: clicked by the person in the portal, or a signed paper form HR scanned."""
    if purpose not in Purpose.values:
        raise ValidationError({"purpose": [_("未知的用途。")]})
    if method == Method.PAPER and scan is None:
        raise ValidationError({"scan": [_("书面同意须上传员工签字的扫描件。")]})
    if method == Method.PORTAL and not is_self(actor, employee):
        raise ValidationError({"method": [_("只有员工本人可以在自助服务中点击同意。")]})
    data = scan.read() if scan is not None else b""
    with transaction.atomic():
        item = Consent(employee=employee, purpose=purpose, purpose_text=str(PURPOSE_TEXT[purpose]),
                       scope=str(PURPOSE_SCOPE[purpose]), method=method, given_at=timezone.now(), recorded_by=actor,
                       scan_sha256=hashlib.sha256(data).hexdigest() if scan is not None else "")
        if scan is not None:
            item.scan.save((getattr(scan, "name", "") or "consent.pdf").rsplit("/", 1)[-1][-100:], ContentFile(data),
                           save=False)
        try:
            with transaction.atomic():
                item.save()
        except IntegrityError:
            raise ValidationError({"purpose": [_("该用途已有有效的同意。")]}) from None
        record(CONSENT_TYPE, item.code, _consent_payload(item), actor=actor, event="privacy.consent.given")
    return item


def withdraw_consent(item: Consent, *, actor) -> Consent:
    """Withdraw: processing for the purpose stops now (the gate answers no) and what was collected
    under it is deleted (PIPL Art. 15, 47), except while a case of the person is under a legal hold."""
    now = timezone.now()
    with transaction.atomic():
        # A conditional update: two withdrawals of one consent never both succeed.
        if not Consent.objects.filter(pk=item.pk, withdrawn_at__isnull=True).update(withdrawn_at=now,
                                                                                     withdrawn_by=actor):
            raise ValidationError(_("该同意已经撤回。"))
        item.withdrawn_at, item.withdrawn_by = now, actor
        employee = item.employee
        held = employee.pk in retention.held_employee_ids()
        erased = 0
        if not held and item.purpose == Purpose.HEALTH_DETAILS:
            periods = StatusPeriod.objects.filter(employee=employee).exclude(notes__isnull=True)
            erased = periods.update(notes="")
        record(CONSENT_TYPE, item.code, {"employee": employee.code, "consent": item.code, "purpose": item.purpose,
                                         "withdrawn_at": now, "held": held, "health_notes_erased": erased},
               actor=actor, event="privacy.consent.withdrawn")
        if not held and item.purpose == Purpose.TALK_RECORDING:
            retention.remove(retention.recordings_of(employee), day=timezone.localdate(), actor=actor,
                             reason="consent_withdrawn")
    return item


def set_hold(case: SeparationCase, reason: str, *, actor) -> LegalHold:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"reason": [_("请说明保全原因（如仲裁、诉讼、审计）。")]})
    with transaction.atomic():
        try:
            with transaction.atomic():
                hold = LegalHold.objects.create(case=case, reason=reason, set_by=actor)
        except IntegrityError:
            raise ValidationError({"reason": [_("该案件已处于保全状态。")]}) from None
        record(HOLD_TYPE, hold.code, {"case": case.code, "employee": case.employee.code, "reason": reason},
               actor=actor, event="privacy.hold.set")
    return hold


def release_hold(hold: LegalHold, reason: str, *, actor) -> LegalHold:
    reason = (reason or "").strip()
    if not reason:
        raise ValidationError({"release_reason": [_("请说明解除保全的原因。")]})
    now = timezone.now()
    with transaction.atomic():
        if not LegalHold.objects.filter(pk=hold.pk, released_at__isnull=True).update(
                released_at=now, released_by=actor, release_reason=reason):
            raise ValidationError(_("该保全已经解除。"))
        hold.released_at, hold.released_by, hold.release_reason = now, actor, reason
        record(HOLD_TYPE, hold.code, {"case": hold.case.code, "employee": hold.case.employee.code, "reason": reason},
               actor=actor, event="privacy.hold.released")
    return hold


def set_retention(company: Company, kind: str, months: int, *, actor) -> RetentionRule:
    """A company's months for one kind; never below the legal floor (LCL 50 for contract texts)."""
    if kind not in DataKind.values:
        raise ValidationError({"kind": [_("未知的数据类别。")]})
    floor = retention.floor_months(kind)
    if months < floor:
        raise ValidationError({"months": [
            _("不得少于 %(floor)s 个月（《劳动合同法》第五十条第三款）。") % {"floor": floor}]})
    if months > retention.MAX_MONTHS:
        raise ValidationError({"months": [_("不得超过 %(max)s 个月。") % {"max": retention.MAX_MONTHS}]})
    with transaction.atomic():
        before = retention.schedule(company)[kind]
        rule, _created = RetentionRule.objects.update_or_create(
            company=company, kind=kind, defaults={"months": months, "updated_by": actor})
        if before != months:
            record(RETENTION_TYPE, f"{company.code}:{kind}", {"company": company.code, "kind": kind,
                                                              "months": (before, months)},
                   actor=actor, event="privacy.retention.changed")
    return rule


def set_schedule(company: Company, months: dict[str, int], *, actor) -> dict[str, list[str]]:
    """A company's months for several kinds, all or nothing (the page's form and the API); the errors per kind,
    {} when saved."""
    errors: dict[str, list[str]] = {}
    try:
        with transaction.atomic():
            for kind, value in months.items():
                try:
                    set_retention(company, kind, value, actor=actor)
                except ValidationError as exc:
                    errors[kind] = exc.message_dict.get("months", exc.messages)
            if errors:
                raise ValidationError("")
    except ValidationError:
        return errors
    return {}


def standing_hold(employee_id: int) -> consent.HoldRef | None:
    """common.consent's hold lookup: the standing hold on one of the employee's cases (the oldest)."""
    hold = (LegalHold.objects.filter(case__employee_id=employee_id, released_at__isnull=True)
            .order_by("set_at", "id").values_list("code", "reason").first())
    return consent.HoldRef(code=str(hold[0]), reason=hold[1]) if hold else None


def record_held_read(hold: consent.HoldRef, *, actor, employee_id: int, object_type: str, object_id: str) -> None:
    """common.consent's recorder: a read of data kept past a withdrawal, on the hold's line of the ledger."""
    employee_code = Employee.objects.filter(pk=employee_id).values_list("code", flat=True).first()
    record(HOLD_TYPE, hold.code, {"hold": hold.code, "employee": employee_code, "read": {
        "object_type": object_type, "object_id": object_id}, "reason": hold.reason},
        actor=actor, event="privacy.hold.read")
