"""The case state machine, workflow templates and who may act on a step.

A transition is one row of TRANSITIONS and one conditional UPDATE (`WHERE status = expected`):
when another actor got there first the update touches no row and StaleState is raised.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from farewell.accounts import policy
from farewell.accounts.company_settings import settings_company_ids
from farewell.accounts.models import Role, RoleGrant, User
from farewell.common.wording import Joined, Words, as_json
from farewell.org.holidays import work_calendar
from farewell.org.models import Employee

from .models import (
    FAULT_OR_NOTICE_GROUNDS,
    STEP_ROLES,
    CaseSettings,
    CaseStatus,
    CaseStep,
    SeparationCase,
    StepCondition,
    StepKind,
    StepStatus,
    WorkflowStepTemplate,
    WorkflowTemplate,
)

S = CaseStatus

# (status, action) → new status. Everything not listed is refused. A resignation
# (notice_received) has no review and no rejection (LCL 37): HR acknowledges it.
TRANSITIONS: dict[tuple[str, str], str] = {
    (S.DRAFT, "submit"): S.IN_REVIEW,
    (S.DRAFT, "withdraw"): S.WITHDRAWN,
    (S.IN_REVIEW, "approve"): S.APPROVED,
    (S.IN_REVIEW, "reject"): S.REJECTED,
    (S.IN_REVIEW, "return"): S.DRAFT,
    (S.IN_REVIEW, "withdraw"): S.WITHDRAWN,
    (S.APPROVED, "start_handover"): S.IN_HANDOVER,
    (S.NOTICE_RECEIVED, "acknowledge"): S.IN_HANDOVER,
    (S.IN_HANDOVER, "close"): S.CLOSED,
    # 重新提交审批: HR takes an approved case (or one in handover) back into review, with a reason, while
    # nothing irreversible has happened yet (services.reopen_refusals: a frozen settlement, a payment, a
    # document sent for signature or signed, a 辞退决定 delivered). A new round: every approval is asked again.
    (S.APPROVED, "reopen"): S.IN_REVIEW,
    (S.IN_HANDOVER, "reopen"): S.IN_REVIEW,
}
ACTIONS = sorted({action for _, action in TRANSITIONS})
# Actions HR takes on the case itself (the others follow from step decisions).
HR_ACTIONS = {"submit", "withdraw", "start_handover", "acknowledge", "close", "reopen"}


class CaseError(Exception):
    """A refused operation, with a message for the person who tried."""


class StaleState(CaseError):
    """Someone else changed the case or the step first."""


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        label = dict(CaseStatus.choices).get(status, status)
        raise CaseError(_("案件当前状态为“%(status)s”，不能执行此操作（%(action)s）") % {
            "status": label, "action": action}) from None


def allowed_actions(status: str) -> list[str]:
    return [action for (frm, action) in TRANSITIONS if frm == status]


# --- templates -------------------------------------------------------------------------------


def current_template(company_id: int, case_type: str) -> WorkflowTemplate:
    """The company's newest version of the case type's workflow (each company has its own)."""
    template = (WorkflowTemplate.objects.filter(company_id=company_id, case_type=case_type)
                .order_by("-version").first())
    if template is None:
        raise CaseError(f"no workflow template for {case_type} in company {company_id}")
    return template


def templates_for(user, action: str = "workflow.configure"):
    """The workflow templates (every version) of the companies whose settings `user` configures:
    the scoped queryset for settings pages and the API (accounts.company_settings)."""
    return WorkflowTemplate.objects.filter(company_id__in=settings_company_ids(user, action))


def template_in_use(template: WorkflowTemplate) -> bool:
    return SeparationCase.objects.filter(workflow=template).exists()


def step_applies(step: WorkflowStepTemplate, case: SeparationCase) -> bool:
    """The optional conditions: legal review when the extra exceeds the cap or the ground is
    LCL 39/40; leadership when the offered total exceeds an amount."""
    if step.condition == StepCondition.ALWAYS:
        return True
    if case.is_civil_service:
        return True  # 公务员法: no extra, cap or total to condition on; a step the organ configured is taken
    if step.condition == StepCondition.EXTRA_OVER_CAP_OR_FAULT:
        over_cap = case.extra_cap is not None and case.extra_compensation > case.extra_cap
        return over_cap or case.ground in FAULT_OR_NOTICE_GROUNDS
    if step.condition == StepCondition.TOTAL_OVER:
        return case.offered_amount > (step.condition_amount or Decimal(0))
    return True


# Why a conditional step is (or is no longer) needed: kept on the step as its facts (CaseStep.reason) and worded
# for each reader (reason_words), because the extra-compensation cap is for HR, legal and leadership only
# (accounts.policy "case.extra_cap"): the line manager reading the same step list gets the words without it.
# why → (the message, the message without the cap's figure or None when it names no cap).
REASON_MESSAGES: dict[str, tuple[str, str | None]] = {
    "civil_service": (gettext_noop("公务员法案件没有补偿金额可作为条件：此步骤一律办理"), None),
    "fault_ground": (gettext_noop("事由属于《劳动合同法》第三十九/四十条，需要此步骤"), None),
    "extra_over_cap": (gettext_noop("协商额外补偿 %(extra)s 元超出上限 %(cap)s 元，需要此步骤"),
                       gettext_noop("协商额外补偿 %(extra)s 元超出公司政策上限，需要此步骤")),
    "extra_within_cap": (
        gettext_noop("协商额外补偿 %(extra)s 元未超出上限 %(cap)s 元，且事由不属于第三十九/四十条：不再需要此步骤"),
        gettext_noop("协商额外补偿 %(extra)s 元未超出公司政策上限，且事由不属于第三十九/四十条：不再需要此步骤")),
    "total_over": (gettext_noop("拟支付总额 %(total)s 元超过 %(amount)s 元，需要此步骤"), None),
    "total_within": (gettext_noop("拟支付总额 %(total)s 元未超过 %(amount)s 元：不再需要此步骤"), None),
}
# A step skipped before the reason was kept as facts: its comment was worded with the figures, so a reader who
# may not see the cap gets this instead.
LEGACY_SKIP_REASON = gettext_noop("案件事实变化后不再需要此步骤")


def condition_facts(step: WorkflowStepTemplate, case: SeparationCase, applies: bool) -> dict | None:
    """Why a conditional step is (or is no longer) needed, as facts kept on the step (None: not conditional)."""
    if case.is_civil_service and step.condition != StepCondition.ALWAYS:
        return {"why": "civil_service"}
    if step.condition == StepCondition.EXTRA_OVER_CAP_OR_FAULT:
        if applies and case.ground in FAULT_OR_NOTICE_GROUNDS:
            return {"why": "fault_ground"}
        return {"why": "extra_over_cap" if applies else "extra_within_cap",
                "extra": str(case.extra_compensation), "cap": str(case.extra_cap)}
    if step.condition == StepCondition.TOTAL_OVER:
        return {"why": "total_over" if applies else "total_within",
                "total": str(case.offered_amount), "amount": str(step.condition_amount or Decimal(0))}
    return None


def reason_words(facts: dict | None, *, sees_cap: bool) -> Words | str:
    """The kept reason worded for a reader: with the cap's figure only when `sees_cap` (access.sees_extra_cap)."""
    if not facts or facts.get("why") not in REASON_MESSAGES:
        return ""
    full, without_cap = REASON_MESSAGES[facts["why"]]
    params = {k: v for k, v in facts.items() if k != "why"}
    if without_cap and not sees_cap:
        params.pop("cap", None)
        return Words(without_cap, **params)
    return Words(full, **params)


