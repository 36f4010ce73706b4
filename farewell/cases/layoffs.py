"""Layoff batches (LCL 41): one decision about many people.

HR creates a batch (name, planned separation date, the LCL 41 ¶1 situation) and selects its members;
each member gets a case of ground economic_layoff linked to the batch. The batch is submitted once
and approved once: its steps are the layoff workflow template's, decided for all members together;
the members' cases have no steps of their own and their status follows the batch's (BATCH_TRANSITIONS
× MEMBER_ACTION). The engine runs again for every member at every decision. The explanation to the
union or staff (30 days ahead) and the report to the labour bureau are recorded once for the batch,
with their documents; the final approval checks them against the planned date. The LCL 41 ¶3
rehiring priority is a dated duty the sweep reminds.

Every state change: keyword-only acting_user, one transaction, the ledger row inside it,
notifications on commit (STYLE 2-3).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from dateutil.relativedelta import relativedelta
from django.core.exceptions import PermissionDenied
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts.models import Role
from farewell.common.wording import Words, choice, in_each_language
from farewell.ledger.services import record
from farewell.org.models import Employee

from . import services, workflow
from .layoff_choices import BatchStatus, FilingKind, LayoffReason
from .layoff_models import LayoffFiling, LayoffMember, LayoffReminder, LayoffStep
from .layoff_routing import (
    can_act,
    counted_members,
    covering_holders,
    hr_users_for,
    opener_refused,
    route_step,
)
from .layoff_rules import (
    EXPLANATION_DAYS,
    REHIRE_MONTHS,
    REHIRE_RULE,
    Priority,
    current_filings,
    explanation_due,
    filing_label,
    latest_checks,
    member_of,
    member_refusal,
    priority_for,
    procedure_problems,
)
from .layoff_size import layoff_size
from .models import (
    PENDING_STEP_STATUSES,
    CaseFamily,
    CaseStatus,
    CaseType,
    Risk,
    SeparationCase,
    StepCondition,
    StepKind,
    StepStatus,
    WorkflowStepTemplate,
)
from .uploads import DocumentError, check_document
from .workflow import CaseError, StaleState

LEDGER_TYPE = "cases.casefamily"
EXPLANATION_REMINDER_DAYS = 7  # the sweep starts reminding a week before the explanation is due


B = BatchStatus
# (batch status, action) → new batch status. Everything not listed is refused.
BATCH_TRANSITIONS: dict[tuple[str, str], str] = {
    (B.DRAFT, "submit"): B.IN_REVIEW,
    (B.DRAFT, "withdraw"): B.WITHDRAWN,
    (B.IN_REVIEW, "approve"): B.APPROVED,
    (B.IN_REVIEW, "reject"): B.REJECTED,
    (B.IN_REVIEW, "return"): B.DRAFT,
    (B.IN_REVIEW, "withdraw"): B.WITHDRAWN,
}
BATCH_ACTIONS = sorted({action for _, action in BATCH_TRANSITIONS})
# HR's actions on the batch itself (the others follow from step decisions).
HR_BATCH_ACTIONS = ("submit", "withdraw")
# A member's case takes the same action as its batch, from the same status (draft ↔ draft,
# in_review ↔ in_review): the members' statuses follow the batch's.
MEMBER_ACTION = {action: action for action in BATCH_ACTIONS}
# Step kinds a batch does not use: a batch has no single line manager and a layoff is not the
# employee's to confirm (each member's manager sees the member's case).
NOT_FOR_BATCH = frozenset({StepKind.MANAGER_CONFIRMATION, StepKind.EMPLOYEE_CONFIRMATION})
DECISIONS = ("approve", "reject", "return")


def next_batch_status(status: str, action: str) -> str:
    try:
        return BATCH_TRANSITIONS[(status, action)]
    except KeyError:
        raise CaseError(f"{action} is not allowed from {status}") from None


def allowed_batch_actions(status: str) -> list[str]:
    return [action for (frm, action) in BATCH_TRANSITIONS if frm == status]


def batch_link(family: CaseFamily) -> str:
    return reverse("cases:family_detail", args=[family.code])


def _record(family: CaseFamily, event: str, payload: dict, *, actor) -> None:
    record(LEDGER_TYPE, family.code, {"batch": family.code, **payload}, actor=actor, event=event)


# --- creating and editing a batch ------------------------------------------------------------


def _check_batch_fields(*, title: str, planned_date, reason_code: str) -> None:
    if not (title or "").strip():
        raise CaseError(_("请填写批次名称"))
    if planned_date is None:
        raise CaseError(_("请填写计划解除日"))
    if reason_code not in LayoffReason.values:
        raise CaseError(_("请选择《劳动合同法》第四十一条第一款规定的裁员情形"))


def create_batch(company, employees: list[Employee], *, acting_user, title: str, planned_date: dt.date,
                 reason_code: str, reason: str = "", long_term_months: int = 36) -> CaseFamily:
    """A new batch in draft with its members (one case each, ground economic_layoff)."""
    _check_batch_fields(title=title, planned_date=planned_date, reason_code=reason_code)
    if not employees:
        raise CaseError(_("请选择裁减人员"))
    refusals = [r for r in (member_refusal(e, company.pk) for e in employees) if r]
    if refusals:
        raise CaseError("\n".join(refusals))
    with transaction.atomic():
        family = CaseFamily.objects.create(
            company=company, title=title.strip(), status=BatchStatus.DRAFT, reason_code=reason_code,
            reason=reason, planned_date=planned_date, workflow=workflow.current_template(company.pk, CaseType.LAYOFF),
            long_term_months=long_term_months, created_by=acting_user,
        )
        _record(family, "layoff.created", {
            "title": family.title, "planned_date": planned_date, "reason_code": reason_code, "reason": reason,
            "long_term_months": long_term_months, "workflow": family.workflow_id,
            "workflow_version": family.workflow.version,
        }, actor=acting_user)
        _open_members(family, employees, actor=acting_user)
    return family


def _open_members(family: CaseFamily, employees: list[Employee], *, actor) -> list[SeparationCase]:
    cases = []
    for employee in employees:
        try:
            cases.append(services.open_case(employee, CaseType.LAYOFF, actor=actor, separation_date=family.planned_date,
                                            reason=family.reason, family=family))
        except CaseError as exc:
            raise CaseError(f"{employee.name}（{employee.employee_number}）：{exc}") from None
    LayoffMember.objects.bulk_create([LayoffMember(family=family, case=c) for c in cases])
    _record(family, "layoff.members_added", {
        "cases": [c.code for c in cases], "employees": [c.employee.code for c in cases],
    }, actor=actor)
    # The headcount grew with every case opened: the members opened before the last ran on a smaller one.
    last = cases[-1].pk if cases else None
    for case in family.cases.filter(status__in=services.FAMILY_RERUN_STATUSES).exclude(pk=last).select_related(
            "employee__company", "family"):
        services.run_engine(case, actor=actor)
    return cases


def _require_draft(family: CaseFamily) -> None:
    if family.status != BatchStatus.DRAFT:
        raise CaseError(_("裁员批次已提交审批，不能再修改：请先退回批次"))


def add_members(family: CaseFamily, employees: list[Employee], *, acting_user) -> list[SeparationCase]:
    _require_draft(family)
    if not employees:
        raise CaseError(_("请选择裁减人员"))
    refusals = [r for r in (member_refusal(e, family.company_id) for e in employees) if r]
    if refusals:
        raise CaseError("\n".join(refusals))
    with transaction.atomic():
        return _open_members(family, employees, actor=acting_user)


def remove_member(family: CaseFamily, case: SeparationCase, *, acting_user, comment: str = "") -> None:
    """Take a member out of a draft batch: the member's case is withdrawn, the headcount recomputed."""
    _require_draft(family)
    if case.family_id != family.pk:
        raise CaseError(_("该案件不属于本批次"))
    with transaction.atomic():
        case.family = family
        services.withdraw_case(case, actor=acting_user, comment=comment or _("从裁员批次中移除"))
        _record(family, "layoff.member_removed", {"case": case.code, "employee": case.employee.code,
                                                  "comment": comment}, actor=acting_user)


