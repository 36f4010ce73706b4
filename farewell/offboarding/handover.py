"""The handover (工作交接): checklist templates, a case's items, ticking, confirming, returning, reminders.

LCL 50 ¶2: the employee hands over the work as agreed; the employer pays the compensation when the
handover is done — and issues the certificate regardless (a certificate never waits for a handover).
"""

from __future__ import annotations

import datetime as dt

from django.db import transaction
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts.models import User
from farewell.cases import workflow
from farewell.cases.models import CaseStatus, SeparationCase
from farewell.common.notifications import notify
from farewell.common.wording import Words
from farewell.ledger.services import record

from . import wecom
from .calendar import working_days_before
from .models import (
    HandoverItem,
    HandoverTemplate,
    HandoverTemplateItem,
    ItemStatus,
    ReceiverKind,
)

LEDGER_TYPE = "offboarding.handoveritem"
TEMPLATE_LEDGER_TYPE = "offboarding.handovertemplate"
# Items can be worked on while the case is approved or in handover.
WORKING_STATUSES = (CaseStatus.APPROVED, CaseStatus.NOTICE_RECEIVED, CaseStatus.IN_HANDOVER)
DONE_STATUSES = (ItemStatus.CONFIRMED,)


class HandoverError(Exception):
    """A refused handover operation, with a message for the person who tried."""


def last_day(case: SeparationCase) -> dt.date:
    """The day the handover must be finished by: the last working day, else the last contract day."""
    return case.last_working_day or case.separation_date


def template_for(case: SeparationCase) -> HandoverTemplate | None:
    """The most specific template with items: the company's over the shipped default, the case type's over
    every type, the deepest unit covering the employee over a shallower one or none."""
    path = case.employee.org_unit.path
    candidates = HandoverTemplate.objects.filter(
        Q(company=case.company) | Q(company__isnull=True),
        Q(case_type=case.case_type) | Q(case_type=""),
    ).filter(items__isnull=False).select_related("org_unit").distinct()

    def rank(t: HandoverTemplate):
        depth = -1 if t.org_unit is None else len(t.org_unit.path)
        return (t.company_id is not None, t.case_type != "", depth)

    usable = [t for t in candidates if t.org_unit is None or path.startswith(t.org_unit.path)]
    return max(usable, key=rank, default=None)


def default_receiver(case: SeparationCase, kind: str):
    """The manager's active login (by default), else HR: the case's opener, else an HRBP in scope."""
    if kind == ReceiverKind.MANAGER:
        manager = case.employee.manager
        user = User.objects.filter(employee=manager, is_active=True).first() if manager else None
        if user is not None:
            return user
    opener = case.opened_by
    if opener is not None and opener.is_active and opener.employee_id != case.employee_id:
        return opener
    hr = workflow.hr_users_for(case)
    return hr[0] if hr else None


def item_payload(item: HandoverItem) -> dict:
    return {
        "case": item.case.code, "item": item.code, "title": item.title, "category": item.category,
        "status": item.status, "due_date": item.due_date, "blocks_closing": item.blocks_closing,
        "receiver": item.receiver.username if item.receiver_id else None,
    }


def build_items(case: SeparationCase) -> list[HandoverItem]:
    """The case's checklist from its template (unsaved): owner the leaver, receiver by the template's kind,
    due a number of working days before the last day."""
    template = template_for(case)
    if template is None:
        return []
    end = last_day(case)
    receivers: dict[str, object] = {}
    items = []
    for row in template.items.order_by("order"):
        if row.receiver_kind not in receivers:
            receivers[row.receiver_kind] = default_receiver(case, row.receiver_kind)
        items.append(HandoverItem(
            case=case, order=row.order, category=row.category, title=row.title, description=row.description,
            owner=case.employee, receiver=receivers[row.receiver_kind],
            due_date=working_days_before(end, row.working_days_before), blocks_closing=row.blocks_closing,
        ))
    return items


