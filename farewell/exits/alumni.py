"""The alumni list: former employees who agreed to stay in touch (PIPL: consent, a purpose, a way out).

HR adds a leaver with the consent recorded and the personal contact they gave; the person gets a
personal link (by e-mail) where they see what is held and withdraw. A withdrawal erases the contact
data after ERASE_AFTER_DAYS (the sweep does it); until then HR no longer sees the person in the list.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import secrets

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from farewell.common.notifications import absolute_url
from farewell.ledger.services import record
from farewell.records.models import Contribution, TrainingRecord, TrainingStatus

from .models import Alumnus, Departure
from .services import ExitError, mail_personal

ALUMNUS = "exits.alumnus"
ERASE_AFTER_DAYS = 15  # PIPL 47: delete once the purpose is gone; a short grace for a mistaken click


def _hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def add_alumnus(departure: Departure, *, acting_user, email: str, phone: str = "", consent_note: str) -> Alumnus:
    """Add a leaver who agreed (the consent recorded) and mail them their personal link."""
    email, phone, consent_note = email.strip(), phone.strip(), consent_note.strip()
    if not consent_note:
        raise ExitError(_("请记录本人同意加入离职校友名单的情况（时间、方式）"))
    try:
        validate_email(email)
    except ValidationError:
        raise ExitError(_("邮箱地址无效")) from None
    token = secrets.token_urlsafe(32)
    link = absolute_url(reverse("exits:alumni_self", args=[token]))
    try:
        with transaction.atomic():
            alumnus = Alumnus.objects.create(departure=departure, personal_email=email, personal_phone=phone[:30],
                                             consent_note=consent_note[:300], token_hash=_hash(token),
                                             added_by=acting_user)
            record(ALUMNUS, alumnus.code, {"departure": departure.code, "employee": departure.employee.code,
                                           "consent": consent_note}, actor=acting_user, event="exits.alumni.joined")
            subject = _("欢迎加入离职校友名单")
            body = _("您已同意加入公司的离职校友名单，公司可能通过此邮箱与您联系（例如再次合作的机会）。"
                     "您可以随时通过下面的链接查看我们保存的信息或退出名单，退出后联系方式将被删除。\n\n%(link)s") % {
                "link": link}
            transaction.on_commit(lambda: mail_personal(subject, body, email, what=ALUMNUS, code=alumnus.code))
    except IntegrityError:
        raise ExitError(_("该员工已在离职校友名单中")) from None
    return alumnus


def alumnus_for_token(token: str) -> Alumnus | None:
    if not token or len(token) > 100:
        return None
    return (Alumnus.objects.filter(token_hash=_hash(token), withdrawn_at__isnull=True)
            .select_related("departure__employee", "departure__position").first())


def withdraw(alumnus: Alumnus, *, actor=None, today: dt.date | None = None) -> Alumnus:
    """The person withdraws consent (through their link; actor None) or HR records it for them."""
    now = timezone.now()
    erase_on = (today or timezone.localdate()) + dt.timedelta(days=ERASE_AFTER_DAYS)
    with transaction.atomic():
        done = Alumnus.objects.filter(pk=alumnus.pk, withdrawn_at__isnull=True).update(
            withdrawn_at=now, erase_on=erase_on, token_hash="")
        if not done:
            raise ExitError(_("已经退出离职校友名单"))
        record(ALUMNUS, alumnus.code, {"alumnus": alumnus.code, "withdrawn_at": now, "erase_on": erase_on},
               actor=actor, event="exits.alumni.withdrawn")
    alumnus.withdrawn_at, alumnus.erase_on = now, erase_on
    return alumnus


def erase_due(*, today: dt.date | None = None) -> int:
    """The sweep: erase the contact data of withdrawn members whose date has come."""
    today = today or timezone.localdate()
    erased = 0
    for alumnus in Alumnus.objects.filter(erase_on__lte=today, erased_at__isnull=True).order_by("pk"):
        with transaction.atomic():
            if Alumnus.objects.filter(pk=alumnus.pk, erased_at__isnull=True).update(
                    personal_email="", personal_phone="", consent_note="", erased_at=timezone.now()):
                record(ALUMNUS, alumnus.code, {"alumnus": alumnus.code, "erased": True}, actor=None,
                       event="exits.alumni.erased")
                erased += 1
    return erased


def search(queryset: QuerySet, text: str = "", rehire_only: bool = False) -> QuerySet:
    """Active members, by name, position, unit, a course taken or a contribution."""
    qs = queryset.filter(withdrawn_at__isnull=True)
    if rehire_only:
        qs = qs.filter(Q(departure__rehire="eligible") | Q(departure__rehire="", departure__rehire_proposal="eligible"))
    text = text.strip()
    if text:
        employees = (TrainingRecord.objects.filter(course__icontains=text, status=TrainingStatus.ATTENDED)
                     .values("employee_id"))
        contributed = Contribution.objects.filter(title__icontains=text).values("employee_id")
        qs = qs.filter(Q(departure__employee__name__icontains=text) | Q(departure__position__name__icontains=text)
                       | Q(departure__org_unit__name__icontains=text) | Q(departure__employee_id__in=employees)
                       | Q(departure__employee_id__in=contributed))
    return qs


def skills(employee_ids: list[int]) -> dict[int, list[str]]:
    """Courses taken and contributions on record, per employee (2 queries for a page of members)."""
    out: dict[int, list[str]] = {pk: [] for pk in employee_ids}
    for employee_id, course in (TrainingRecord.objects.filter(employee_id__in=employee_ids,
                                                              status=TrainingStatus.ATTENDED)
                                .values_list("employee_id", "course").distinct().order_by("employee_id", "course")):
        out[employee_id].append(course)
    for employee_id, title in (Contribution.objects.filter(employee_id__in=employee_ids)
                               .values_list("employee_id", "title").order_by("employee_id", "-date")):
        out[employee_id].append(title)
    return out