def update_batch(family: CaseFamily, *, acting_user, title: str, planned_date: dt.date, reason_code: str,
                 reason: str = "", long_term_months: int = 36) -> CaseFamily:
    """Change a draft batch; a new planned date moves every member's separation date (the engine runs again)."""
    _check_batch_fields(title=title, planned_date=planned_date, reason_code=reason_code)
    old_date = family.planned_date
    with transaction.atomic():
        saved = CaseFamily.objects.filter(pk=family.pk, status=BatchStatus.DRAFT).update(
            title=title.strip(), planned_date=planned_date, reason_code=reason_code, reason=reason,
            long_term_months=long_term_months, updated_at=timezone.now())
        if not saved:
            raise StaleState(_("裁员批次已提交审批，不能再修改：请先退回批次"))
        family.title, family.planned_date, family.reason_code = title.strip(), planned_date, reason_code
        family.reason, family.long_term_months = reason, long_term_months
        _record(family, "layoff.updated", {
            "title": family.title, "planned_date": planned_date, "old_planned_date": old_date,
            "reason_code": reason_code, "reason": reason, "long_term_months": long_term_months,
        }, actor=acting_user)
        if planned_date != old_date:
            for case in family.cases.filter(status=CaseStatus.DRAFT).select_related("employee__company", "family"):
                case.family = family
                services.update_case(case, actor=acting_user, separation_date=planned_date,
                                     last_working_day=planned_date)
    return family