def _require_working(case: SeparationCase) -> None:
    if case.status not in WORKING_STATUSES:
        raise HandoverError(_("案件当前状态下不能办理交接"))


def add_item(case: SeparationCase, *, acting_user, category: str, title: str, due_date: dt.date,
             receiver=None, description: str = "", blocks_closing: bool = True) -> HandoverItem:
    _require_working(case)
    with transaction.atomic():
        order = (case.handover_items.order_by("-order").values_list("order", flat=True).first() or 0) + 1
        item = HandoverItem.objects.create(
            case=case, order=order, category=category, title=title, description=description,
            owner=case.employee, receiver=receiver or default_receiver(case, ReceiverKind.MANAGER),
            due_date=due_date, blocks_closing=blocks_closing)
        record(LEDGER_TYPE, item.code, item_payload(item), actor=acting_user, event="handover.item_added")
        _notify_receiver(item)
    return item


def change_item(item: HandoverItem, *, acting_user, receiver=None, due_date: dt.date | None = None,
                blocks_closing: bool | None = None) -> HandoverItem:
    """HR changes who receives an item, its due date or whether it blocks closing (not once confirmed)."""
    _require_working(item.case)
    changes = {}
    if receiver is not None and receiver.pk != item.receiver_id:
        changes["receiver"] = receiver
    if due_date is not None and due_date != item.due_date:
        changes["due_date"] = due_date
    if blocks_closing is not None and blocks_closing != item.blocks_closing:
        changes["blocks_closing"] = blocks_closing
    if not changes:
        return item
    with transaction.atomic():
        updated = HandoverItem.objects.filter(pk=item.pk).exclude(status=ItemStatus.CONFIRMED).update(**changes)
        if not updated:
            raise HandoverError(_("事项已确认，不能再修改"))
        for key, value in changes.items():
            setattr(item, key, value)
        record(LEDGER_TYPE, item.code, {**item_payload(item), "changed": sorted(changes)}, actor=acting_user,
               event="handover.item_changed")
        if "receiver" in changes:
            _notify_receiver(item)
    return item


def tick_item(item: HandoverItem, *, acting_user, note: str = "") -> HandoverItem:
    """The leaver marks an item handed over (open or returned → ticked); the receiver is asked to confirm."""
    _require_working(item.case)
    if acting_user.employee_id != item.owner_id:
        raise HandoverError(_("只有交接人本人可以勾选此事项"))
    with transaction.atomic():
        now = timezone.now()
        updated = HandoverItem.objects.filter(
            pk=item.pk, status__in=(ItemStatus.OPEN, ItemStatus.RETURNED)).update(
            status=ItemStatus.TICKED, ticked_at=now, owner_note=note)
        if not updated:
            raise HandoverError(_("事项状态已变化，请刷新后再试"))
        item.status, item.ticked_at, item.owner_note = ItemStatus.TICKED, now, note
        record(LEDGER_TYPE, item.code, {**item_payload(item), "note": note}, actor=acting_user,
               event="handover.item_ticked")
        if item.receiver_id and item.receiver.is_active:
            notify(item.receiver, Words(gettext_noop("请确认交接：%(title)s · %(name)s"), title=item.title,
                                        name=item.owner.name),
                   note or Words(gettext_noop("交接人已完成此事项，请确认或退回。")), link=reverse("offboarding:index"))
    return item


def _require_receiver(item: HandoverItem, user) -> None:
    if item.receiver_id != user.pk:
        raise HandoverError(_("只有接收人可以确认或退回此事项"))


def confirm_item(item: HandoverItem, *, acting_user, comment: str = "") -> HandoverItem:
    """The receiver confirms the item received (from open or ticked)."""
    _require_working(item.case)
    _require_receiver(item, acting_user)
    with transaction.atomic():
        now = timezone.now()
        updated = HandoverItem.objects.filter(
            pk=item.pk, status__in=(ItemStatus.OPEN, ItemStatus.TICKED, ItemStatus.RETURNED)).update(
            status=ItemStatus.CONFIRMED, decided_by=acting_user, decided_at=now, return_comment="")
        if not updated:
            raise HandoverError(_("事项状态已变化，请刷新后再试"))
        item.status, item.decided_by, item.decided_at = ItemStatus.CONFIRMED, acting_user, now
        record(LEDGER_TYPE, item.code, {**item_payload(item), "comment": comment}, actor=acting_user,
               event="handover.item_confirmed")
    return item


