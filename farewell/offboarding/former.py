"""Former-employee access: after the last day the person keeps a read-only login to download their own
certificate, agreement, notices and settlement sheet (and read the final settlement's lines) for a period
the company sets; every download is logged (AccessLog, PIPL) and in the ledger.

The login is its own User with no role and no link to the employee: the employment's login is deactivated
at separation (farewell/cases), and this one opens nothing but /offboarding/former/.
"""

from __future__ import annotations

import datetime as dt
import hashlib

from django.contrib.auth.tokens import default_token_generator
from django.core.mail import EmailMessage
from django.core.validators import validate_email
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from farewell.accounts.models import AccessLog, User
from farewell.cases.models import CaseStatus, SeparationCase
from farewell.common.notifications import absolute_url
from farewell.ledger.services import record

from .models import FormerAccess, GeneratedDocument, OffboardingSettings

LEDGER_TYPE = "offboarding.formeraccess"
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


def documents(access: FormerAccess) -> list[GeneratedDocument]:
    """The newest document of each kind the person may download."""
    latest: dict[str, GeneratedDocument] = {}
    for doc in GeneratedDocument.objects.filter(case=access.case, kind__in=FORMER_KINDS).exclude(pdf="").order_by(
            "-created_at", "-id"):
        latest.setdefault(doc.kind, doc)
    return sorted(latest.values(), key=lambda d: FORMER_KINDS.index(d.kind))


def log_download(access: FormerAccess, document: GeneratedDocument) -> None:
    with transaction.atomic():
        AccessLog.objects.create(actor=access.user, employee=access.case.employee, object_type="offboarding.document",
                                 object_id=str(document.code), field="pdf", purpose=_("离职人员下载本人文书"))
        record(LEDGER_TYPE, access.code, {"case": access.case.code, "document": document.code, "kind": document.kind,
                                          "pdf_sha256": document.pdf_sha256}, actor=access.user,
               event="former_access.download")


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