@dataclass(frozen=True)
class Answer:
    sole_earner: bool
    reason: str = ""
    retention_reason: str = ""


def answer_members(family: CaseFamily, answers: dict[int, Answer], *, acting_user) -> int:
    """HR's answers per member (case id → Answer) for LCL 41 ¶2(3), which the records do not hold, and
    why a member in a priority group is laid off all the same. Returns how many changed."""
    _require_draft(family)
    members = {m.case_id: m for m in family.members.filter(case_id__in=list(answers)).select_related("case__employee")}
    problems = []
    for case_id, answer in answers.items():
        member = members.get(case_id)
        if member is None:
            raise CaseError(_("该案件不属于本批次"))
        if answer.sole_earner and not answer.reason.strip():
            problems.append(_("%(name)s：勾选“家庭无其他就业人员，有需要扶养的老人或者未成年人”时请写明依据") % {
                "name": member.case.employee.name})
    if problems:
        raise CaseError("\n".join(problems))
    now = timezone.now()
    changed = []
    with transaction.atomic():
        for case_id, answer in answers.items():
            member = members[case_id]
            new = (answer.sole_earner, answer.reason.strip(), answer.retention_reason.strip())
            if member.answered_at is not None and (member.sole_earner, member.sole_earner_reason,
                                                   member.retention_reason) == new:
                continue
            LayoffMember.objects.filter(pk=member.pk).update(
                sole_earner=new[0], sole_earner_reason=new[1], retention_reason=new[2], answered_by=acting_user,
                answered_at=now)
            changed.append({"case": member.case.code, "sole_earner": new[0], "reason": new[1],
                            "retention_reason": new[2]})
        if changed:
            _record(family, "layoff.members_answered", {"answers": changed}, actor=acting_user)
    return len(changed)


# --- the procedure filings (LCL 41 ¶1) --------------------------------------------------------


def record_filing(family: CaseFamily, kind: str, *, acting_user, done_on: dt.date, addressee: str, upload,
                  summary: str = "", correction_reason: str = "", today: dt.date | None = None) -> LayoffFiling:
    """Record that the explanation or the report was done (a date not in the future, the document).
    Once per batch: a second record of a kind is a correction with its reason, pointing to the first."""
    today = today or timezone.localdate()
    if kind not in FilingKind.values:
        raise CaseError(f"unknown filing {kind}")
    if family.status not in (BatchStatus.DRAFT, BatchStatus.IN_REVIEW, BatchStatus.APPROVED):
        raise CaseError(_("裁员批次已结束，不能再记录"))
    if done_on is None:
        raise CaseError(_("请填写日期"))
    if done_on > today:
        raise CaseError(_("%(what)s：日期 %(day)s 尚未到来；请在完成后记录") % {"what": filing_label(kind), "day": done_on})
    if not (addressee or "").strip():
        raise CaseError(_("请填写对象（工会、全体职工或劳动行政部门）"))
    try:
        checked = check_document(upload, field=filing_label(kind))
    except DocumentError as exc:
        raise CaseError(str(exc)) from None
    existing = current_filings(family)
    previous = existing.get(kind)
    if previous is not None and not correction_reason.strip():
        raise CaseError(_("%(what)s已于 %(day)s 记录；如需更正，请写明更正理由") % {
            "what": filing_label(kind), "day": previous.done_on})
    if kind == FilingKind.REPORT and FilingKind.EXPLANATION not in existing:
        raise CaseError(_("请先记录向工会或者全体职工说明情况、听取意见，再记录向劳动行政部门报告"))
    stored = None
    try:
        with transaction.atomic():
            filing = LayoffFiling(family=family, kind=kind, done_on=done_on, addressee=addressee.strip(),
                                  summary=summary.strip(), document=checked.name[:200],
                                  document_sha256=checked.sha256, corrects=previous,
                                  correction_reason=correction_reason.strip() if previous else "",
                                  recorded_by=acting_user)
            filing.document_file.save(f"{filing.code}{Path(checked.name).suffix.lower()}", upload, save=False)
            stored = filing.document_file.name
            try:
                with transaction.atomic():
                    filing.save()
            except IntegrityError:
                raise StaleState(_("%(what)s已被他人记录，请刷新后再试") % {"what": filing_label(kind)}) from None
            due = explanation_due(family)
            _record(family, "layoff.filing_recorded", {
                "filing": filing.code, "kind": kind, "done_on": done_on, "addressee": filing.addressee,
                "summary": filing.summary, "document": checked.name, "document_sha256": checked.sha256,
                "document_size": checked.size, "document_type": checked.content_type,
                "corrects": previous.code if previous else None, "correction_reason": filing.correction_reason,
                "planned_date": family.planned_date,
                **({"late": done_on > due} if kind == FilingKind.EXPLANATION and due else {}),
            }, actor=acting_user)
    except Exception:
        if stored:
            LayoffFiling._meta.get_field("document_file").storage.delete(stored)
        raise
    return filing