def condition_reason(step: WorkflowStepTemplate, case: SeparationCase, applies: bool) -> str:
    """The reason in full, in the active language (the ledger's record of a skipped or added step)."""
    return str(reason_words(condition_facts(step, case, applies), sees_cap=True))


def shown_comment(step: CaseStep, *, sees_cap: bool) -> str:
    """A step's comment as `sees_cap`'s reader may read it: the kept reason worded for them; a step skipped
    before reasons were kept (its comment has the figures in the writer's language) a plain reason for a reader
    who may not see the cap; a decision's comment as its decider wrote it."""
    if step.reason:
        return str(reason_words(step.reason, sees_cap=sees_cap))
    if step.status == StepStatus.SKIPPED and step.decided_by_id is None and step.comment and not sees_cap:
        return _(LEGACY_SKIP_REASON)
    return step.comment


def due_date_for(step: WorkflowStepTemplate, start: dt.date) -> dt.date:
    """Workflow due times count working days (DESIGN: working days), on the holiday table HR keeps too."""
    return work_calendar().add_working_days(start, step.due_working_days)


# --- who may act -----------------------------------------------------------------------------
#
# A step is routed when it becomes active (route_step): the people found are its `assignees`. Whoever
# it was routed to may act on it; so may whoever the step's role rule names today (a grant created
# later) — never the case's opener (four eyes), except HR review where the company allows it.


