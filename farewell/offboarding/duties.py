"""Duties after the last day (LCL 50, 41 ¶3): dated, owned, reminded; done or waived with a reason.

Statutory periods are calendar days (DESIGN: working days); one that ends on a day off moves to the
next day that is not one, as the law engine does (民法典 第二百零三条: WorkCalendar.period_end).
"""

from __future__ import annotations

import calendar as month_calendar
import datetime as dt

from dateutil.relativedelta import relativedelta
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.cases import workflow
from farewell.cases.models import CaseType, SeparationCase
from farewell.cases.services import case_link
from farewell.common.notifications import notify
from farewell.common.wording import Words, choice
from farewell.ledger.services import record
from farewell.org.holidays import work_calendar

from .models import DutyKind, DutyStatus, PostExitDuty

LEDGER_TYPE = "offboarding.postexitduty"
TRANSFER_DAYS = 15            # LCL 50 ¶1: 在十五日内为劳动者办理档案和社会保险关系转移手续
CONTRACT_KEEP_YEARS = 2       # LCL 50 ¶3: 劳动合同文本至少保存二年备查
REHIRING_PRIORITY_MONTHS = 6  # LCL 41 ¶3: 六个月内重新招用人员的，在同等条件下优先招用被裁减的人员
REMIND_DAYS_BEFORE = 3

# Stored on each duty as written (the Chinese msgid) and shown through gettext in the reader's language
# (PostExitDuty.shown_citation): a page in English names the articles in English.
CITATIONS = {
    DutyKind.CERTIFICATE: gettext_noop("《劳动合同法》第五十条第一款；《劳动合同法实施条例》第二十四条"),
    DutyKind.FILE_TRANSFER: gettext_noop("《劳动合同法》第五十条第一款（十五日内办理档案转移手续）"),
    DutyKind.SI_TRANSFER: gettext_noop("《劳动合同法》第五十条第一款（十五日内办理社会保险关系转移手续）"),
    DutyKind.SI_STOP: gettext_noop("《社会保险法》第五十八条；当月办理社会保险减员"),
    DutyKind.HOUSING_FUND_STOP: gettext_noop("《住房公积金管理条例》第十四条（办理变更登记及账户转移或封存）"),
    DutyKind.CONTRACT_RETENTION: gettext_noop("《劳动合同法》第五十条第三款（劳动合同文本至少保存二年备查）"),
    DutyKind.REHIRING_PRIORITY: gettext_noop("《劳动合同法》第四十一条第三款（六个月内重新招用的，同等条件下优先招用）"),
}


# A civil servant has no labour contract (公务员法): no LCL 50 certificate or contract retention, and the
# file and insurance duties rest on the personnel-file and insurance rules, whose time limits are local.
CIVIL_SERVICE_CITATIONS = {
    DutyKind.FILE_TRANSFER: gettext_noop("按干部人事档案管理规定转递人事档案（时限按组织人事部门规定）"),
    DutyKind.SI_TRANSFER: gettext_noop("按机关事业单位养老保险等社会保险规定办理关系转移（时限按当地规定）"),
    DutyKind.SI_STOP: CITATIONS[DutyKind.SI_STOP],
    DutyKind.HOUSING_FUND_STOP: CITATIONS[DutyKind.HOUSING_FUND_STOP],
}


def _month_end(day: dt.date) -> dt.date:
    return day.replace(day=month_calendar.monthrange(day.year, day.month)[1])


def _period_end(day: dt.date) -> dt.date:
    end, _unknown_years = work_calendar().period_end(day)  # the holiday table HR keeps included
    return end