# --- routing and who may decide a batch step ---------------------------------------------------


def _route(step: LayoffStep, *, actor, event: str) -> int:
    family = step.family
    routing = route_step(step)
    step.assignees.set(routing.users)
    step.routing_note, step.routing_words = routing.note, routing.words
    step.unrouted = not routing.users
    step.save(update_fields=["routing_note", "routing_words", "unrouted"])
    _record(family, event, {
        "step": step.code, "kind": step.kind, "round": step.round, "due_date": step.due_date,
        "assignees": [u.pk for u in routing.users], "unrouted": step.unrouted, "missing": routing.missing,
    }, actor=actor)
    if routing.users:
        # The summary reads every member's records: worded here in each language, shown in the reader's.
        body = (Words(gettext_noop("请在 %(due)s 前处理。"), due=step.due_date) + "\n\n"
                + in_each_language(lambda: decision_summary(family)))
        return services._notify_all(routing.users, Words(gettext_noop("待办：%(step)s · 裁员批次 %(title)s"),
                                                         step=choice(StepKind, step.kind), title=family.title),
                                    body, link=batch_link(family))
    admins = covering_holders(family, Role.HR_ADMIN)
    return services._notify_all(admins, Words(
        gettext_noop("%(missing)s · %(step)s · 裁员批次 %(title)s"), missing=routing.missing_words or routing.missing,
        step=choice(StepKind, step.kind), title=family.title),
        Words(gettext_noop("授予角色后，打开批次页面时会重新分派。")), link=batch_link(family))


def reroute_batch(family: CaseFamily, *, actor=None) -> int:
    """The batch page and the sweep: an active step no active person holds is routed again (a grant may
    exist now). Returns how many notifications were created."""
    if family.status != BatchStatus.IN_REVIEW:
        return 0
    notes = 0
    for step in family.steps.filter(status=StepStatus.ACTIVE).exclude(assignees__is_active=True):
        step.family = family
        with transaction.atomic():
            routing = route_step(step)
            if routing.users:
                notes += _route(step, actor=actor, event="layoff.step.rerouted")
            elif (routing.words or routing.note) != (step.routing_words or step.routing_note):
                LayoffStep.objects.filter(pk=step.pk).update(routing_note=routing.note, routing_words=routing.words,
                                                             unrouted=True)
    return notes


def decision_summary(family: CaseFamily) -> str:
    """What the one deciding must see: the size and the LCL 41 verdict, the procedure, each member's
    legality and warnings, and the money."""
    size = layoff_size(family)
    lines = [_("裁员情形：%(reason)s") % {"reason": LayoffReason(family.reason_code).label if family.reason_code else "—"},
             _("裁减人数 %(n)s / 企业职工总数 %(total)s（%(share)s%%）：%(verdict)s") % {
                 "n": size.layoff_headcount, "total": size.employer_headcount, "share": size.share_percent,
                 "verdict": _("适用第四十一条程序") if size.required else _("未达到第四十一条规模")}]
    problems = procedure_problems(family, size, current_filings(family))
    lines += [f"  · {p}" for p in problems]
    members = list(counted_members(family).select_related("employee"))
    checks = latest_checks(members)
    quiet = 0
    for case in members:
        found = checks.get(case.pk, [])
        if not found and case.risk == Risk.NONE:
            quiet += 1
            continue
        verdict = _("存在违法风险（不能通过）") if case.risk == Risk.BLOCKED else (
            _("有风险提示") if case.risk == Risk.WARNING else _("合法"))
        lines.append(_("%(name)s（%(number)s）：%(verdict)s · %(amount)s 元") % {
            "name": case.employee.name, "number": case.employee.employee_number, "verdict": verdict,
            "amount": f"{case.offered_amount:,.2f}"})
        lines += [f"  · {v.get('message') or v.get('code')}" for v in found]
    if quiet:
        lines.append(_("其余 %(n)s 人：合法，无风险提示") % {"n": quiet})
    total = sum((c.offered_amount for c in members), Decimal(0))
    lines.append(_("拟支付总额：%(amount)s 元") % {"amount": f"{total:,.2f}"})
    return "\n".join(lines)


# --- transitions -------------------------------------------------------------------------------


def _batch_transition(family: CaseFamily, action: str, *, actor, comment: str = "", **fields) -> CaseFamily:
    """The guarded, conditional status change of the batch; the members' cases follow (the same action,
    each a conditional change of its own). StaleState when someone else moved the batch first."""
    old = family.status
    new = next_batch_status(old, action)
    updated = CaseFamily.objects.filter(pk=family.pk, status=old).update(status=new, updated_at=timezone.now(),
                                                                         **fields)
    if updated == 0:
        raise StaleState(_("裁员批次已被他人处理，请刷新后再试"))
    family.status = new
    for key, value in fields.items():
        setattr(family, key, value)
    members = list(family.cases.filter(status=old).select_related("employee"))
    for case in members:
        services._transition(case, MEMBER_ACTION[action], actor=actor,
                             comment=comment or _("随裁员批次：%(title)s") % {"title": family.title})
    _record(family, f"layoff.{action}", {"from": old, "to": new, "comment": comment,
                                         "members": [c.code for c in members], **fields}, actor=actor)
    return family