def opener_may_decide(step: CaseStep) -> bool:
    """Four eyes: the opener may decide only HR review, and only where the company allows it. The
    employee's own confirmation is the employee's consent, not a review: four eyes does not apply."""
    if step.kind == StepKind.EMPLOYEE_CONFIRMATION:
        return True
    return step.kind == StepKind.HR_REVIEW and CaseSettings.for_company(step.case.company_id).opener_may_do_hr_review


def opener_refused(user, step: CaseStep) -> bool:
    """True when four eyes forbids `user` to decide `step` (they opened the case)."""
    opener_id = step.case.opened_by_id
    return opener_id is not None and user.pk == opener_id and not opener_may_decide(step)


def _is_assignee(user, step: CaseStep) -> bool:
    # .all() uses the page's prefetch when there is one.
    return any(u.pk == user.pk for u in step.assignees.all())


def can_act(user, step: CaseStep) -> bool:
    if not getattr(user, "is_active", False) or opener_refused(user, step):
        return False
    if _is_assignee(user, step):
        return True
    role = STEP_ROLES[step.kind]
    if role not in policy.roles_of(user):
        return False
    employee = step.case.employee
    if role == Role.EMPLOYEE:
        return user.employee_id == employee.pk
    if role == Role.MANAGER:
        return user.employee_id is not None and user.employee_id == employee.manager_id
    q = policy.scope_q(user, roles={role})
    return q is not None and Employee.objects.filter(pk=employee.pk).filter(q).exists()


def steps_q_for(user) -> Q | None:
    """Q on CaseStep for the steps `user` may act on (whatever their status): the steps routed to them
    and those their roles name, less the steps of cases they opened (four eyes)."""
    if not getattr(user, "is_active", False):
        return None
    parts = [Q(pk__in=CaseStep.assignees.through.objects.filter(user_id=user.pk).values("casestep_id"))]
    for role in policy.roles_of(user):
        kinds = [kind for kind, r in STEP_ROLES.items() if r == role]
        if not kinds:
            continue
        if role == Role.EMPLOYEE:
            if user.employee_id:
                parts.append(Q(kind__in=kinds, case__employee_id=user.employee_id))
        elif role == Role.MANAGER:
            if user.employee_id:
                parts.append(Q(kind__in=kinds, case__employee__manager_id=user.employee_id))
        else:
            q = policy.scope_q(user, roles={role})
            if q is not None:
                parts.append(Q(kind__in=kinds, case__employee__in=Employee.objects.filter(q).values("pk")))
    result = parts[0]
    for part in parts[1:]:
        result |= part
    allowed_companies = CaseSettings.objects.filter(opener_may_do_hr_review=True).values("company_id")
    four_eyes = (~Q(case__opened_by_id=user.pk) | Q(kind=StepKind.EMPLOYEE_CONFIRMATION)
                 | Q(kind=StepKind.HR_REVIEW, case__company_id__in=allowed_companies))
    return result & four_eyes