def plan(case: SeparationCase) -> list[tuple[str, dt.date, dt.date | None]]:
    """(kind, due date, until date) of every duty this case brings, from its last contract day."""
    last = case.separation_date
    transfer_due = _period_end(last + dt.timedelta(days=TRANSFER_DAYS))
    rows = [
        # LCL 50 ¶1: the certificate 在解除或者终止劳动合同时 (on the last day itself); the 15 days are the
        # file and social-insurance transfers'.
        (DutyKind.CERTIFICATE, last, None),
        (DutyKind.FILE_TRANSFER, transfer_due, None),
        (DutyKind.SI_TRANSFER, transfer_due, None),
        (DutyKind.SI_STOP, _month_end(last), None),
        (DutyKind.HOUSING_FUND_STOP, _month_end(last), None),
        (DutyKind.CONTRACT_RETENTION, transfer_due, last + relativedelta(years=CONTRACT_KEEP_YEARS)),
    ]
    if case.case_type == CaseType.LAYOFF:
        rows.append((DutyKind.REHIRING_PRIORITY, last, last + relativedelta(months=REHIRING_PRIORITY_MONTHS)))
    if case.is_civil_service:
        rows = [row for row in rows if row[0] in CIVIL_SERVICE_CITATIONS]
    return rows


def owner_for(case: SeparationCase):
    opener = case.opened_by
    if opener is not None and opener.is_active and opener.employee_id != case.employee_id:
        return opener
    hr = workflow.hr_users_for(case)
    return hr[0] if hr else None


def build_duties(case: SeparationCase) -> list[PostExitDuty]:
    owner = owner_for(case)
    citations = CIVIL_SERVICE_CITATIONS if case.is_civil_service else CITATIONS
    return [PostExitDuty(case=case, kind=kind, due_date=due, until_date=until, citation=citations[kind], owner=owner)
            for kind, due, until in plan(case)]


def payload(duty: PostExitDuty) -> dict:
    return {"case": duty.case.code, "duty": duty.code, "kind": duty.kind, "due_date": duty.due_date,
            "until_date": duty.until_date, "status": duty.status, "note": duty.note}


def complete(duty: PostExitDuty, *, acting_user, note: str = "") -> PostExitDuty:
    return _finish(duty, DutyStatus.DONE, note=note, acting_user=acting_user, event="duty.done")


def waive(duty: PostExitDuty, *, acting_user, reason: str) -> PostExitDuty:
    reason = (reason or "").strip()
    if not reason:
        raise DutyError(_("请写明不适用的理由"))
    return _finish(duty, DutyStatus.WAIVED, note=reason, acting_user=acting_user, event="duty.waived")


class DutyError(Exception):
    pass


def _finish(duty: PostExitDuty, status: str, *, note: str, acting_user, event: str) -> PostExitDuty:
    with transaction.atomic():
        now = timezone.now()
        updated = PostExitDuty.objects.filter(pk=duty.pk, status=DutyStatus.OPEN).update(
            status=status, note=note, done_by=acting_user, done_at=now)
        if not updated:
            raise DutyError(_("事项已处理，请刷新后再试"))
        duty.status, duty.note, duty.done_by, duty.done_at = status, note, acting_user, now
        record(LEDGER_TYPE, duty.code, payload(duty), actor=acting_user, event=event)
    return duty


def open_duties(case: SeparationCase) -> list[PostExitDuty]:
    return list(case.post_exit_duties.filter(status=DutyStatus.OPEN))


def remind(*, today: dt.date) -> int:
    """Remind each open duty's owner from a few days before its due date, once a day."""
    sent = 0
    due = PostExitDuty.objects.filter(
        status=DutyStatus.OPEN, due_date__lte=today + dt.timedelta(days=REMIND_DAYS_BEFORE), owner__isnull=False,
    ).filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today)).select_related(
        "owner", "case__employee")
    for duty in due.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = PostExitDuty.objects.filter(pk=duty.pk).filter(
                Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today)).update(last_reminded_on=today)
            if not claimed or not duty.owner.is_active:
                continue
            overdue = duty.due_date < today
            subject = Words(gettext_noop("已逾期：%(duty)s · %(name)s") if overdue
                            else gettext_noop("即将到期：%(duty)s · %(name)s"),
                            duty=choice(DutyKind, duty.kind), name=duty.case.employee.name)
            # The citation is stored as its msgid (CITATIONS): kept as words, worded when shown.
            notify(duty.owner, subject, Words(gettext_noop("期限：%(due)s（%(citation)s）"), due=duty.due_date,
                                              citation=Words(duty.citation)), link=case_link(duty.case))
            sent += 1
    return sent