def _step_applies(template_step: WorkflowStepTemplate, members: list[SeparationCase]) -> bool:
    """The template's conditions, for the batch: legal when any member's extra exceeds its cap (a layoff
    is not an LCL 39/40 ground); leadership when the batch's offered total exceeds the amount."""
    if template_step.condition == StepCondition.EXTRA_OVER_CAP_OR_FAULT:
        return any(c.extra_cap is not None and c.extra_compensation > c.extra_cap for c in members)
    if template_step.condition == StepCondition.TOTAL_OVER:
        total = sum((c.offered_amount for c in members), Decimal(0))
        return total > (template_step.condition_amount or Decimal(0))
    return True


def submission_problems(family: CaseFamily, members: list[SeparationCase]) -> list[str]:
    """What keeps a draft batch from being submitted (the engine's verdicts come after)."""
    problems = []
    if not members:
        problems.append(_("批次中没有成员"))
    if not family.reason_code:
        problems.append(_("请选择《劳动合同法》第四十一条第一款规定的裁员情形"))
    if family.planned_date is None:
        problems.append(_("请填写计划解除日"))
    for case in members:
        member = member_of(case)
        name = case.employee.name
        refusal = member_refusal(case.employee, family.company_id)
        if refusal:
            problems.append(refusal)
        if member is None or member.answered_at is None or member.sole_earner is None:
            problems.append(_("%(name)s：请回答是否“家庭无其他就业人员，有需要扶养的老人或者未成年人”") % {"name": name})
            continue
        priority = priority_for(case, member, family.long_term_months)
        if priority.flagged and not member.retention_reason.strip():
            problems.append(_("%(name)s属于优先留用人员（%(groups)s）：请写明仍列入裁减的理由") % {
                "name": name, "groups": "、".join(priority.labels)})
    return problems


def submit_batch(family: CaseFamily, *, acting_user) -> CaseFamily:
    """Send a draft batch for review, once for all its members: every member is checked (a member the
    engine blocks — an LCL 42 status, for one — stops the batch), then the batch's steps are made."""
    next_batch_status(family.status, "submit")
    members = list(family.cases.filter(status=CaseStatus.DRAFT).select_related(
        "employee__company", "employee__org_unit", "family", "layoff_member").prefetch_related("employee__contracts"))
    problems = submission_problems(family, members)
    if problems:
        raise CaseError("\n".join(problems))
    blocked = []
    with transaction.atomic():
        for case in members:
            case.family = family
            if case.employee.rule_pack is None:
                continue
            ev = services.evaluate(case)
            if not services._same_as_stored(services.latest_run(case), ev):
                services.run_engine(case, actor=acting_user, evaluation=ev)
            if ev.risk == Risk.BLOCKED:
                blocked.append(_member_blocking_text(case, ev))
    if blocked:
        raise CaseError(_("以下成员的法律检查存在违法/阻断性问题，批次不能提交；请从批次中移除或修正事实：") + "\n"
                        + "\n".join(blocked))
    size = layoff_size(family)
    with transaction.atomic():
        if not CaseFamily.objects.filter(pk=family.pk, status=BatchStatus.DRAFT).update(round=F("round") + 1):
            raise StaleState(_("裁员批次已被他人处理，请刷新后再试"))
        family.refresh_from_db(fields=["round"])
        _batch_transition(family, "submit", actor=acting_user, comment=_("提交裁员批次审批"))
        _record(family, "layoff.submitted", {
            "round": family.round, "layoff_headcount": size.layoff_headcount,
            "employer_headcount": size.employer_headcount, "headcount_on": size.on,
            "procedure_required": size.required,
            "priority": [{"case": c.code, "groups": _priority_codes(priority_for(c, member_of(c), family.long_term_months)),
                          "retention_reason": member_of(c).retention_reason} for c in members],
        }, actor=acting_user)
        now = timezone.now()
        rows = []
        for template_step in family.workflow.steps.order_by("order"):
            if template_step.kind in NOT_FOR_BATCH:
                rows.append(LayoffStep(family=family, template_step=template_step, round=family.round,
                                       order=template_step.order, kind=template_step.kind,
                                       status=StepStatus.SKIPPED, decided_at=now,
                                       comment=_("裁员批次不设此步骤：各成员的直线经理在成员案件中查看")))
            elif _step_applies(template_step, members):
                rows.append(LayoffStep(family=family, template_step=template_step, round=family.round,
                                       order=template_step.order, kind=template_step.kind))
        LayoffStep.objects.bulk_create(rows)
        if _activate_next(family, actor=acting_user) is None:
            _finish(family, actor=acting_user, comment=_("流程无审批步骤"))
    return family