def return_item(item: HandoverItem, *, acting_user, comment: str) -> HandoverItem:
    """The receiver returns a ticked item with a comment; the leaver sees it again."""
    _require_working(item.case)
    _require_receiver(item, acting_user)
    comment = (comment or "").strip()
    if not comment:
        raise HandoverError(_("退回时请写明原因"))
    with transaction.atomic():
        now = timezone.now()
        updated = HandoverItem.objects.filter(pk=item.pk, status=ItemStatus.TICKED).update(
            status=ItemStatus.RETURNED, decided_by=acting_user, decided_at=now, return_comment=comment)
        if not updated:
            raise HandoverError(_("只能退回员工已完成的事项"))
        item.status, item.return_comment = ItemStatus.RETURNED, comment
        record(LEDGER_TYPE, item.code, {**item_payload(item), "comment": comment}, actor=acting_user,
               event="handover.item_returned")
        owner_login = User.objects.filter(employee=item.owner, is_active=True).first()
        if owner_login is not None:
            notify(owner_login, Words(gettext_noop("交接事项被退回：%(title)s"), title=item.title), comment,
                   link=reverse("offboarding:index"))
    return item


def _notify_receiver(item: HandoverItem) -> None:
    if item.receiver_id and item.receiver.is_active:
        notify(item.receiver, Words(gettext_noop("您是交接接收人：%(title)s · %(name)s"), title=item.title,
                                    name=item.owner.name),
               Words(gettext_noop("完成期限：%(due)s。"), due=item.due_date), link=reverse("offboarding:index"))


def progress(items) -> dict:
    """Counts for the case page: total, confirmed, ticked, returned, open, overdue, blocking left."""
    today = timezone.localdate()
    items = list(items)
    done = [i for i in items if i.status == ItemStatus.CONFIRMED]
    return {
        "total": len(items),
        "confirmed": len(done),
        "ticked": sum(1 for i in items if i.status == ItemStatus.TICKED),
        "returned": sum(1 for i in items if i.status == ItemStatus.RETURNED),
        "overdue": sum(1 for i in items if i.status != ItemStatus.CONFIRMED and i.due_date < today),
        "blocking_open": sum(1 for i in items if i.blocks_closing and i.status != ItemStatus.CONFIRMED),
        "percent": int(len(done) * 100 / len(items)) if items else 0,
        "complete": bool(items) and len(done) == len(items),
    }


def handover_complete(case: SeparationCase) -> bool:
    """LCL 50: compensation is paid when the handover is done — every blocking item confirmed."""
    return not case.handover_items.filter(blocks_closing=True).exclude(status=ItemStatus.CONFIRMED).exists()


def blocking_open(case: SeparationCase) -> list[str]:
    return list(case.handover_items.filter(blocks_closing=True).exclude(status=ItemStatus.CONFIRMED)
                .values_list("title", flat=True))


# --- reminders (farewell sweep) ------------------------------------------------------------------


