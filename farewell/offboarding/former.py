"""Former-employee access: after the last day the person keeps a read-only login to download their own
certificate, agreement, notices and settlement sheet (and read the final settlement's lines) for a period
the company sets; every download is logged (AccessLog, PIPL) and in the ledger.

The login is its own User with no role and no link to the employee: the employment's login is deactivated
at separation (farewell/cases), and this one opens nothing but /offboarding/former/.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import PurePosixPath

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Prefetch
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts.models import AccessLog, User
from farewell.cases.models import CaseStatus, SeparationCase
from farewell.common.notifications import absolute_url
from farewell.ledger.services import record

from . import esign_services
from .models import FormerAccess, GeneratedDocument, OffboardingSettings, SignatureRequest, SignatureStatus

LEDGER_TYPE = "offboarding.formeraccess"
DOCUMENT_LEDGER_TYPE = "offboarding.document"  # as document_services records the document itself
FORMER_KINDS = ("certificate", "mutual_agreement", "dismissal_notice", "termination_notice", "resignation_receipt",
                "settlement_sheet")
GRANT_STATUSES = (CaseStatus.APPROVED, CaseStatus.NOTICE_RECEIVED, CaseStatus.IN_HANDOVER, CaseStatus.CLOSED)


class FormerAccessError(Exception):
    pass


def _username(case: SeparationCase) -> str:
    base = f"former-{case.employee.employee_number}".lower()
    name, n = base, 1
    while User.objects.filter(username=name).exists():
        n += 1
        name = f"{base}-{n}"
    return name


def grant(case: SeparationCase, email: str, *, acting_user, today: dt.date | None = None) -> FormerAccess:
    """Open the read-only login for the personal e-mail the person gave; the set-password link and the page's
    address are e-mailed on commit."""
    if case.status not in GRANT_STATUSES:
        raise FormerAccessError(_("案件批准后才能开通离职人员下载权限"))
    try:
        validate_email(email)
    except Exception:  # noqa: BLE001 - Django's ValidationError, reported in words
        raise FormerAccessError(_("请填写有效的个人邮箱")) from None
    if FormerAccess.objects.filter(case=case).exists():
        raise FormerAccessError(_("已开通，不能重复开通"))
    days = OffboardingSettings.for_company(case.company_id).former_access_days
    with transaction.atomic():
        user = User(username=_username(case), email=email, display_name=f"{case.employee.name}（离职人员）")
        user.set_unusable_password()
        user.save()
        access = FormerAccess.objects.create(case=case, user=user, email=email, created_by=acting_user,
                                             expires_on=case.separation_date + dt.timedelta(days=days))
        record(LEDGER_TYPE, access.code, {
            "case": case.code, "employee": case.employee.code, "username": user.username,
            "email_sha256": hashlib.sha256(email.lower().encode()).hexdigest(), "expires_on": access.expires_on,
        }, actor=acting_user, event="former_access.granted")
        transaction.on_commit(lambda: _mail(access))
    return access


def _mail(access: FormerAccess) -> None:
    user = access.user
    link = absolute_url(reverse("accounts:set_password", args=[
        urlsafe_base64_encode(force_bytes(user.pk)), default_token_generator.make_token(user)]))
    body = _("%(name)s，您好：\n\n离职后，您可以用账号 %(username)s 登录 Farewell，下载本人的离职证明、协议和结算单，"
             "有效期至 %(until)s。请先打开下面的链接设置密码：\n\n%(link)s\n\n登录后打开：%(page)s") % {
        "name": access.case.employee.name, "username": user.username, "until": access.expires_on, "link": link,
        "page": absolute_url(reverse("offboarding:former_home"))}
    EmailMessage(_("Farewell：离职人员文书下载"), body, None, [access.email]).send(fail_silently=True)


def active_access(user, *, today: dt.date | None = None) -> FormerAccess | None:
    """The user's access if it is in force: after the last day, before it expires, not revoked."""
    if not getattr(user, "is_authenticated", False):
        return None
    today = today or timezone.localdate()
    return (FormerAccess.objects.select_related("case__employee", "case__company")
            .filter(user=user, revoked_at__isnull=True, expires_on__gte=today, case__separation_date__lt=today)
            .first())


# An agreement binds only when both sides have signed it: its unsigned draft is never offered to the person
# as if it were the agreement (the signed file is, once there is one).
SIGNED_ONLY_KINDS = frozenset({"mutual_agreement"})