def _priority_codes(priority: Priority) -> list[str]:
    return [code for code, on in (("long_fixed_term", priority.long_fixed_term), ("open_ended", priority.open_ended),
                                  ("sole_earner", bool(priority.sole_earner))) if on]


def _member_blocking_text(case: SeparationCase, ev: services.Evaluation) -> str:
    unlawful = _("结论为不合法")
    names = "；".join(f"{v.get('message') or v.get('code')}（{v.get('article', '')}）" for v in ev.violations)
    return f"{case.employee.name}（{case.employee.employee_number}）：{names or unlawful}"


def _activate_next(family: CaseFamily, *, actor) -> LayoffStep | None:
    step = family.steps.filter(round=family.round, status=StepStatus.WAITING).order_by("order").first()
    if step is None:
        return None
    step.status = StepStatus.ACTIVE
    step.due_date = workflow.due_date_for(step.template_step, timezone.localdate())
    step.save(update_fields=["status", "due_date"])
    step.family = family
    _route(step, actor=actor, event="layoff.step.activated")
    return step


def _finish(family: CaseFamily, *, actor, comment: str) -> None:
    """The last step passed: the batch and every member are approved; the rehiring duty starts its clock."""
    until = family.planned_date + relativedelta(months=REHIRE_MONTHS)
    _batch_transition(family, "approve", actor=actor, comment=comment, rehire_until=until)
    services._notify_all(hr_users_for(family), Words(gettext_noop("裁员批次已批准：%(title)s"), title=family.title),
                         Words(gettext_noop("优先招用义务至 %(until)s。"), until=until), link=batch_link(family))


def perform(family: CaseFamily, action: str, *, acting_user, comment: str = "") -> CaseFamily:
    """HR's actions on the batch by name (the batch page)."""
    if action == "submit":
        return submit_batch(family, acting_user=acting_user)
    if action == "withdraw":
        return withdraw_batch(family, acting_user=acting_user, comment=comment)
    raise CaseError(f"unknown action {action}")


def withdraw_batch(family: CaseFamily, *, acting_user, comment: str = "") -> CaseFamily:
    with transaction.atomic():
        next_batch_status(family.status, "withdraw")
        family.steps.filter(status__in=PENDING_STEP_STATUSES).update(status=StepStatus.CANCELLED)
        return _batch_transition(family, "withdraw", actor=acting_user, comment=comment)


# --- deciding a batch step -----------------------------------------------------------------


def decide_step(step: LayoffStep, decision: str, *, acting_user, comment: str = "") -> LayoffStep:
    """Approve, reject or return the batch's active step, for all its members at once."""
    if decision not in DECISIONS:
        raise CaseError(f"unknown decision {decision}")
    family = step.family
    if opener_refused(acting_user, step):
        raise CaseError(_("四眼原则：您创建了本裁员批次，不能审批它的步骤（%(step)s）。请由其他有权限的人员办理。") % {
            "step": step.get_kind_display()})
    if not can_act(acting_user, step):
        raise PermissionDenied("case.decide")
    if step.kind == StepKind.UNION_NOTIFICATION and decision == "reject":
        raise CaseError(_("此步骤只能确认或退回"))
    if decision in ("reject", "return") and not comment.strip():
        raise CaseError(_("驳回或退回时请写明理由"))
    passed: list[str] = []
    if decision == "approve":
        with transaction.atomic():
            refusal, passed = _recheck(family, step, actor=acting_user, comment=comment)
        if refusal:
            raise CaseError(refusal)
    status = {"approve": StepStatus.DONE, "reject": StepStatus.REJECTED, "return": StepStatus.RETURNED}[decision]
    now = timezone.now()
    with transaction.atomic():
        family.refresh_from_db()
        if family.status != BatchStatus.IN_REVIEW:
            raise StaleState(_("裁员批次不在审批中"))
        won = LayoffStep.objects.filter(pk=step.pk, status=StepStatus.ACTIVE).update(
            status=status, decided_by=acting_user, decided_at=now, comment=comment, passed_warnings=passed)
        if won == 0:
            raise StaleState(_("此步骤已被他人处理，请刷新后再试"))
        step.status, step.decided_by, step.decided_at, step.comment = status, acting_user, now, comment
        filings = current_filings(family) if step.kind == StepKind.UNION_NOTIFICATION else {}
        explanation = filings.get(FilingKind.EXPLANATION)
        _record(family, f"layoff.step.{decision}", {
            "step": step.code, "kind": step.kind, "round": step.round, "comment": comment,
            **({"passed_warnings": passed, "passed_reason": comment} if passed else {}),
            **({"explanation": explanation.code, "explanation_date": explanation.done_on} if explanation else {}),
        }, actor=acting_user)
        if decision == "approve":
            if _activate_next(family, actor=acting_user) is None:
                _finish(family, actor=acting_user, comment=comment)
        else:
            family.steps.filter(round=family.round, status=StepStatus.WAITING).update(status=StepStatus.CANCELLED)
            _batch_transition(family, decision, actor=acting_user, comment=comment)
            subject = Words(gettext_noop("裁员批次被驳回") if decision == "reject" else gettext_noop("裁员批次被退回修改"))
            services._notify_all(hr_users_for(family), subject + " · " + family.title, comment, link=batch_link(family))
    return step