def _active_logins(employee: Employee | None, role: str | None = None):
    """The employee's login if it is active (and holds `role` in the employee's company)."""
    if employee is None:
        return None
    # Read from the database, not a cached employee.user: routing must see a login deactivated since.
    users = User.objects.filter(employee=employee, is_active=True)
    if role is not None:
        users = users.filter(grants__role=role, grants__company_id=employee.company_id)
    return users.first()


def _grant_holders(case: SeparationCase, role: str) -> list:
    """Active users holding `role` with a scope covering the employee (policy.scope_q: a unit grant
    covers its subtree; no unit = the whole company)."""
    path = case.employee.org_unit.path
    grants = RoleGrant.objects.filter(role=role, company_id=case.company_id, user__is_active=True).select_related(
        "user", "org_unit")
    users = {g.user for g in grants if g.org_unit is None or path.startswith(g.org_unit.path)}
    return sorted(users, key=lambda u: u.pk)


def users_for_role(case: SeparationCase, role: str) -> list:
    """The active users holding `role` whose scope covers the case's employee (for notifications)."""
    employee = case.employee
    if role == Role.EMPLOYEE:
        user = _active_logins(employee)
        return [user] if user else []
    if role == Role.MANAGER:
        user = _active_logins(employee.manager)
        return [user] if user else []
    return _grant_holders(case, role)


@dataclass
class Routing:
    """Who a step goes to: the users, the fallbacks used (one sentence each), or why no one."""

    users: list = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    missing: str = ""
    # `missing` as common.wording parts: the notification to the HR admins words it in each reader's language.
    missing_words: Any = None
    # Each of `notes` as common.wording parts, in the same order.
    note_words: list = field(default_factory=list)

    @classmethod
    def nobody(cls, words, **fields) -> Routing:
        """No one can decide the step: why, worded now (the step's note, the ledger) and kept as words."""
        return cls(missing=str(words), missing_words=words, **fields)

    def fell_back(self, words) -> None:
        """A fallback used: worded now (the ledger's `fallbacks`) and kept as words (the step's note)."""
        self.notes.append(str(words))
        self.note_words.append(words)

    @property
    def note(self) -> str:
        return self.missing or "；".join(self.notes)

    @property
    def words(self) -> dict | None:
        """`note` as common.wording's JSON, for the step (`routing_words`): worded in each reader's language."""
        if self.missing:
            return as_json(self.missing_words) if self.missing_words is not None else None
        if not self.note_words:
            return None
        return as_json(Joined(self.note_words, mark="semicolon"))


# How far up the manager chain and the unit tree the line-manager fallback walks.
MAX_CHAIN = 20


def _why_not(employee: Employee, role: str | None, opener_id) -> Words | str:
    """Why this person's login cannot take the step (for the fallback note), as words."""
    user = User.objects.filter(employee=employee).first()
    if user is None:
        return Words(gettext_noop("无登录账号"))
    if not user.is_active:
        return Words(gettext_noop("账号已停用"))
    if opener_id is not None and user.pk == opener_id:
        return Words(gettext_noop("是案件发起人"))
    if role is not None:
        return Words(gettext_noop("无%(role)s角色"), role=Role(role).label)
    return ""