@dataclass(frozen=True)
class Offer:
    """One document offered to the person: the signed file (e-signed or a wet-signed scan) when there is
    one, else the generated PDF."""

    document: GeneratedDocument
    signature: SignatureRequest | None = None

    @property
    def kind(self) -> str:
        return self.document.kind

    @property
    def signed(self) -> bool:
        return self.signature is not None

    @property
    def sha256(self) -> str:
        return self.signature.signed_sha256 if self.signature else self.document.pdf_sha256

    @property
    def filename(self) -> str:
        label = self.document.file_label()
        if self.signature is None:
            return f"{label}.pdf"
        suffix = PurePosixPath(self.signature.signed_file.name).suffix or ".pdf"
        return _("%(label)s（已签署）%(suffix)s") % {"label": label, "suffix": suffix}


def offers(case: SeparationCase, kinds=FORMER_KINDS, *, signed_only: bool = False) -> list[Offer]:
    """For each kind, the newest signed file of any version, else (except for an agreement) the newest
    generated PDF; `signed_only` keeps the signed files alone (the portal). Two queries."""
    docs = list(GeneratedDocument.objects.filter(case=case, kind__in=kinds).exclude(pdf="")
                .prefetch_related(Prefetch("signatures", to_attr="signed_requests", queryset=SignatureRequest.objects
                                           .filter(status=SignatureStatus.SIGNED).exclude(signed_file="")
                                           .order_by("-completed_at", "-id")))
                .order_by("-created_at", "-id"))
    chosen: dict[str, Offer] = {}
    for doc in docs:  # newest first
        if doc.kind not in chosen or not chosen[doc.kind].signed:
            if doc.signed_requests:
                chosen[doc.kind] = Offer(doc, doc.signed_requests[0])
            elif doc.kind not in chosen and doc.kind not in SIGNED_ONLY_KINDS and not signed_only:
                chosen[doc.kind] = Offer(doc)
    order = list(kinds)
    return sorted(chosen.values(), key=lambda o: order.index(o.kind))


def documents(access: FormerAccess) -> list[Offer]:
    """What the former employee may download: one offer per kind (offers)."""
    return offers(access.case)


def agreement_unsigned(case: SeparationCase, offered: list[Offer]) -> bool:
    """An agreement was drawn up but nobody has signed it yet (so none is offered)."""
    return (not any(o.kind in SIGNED_ONLY_KINDS for o in offered)
            and GeneratedDocument.objects.filter(case=case, kind__in=SIGNED_ONLY_KINDS).exists())


def offer_for(case: SeparationCase, code, *, signed_only: bool = False) -> Offer | None:
    """The offer of the document `code` of this case, None when that document is not offered."""
    return next((o for o in offers(case, signed_only=signed_only) if str(o.document.code) == str(code)), None)


def intact(offer: Offer) -> bool:
    """The file still has the SHA-256 recorded for it (a signed file: as its ledger entry says)."""
    if offer.signature is not None:
        return esign_services.verify(offer.signature)
    with offer.document.pdf.open("rb") as handle:
        return hashlib.sha256(handle.read()).hexdigest() == offer.document.pdf_sha256


def open_offer(offer: Offer):
    return (offer.signature.signed_file if offer.signature else offer.document.pdf).open("rb")


def log_download(access: FormerAccess, offer: Offer) -> None:
    log_offer_download(access.case, offer, actor=access.user, ledger_type=LEDGER_TYPE, ledger_id=access.code,
                       purpose=gettext_noop("离职人员下载本人文书"), event="former_access.download")


def log_offer_download(case: SeparationCase, offer: Offer, *, actor, ledger_type: str, ledger_id, purpose: str,
                       event: str) -> None:
    """Every download of one's own document: the access log (PIPL) and the ledger, with the served file's hash."""
    with transaction.atomic():
        AccessLog.objects.create(actor=actor, employee=case.employee, object_type="offboarding.document",
                                 object_id=str(offer.document.code), field="signed_file" if offer.signed else "pdf",
                                 purpose=purpose)
        record(ledger_type, ledger_id, {
            "case": case.code, "document": offer.document.code, "kind": offer.kind, "signed": offer.signed,
            "signature": offer.signature.code if offer.signature else None, "sha256": offer.sha256,
            "pdf_sha256": offer.document.pdf_sha256}, actor=actor, event=event)


def revoke(access: FormerAccess, *, acting_user) -> None:
    with transaction.atomic():
        if FormerAccess.objects.filter(pk=access.pk, revoked_at__isnull=True).update(revoked_at=timezone.now()):
            User.objects.filter(pk=access.user_id).update(is_active=False)
            record(LEDGER_TYPE, access.code, {"case": access.case.code, "username": access.user.username},
                   actor=acting_user, event="former_access.revoked")


def expire(*, today: dt.date) -> int:
    """The sweep: logins whose access has expired stop."""
    users = User.objects.filter(is_active=True, former_access__expires_on__lt=today)
    return users.update(is_active=False)