@dataclass
class Recheck:
    blocked: list[str] = field(default_factory=list)
    warnings: dict[str, str] = field(default_factory=dict)  # "<case code>:<code>" or "batch:<code>" → text
    total_changed: bool = False


def recheck_members(family: CaseFamily, *, actor) -> Recheck:
    """The engine again for every member under review, on the facts as they are now; a changed result is
    stored. Plus the batch's own warning (below the LCL 41 size)."""
    result = Recheck()
    members = family.cases.filter(status=CaseStatus.IN_REVIEW).select_related("employee__company", "family")
    for case in members:
        case.family = family
        if case.employee.rule_pack is None:
            continue
        ev = services.evaluate(case)
        if not services._same_as_stored(services.latest_run(case), ev):
            before = case.offered_amount
            services.run_engine(case, actor=actor, evaluation=ev)
            result.total_changed |= case.offered_amount != before
        if ev.risk == Risk.BLOCKED:
            result.blocked.append(_member_blocking_text(case, ev))
        for warning in ev.warnings:
            code = warning.get("code")
            if code not in services.DATA_WARNINGS:
                result.warnings[f"{case.code}:{code}"] = f"{case.employee.name}：{warning.get('message') or code}"
    size = layoff_size(family)
    if not size.required:
        result.warnings["batch:layoff_below_threshold"] = _(
            "裁减 %(n)s 人，不足二十人且不足企业职工总数（%(total)s 人）的百分之十：未达到《劳动合同法》第四十一条"
            "第一款的规模，能否按经济性裁员解除由法务判断（也可考虑第四十条第三项或协商一致）") % {
            "n": size.layoff_headcount, "total": size.employer_headcount}
    return result


def _reopen(family: CaseFamily, kind: str, *, actor, reason: str, changed: dict) -> list[LayoffStep]:
    """Put this round's approved steps of `kind` back to waiting (ledger: the reason and what changed);
    active steps after it wait again, the first waiting one activates."""
    reopened = []
    for step in family.steps.filter(round=family.round, kind=kind, status=StepStatus.DONE):
        if LayoffStep.objects.filter(pk=step.pk, status=StepStatus.DONE).update(
                status=StepStatus.WAITING, decided_by=None, decided_at=None, passed_warnings=[], due_date=None):
            reopened.append(step)
            _record(family, "layoff.step.reopened", {
                "step": step.code, "kind": step.kind, "round": step.round, "reason": reason,
                "decided_by": step.decided_by_id, "decided_comment": step.comment, "changes": changed,
            }, actor=actor)
    if reopened:
        first = min(s.order for s in reopened)
        family.steps.filter(round=family.round, status=StepStatus.ACTIVE, order__gt=first).update(
            status=StepStatus.WAITING, due_date=None)
        if not family.steps.filter(round=family.round, status=StepStatus.ACTIVE).exists():
            _activate_next(family, actor=actor)
    return reopened