def _route_line_manager(case: SeparationCase, eligible, opener_id) -> Routing:
    """The manager's login (role manager), up the manager chain, then the head of the employee's unit
    and of each ancestor unit, then the company's HR admins; each fallback recorded."""
    employee = case.employee
    routing = Routing()
    skipped: list = []  # "name：why" for each manager passed over, as words (the reader's marks)
    manager, seen = employee.manager, {employee.pk}
    for _depth in range(MAX_CHAIN):
        if manager is None or manager.pk in seen:
            break
        seen.add(manager.pk)
        user = _active_logins(manager, Role.MANAGER)
        if user is not None and eligible(user):
            if skipped:
                routing.fell_back(Words(gettext_noop("直接上级无可用账号（%(skipped)s），已转至上级 %(to)s"),
                                        skipped=Joined(skipped, mark="enumeration"), to=manager.name))
            routing.users = [user]
            return routing
        skipped.append(Joined([manager.name, _why_not(manager, Role.MANAGER, opener_id)], mark="colon"))
        manager = manager.manager
    chain = (Words(gettext_noop("直接上级无可用账号（%(skipped)s）"), skipped=Joined(skipped, mark="enumeration"))
             if skipped else Words(gettext_noop("未设置直接上级")))
    unit, heads_seen = employee.org_unit, set()
    for _depth in range(MAX_CHAIN):
        if unit is None:
            break
        head = unit.head
        if head is not None and head.pk != employee.pk and head.pk not in heads_seen:
            heads_seen.add(head.pk)
            user = _active_logins(head)
            if user is not None and eligible(user):
                routing.fell_back(Words(gettext_noop("%(chain)s，已转至部门负责人 %(to)s（%(unit)s）"),
                                        chain=chain, to=head.name, unit=unit.name))
                routing.users = [user]
                return routing
        unit = unit.parent
    admins = [u for u in _grant_holders(case, Role.HR_ADMIN) if eligible(u)]
    if admins:
        routing.fell_back(Words(gettext_noop("%(chain)s，部门负责人也无可用账号，已转至HR管理员 %(to)s"),
                                chain=chain, to=Joined([str(u) for u in admins], mark="enumeration")))
        routing.users = admins
        return routing
    target = employee.manager.name if employee.manager else employee.org_unit.name
    routing.missing_words = Words(gettext_noop("无人可审批：需为 %(who)s 授予 %(role)s 角色"),
                                  who=target, role=Role.MANAGER.label)
    routing.missing = str(routing.missing_words)
    return routing


def route_step(step: CaseStep) -> Routing:
    """Resolve an active step to the people who may decide it: active logins holding the step's role
    with a scope covering the employee, never the opener (four eyes) unless allowed; line-manager
    confirmation falls back (see _route_line_manager). No one: Routing.missing says whom to grant what."""
    case = step.case
    employee = case.employee
    role = STEP_ROLES[step.kind]
    opener_id = None if opener_may_decide(step) else case.opened_by_id

    def eligible(user) -> bool:
        return user.is_active and user.pk != opener_id

    if step.kind == StepKind.MANAGER_CONFIRMATION:
        return _route_line_manager(case, eligible, opener_id)
    if role == Role.EMPLOYEE:
        user = _active_logins(employee)
        if user is not None:
            return Routing(users=[user])
        return Routing.nobody(Words(gettext_noop("无人可审批：需为 员工 %(who)s 开通登录账号并授予 %(role)s 角色"),
                                    who=employee.name, role=Role(role).label))
    holders = _grant_holders(case, role)
    users = [u for u in holders if eligible(u)]
    if users:
        return Routing(users=users)
    missing = Words(gettext_noop("无人可审批：需为 %(who)s 授予 %(role)s 角色"), who=employee.org_unit.name,
                    role=Role(role).label)
    if holders:  # the only holder is the opener
        missing += Words(gettext_noop("（唯一的%(role)s %(opener)s 是案件发起人，按四眼原则不能审批）"),
                         role=Role(role).label, opener=holders[0])
    return Routing.nobody(missing)


def users_for_step(step: CaseStep) -> list:
    """The people to remind about an active step: its active assignees (routing happened on activation)."""
    return [u for u in step.assignees.all() if u.is_active]


def _has_user(employee: Employee) -> bool:
    try:
        return employee.user is not None
    except Employee.user.RelatedObjectDoesNotExist:
        return False


def hr_users_for(case: SeparationCase) -> list:
    return users_for_role(case, Role.HRBP)


def hr_admins_for(case: SeparationCase) -> list:
    return _grant_holders(case, Role.HR_ADMIN)


__all__ = [
    "ACTIONS", "HR_ACTIONS", "TRANSITIONS", "CaseError", "StaleState", "StepKind", "allowed_actions",
    "Routing", "can_act", "current_template", "templates_for", "due_date_for", "hr_admins_for", "hr_users_for", "next_status",
    "opener_refused", "route_step", "step_applies", "steps_q_for", "template_in_use", "users_for_role", "users_for_step",
]