def remind_overdue(*, today: dt.date) -> int:
    """Remind the leaver (open or returned items) or the receiver (ticked items) of each overdue item, once a
    day: the conditional update on last_reminded_on is the idempotence. Returns notifications created."""
    sent = 0
    overdue = HandoverItem.objects.filter(
        due_date__lt=today, case__status__in=WORKING_STATUSES,
        status__in=(ItemStatus.OPEN, ItemStatus.RETURNED, ItemStatus.TICKED),
    ).filter(Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today)).select_related("owner", "receiver")
    logins = {u.employee_id: u for u in User.objects.filter(
        employee_id__in=overdue.values("owner_id"), is_active=True)}
    for item in overdue.iterator(chunk_size=500):
        with transaction.atomic():
            claimed = HandoverItem.objects.filter(pk=item.pk).filter(
                Q(last_reminded_on__isnull=True) | Q(last_reminded_on__lt=today)).update(last_reminded_on=today)
            if not claimed:
                continue  # another sweep got it
            who = item.receiver if item.status == ItemStatus.TICKED else logins.get(item.owner_id)
            if who is None or not who.is_active:
                continue
            notify(who, Words(gettext_noop("交接事项已逾期：%(title)s · %(name)s"), title=item.title,
                              name=item.owner.name),
                   Words(gettext_noop("完成期限为 %(due)s，请尽快处理。"), due=item.due_date),
                   link=reverse("offboarding:index"))
            sent += 1
    return sent


# --- templates (HR admin) ----------------------------------------------------------------------


def save_template(*, acting_user, company, case_type: str, org_unit, name: str, items: list[dict],
                  template: HandoverTemplate | None = None) -> HandoverTemplate:
    """Create or replace a company's template for (case type, unit); the items are replaced as a whole.
    Cases keep the items they were given (a checklist is copied, not linked)."""
    if not items:
        raise HandoverError(_("模板至少需要一个事项"))
    with transaction.atomic():
        clash = HandoverTemplate.objects.filter(company=company, case_type=case_type, org_unit=org_unit)
        if template is not None:
            clash = clash.exclude(pk=template.pk)
        if clash.exists():
            raise HandoverError(_("该公司、案件类型和部门已有模板，请直接修改它"))
        if template is None:
            template = HandoverTemplate(company=company)
        template.case_type, template.org_unit, template.name, template.updated_by = case_type, org_unit, name, acting_user
        template.save()
        template.items.all().delete()
        HandoverTemplateItem.objects.bulk_create([
            HandoverTemplateItem(template=template, order=n, **row) for n, row in enumerate(items, start=1)])
        record(TEMPLATE_LEDGER_TYPE, template.pk, {
            "company": company.code, "case_type": case_type, "org_unit": org_unit.code if org_unit else None,
            "name": name, "items": items,
        }, actor=acting_user, event="handover.template_saved")
    return template


# --- 企业微信 离职继承 ---------------------------------------------------------------------------


def transfer_wecom(item: HandoverItem, *, acting_user, handover_userid: str, takeover_userid: str) -> dict:
    """Hand the leaver's WeCom customers and customer groups to the successor (wecom.py), on the WeCom item;
    the outcome is recorded and noted on the item for the receiver, who still confirms it."""
    _require_working(item.case)
    if item.category != "wecom":
        raise HandoverError(_("只有企业微信客户与客户群事项可以执行离职继承"))
    client = wecom.transport()
    if client is None:
        raise HandoverError(_("未配置企业微信接口（FAREWELL_WECOM_TRANSPORT）"))
    if not handover_userid or not takeover_userid or handover_userid == takeover_userid:
        raise HandoverError(_("请填写离职成员和接替成员的企业微信账号（两者不同）"))
    try:
        result = wecom.ResignedTransfer(client).transfer_all(handover_userid, takeover_userid)
    except wecom.WeComError as exc:
        raise HandoverError(_("企业微信接口返回错误：%(e)s") % {"e": exc}) from None
    summary = _("企业微信离职继承：客户 %(c)s 个已转交、%(cf)s 个失败；客户群 %(g)s 个已转交、%(gf)s 个失败") % {
        "c": len(result.customers_transferred), "cf": len(result.customers_failed),
        "g": len(result.chats_transferred), "gf": len(result.chats_failed)}
    with transaction.atomic():
        HandoverItem.objects.filter(pk=item.pk).update(owner_note=summary)
        item.owner_note = summary
        record(LEDGER_TYPE, item.code, {**item_payload(item), "handover_userid": handover_userid,
                                        "takeover_userid": takeover_userid, **result.as_dict()},
               actor=acting_user, event="handover.wecom_transferred")
    return result.as_dict()