def _recheck(family: CaseFamily, step: LayoffStep, *, actor, comment: str) -> tuple[str, list[str]]:
    """At an approval: (refusal or "", warnings legal passes). Blocking results are never approved at
    any step; warnings pass only by legal with a written reason; the union step needs the explanation
    on record and the last step the whole LCL 41 procedure, in time for the planned date."""
    check = recheck_members(family, actor=actor)
    if check.total_changed:
        _reopen(family, StepKind.LEADERSHIP_APPROVAL, actor=actor, reason=_("成员的拟支付金额已变化，需重新审批"),
                changed={"total": "changed"})
    if check.blocked:
        return _("以下成员的法律检查存在违法/阻断性问题，批次不能通过：%(names)s。请退回批次，移除该成员或修正事实后重新提交。") % {
            "names": "；".join(check.blocked)}, []
    size = layoff_size(family)
    filings = current_filings(family)
    if step.kind == StepKind.UNION_NOTIFICATION and size.required:
        explanation = filings.get(FilingKind.EXPLANATION)
        due = explanation_due(family)
        if explanation is None or explanation.done_on > due:
            return _("请先记录向工会或者全体职工说明情况（日期不晚于 %(due)s，并上传文书），再确认此步骤") % {"due": due}, []
    pending = family.steps.filter(round=family.round, status__in=PENDING_STEP_STATUSES).exclude(pk=step.pk)
    if not pending.exists():
        problems = procedure_problems(family, size, filings)
        if problems:
            return _("第四十一条规定的程序尚未完成，批次不能最终批准：%(problems)s") % {"problems": "；".join(problems)}, []
    codes = sorted(check.warnings)
    if not codes:
        return "", []
    if step.kind == StepKind.LEGAL_REVIEW:
        if not comment.strip():
            return _("存在风险提示（%(names)s）：法务通过时须写明理由。") % {
                "names": "；".join(check.warnings[c] for c in codes)}, []
        return "", codes
    this_round = list(family.steps.filter(round=family.round, kind=StepKind.LEGAL_REVIEW))
    passed = {c for s in this_round if s.status == StepStatus.DONE for c in (s.passed_warnings or [])}
    open_codes = [c for c in codes if c not in passed]
    if not open_codes:
        return "", []
    if any(s.status in PENDING_STEP_STATUSES and s.order > step.order for s in this_round):
        return "", []  # legal review comes later in this round and will see the warnings
    reopened = _reopen(family, StepKind.LEGAL_REVIEW, actor=actor, reason=_("出现法务尚未审核的风险提示"),
                       changed={"warnings": {"old": sorted(passed), "new": codes}})
    message = _("存在法务尚未审核的风险提示，不能通过：%(names)s。风险提示只能由法务审核写明理由后通过。") % {
        "names": "；".join(check.warnings[c] for c in open_codes)}
    if reopened:
        message += _("法务审核已重新打开。")
    elif not this_round:
        message += _("本流程没有法务审核步骤：请退回修改，或由HR管理员在流程模板中加入法务审核。")
    return message, []


# --- the sweep: the explanation's deadline, overdue steps, the rehiring duty ------------------


def _remind(family: CaseFamily, kind: str, day: dt.date, users, subject: Words, body: Words) -> int:
    try:
        with transaction.atomic():
            LayoffReminder.objects.create(family=family, kind=kind, day=day)  # unique: the idempotence
            return services._notify_all(users, subject, body, link=batch_link(family))
    except IntegrityError:
        return 0  # already reminded (another sweep, or a re-run)


def sweep_layoffs(*, today: dt.date | None = None) -> int:
    """`farewell sweep`: route again the batch steps no active person holds; remind HR of an explanation
    not yet recorded from a week before it is due (once a day), the deciders of an overdue batch step (once
    a day), and HR of the rehiring priority once a month while it runs. Returns how many notifications
    were created."""
    today = today or timezone.localdate()
    sent = 0
    # A step no active person holds (a grant made since, an assignee deactivated) is routed again.
    for family in CaseFamily.objects.filter(status=BatchStatus.IN_REVIEW).iterator(chunk_size=200):
        sent += reroute_batch(family, actor=None)
    horizon = today + dt.timedelta(days=EXPLANATION_DAYS + EXPLANATION_REMINDER_DAYS)
    open_batches = CaseFamily.objects.filter(
        status__in=(BatchStatus.DRAFT, BatchStatus.IN_REVIEW), planned_date__isnull=False, planned_date__lte=horizon,
    ).exclude(filings__kind=FilingKind.EXPLANATION)
    for family in open_batches.iterator(chunk_size=200):
        if not layoff_size(family).required:
            continue
        due = explanation_due(family)
        sent += _remind(family, "explanation_due", today, hr_users_for(family),
                        Words(gettext_noop("裁员批次 %(title)s：须在 %(due)s 前向工会或者全体职工说明情况"),
                              title=family.title, due=due),
                        Words(gettext_noop("尚未记录说明情况（《劳动合同法》第四十一条第一款）。计划解除日：%(planned)s。"),
                              planned=family.planned_date))
    overdue = LayoffStep.objects.filter(status=StepStatus.ACTIVE, due_date__lt=today,
                                        family__status=BatchStatus.IN_REVIEW).select_related("family")
    for step in overdue.prefetch_related("assignees"):
        sent += _remind(step.family, "step_overdue", today, [u for u in step.assignees.all() if u.is_active],
                        Words(gettext_noop("已逾期：%(step)s · 裁员批次 %(title)s"), step=choice(StepKind, step.kind),
                              title=step.family.title),
                        Words(gettext_noop("办理期限为 %(due)s，请尽快处理。"), due=step.due_date))
    duties = CaseFamily.objects.filter(status=BatchStatus.APPROVED, planned_date__lt=today,
                                       rehire_until__gte=today)
    for family in duties.iterator(chunk_size=200):
        sent += _remind(family, "rehire_priority", today.replace(day=1), hr_users_for(family),
                        Words(gettext_noop("优先招用被裁减人员：裁员批次 %(title)s（至 %(until)s）"),
                              title=family.title, until=family.rehire_until),
                        Words(REHIRE_RULE))
    return sent
