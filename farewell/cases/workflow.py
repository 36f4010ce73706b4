"""The case state machine, workflow templates and who may act on a step.

A transition is one row of TRANSITIONS and one conditional UPDATE (`WHERE status = expected`):
when another actor got there first the update touches no row and StaleState is raised.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db.models import Q
from django.utils.translation import gettext as _

from farewell import law
from farewell.accounts import policy
from farewell.accounts.models import Role, RoleGrant
from farewell.org.models import Employee

from .models import (
    FAULT_OR_NOTICE_GROUNDS,
    STEP_ROLES,
    CaseStatus,
    CaseStep,
    SeparationCase,
    StepCondition,
    StepKind,
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
}
ACTIONS = sorted({action for _, action in TRANSITIONS})
# Actions HR takes on the case itself (the others follow from step decisions).
HR_ACTIONS = {"submit", "withdraw", "start_handover", "acknowledge", "close"}


class CaseError(Exception):
    """A refused operation, with a message for the person who tried."""


class StaleState(CaseError):
    """Someone else changed the case or the step first."""


def next_status(status: str, action: str) -> str:
    try:
        return TRANSITIONS[(status, action)]
    except KeyError:
        raise CaseError(f"{action} is not allowed from {status}") from None


def allowed_actions(status: str) -> list[str]:
    return [action for (frm, action) in TRANSITIONS if frm == status]


# --- templates -------------------------------------------------------------------------------


def current_template(case_type: str) -> WorkflowTemplate:
    template = WorkflowTemplate.objects.filter(case_type=case_type).order_by("-version").first()
    if template is None:
        raise CaseError(f"no workflow template for {case_type}")
    return template


def template_in_use(template: WorkflowTemplate) -> bool:
    return SeparationCase.objects.filter(workflow=template).exists()


def step_applies(step: WorkflowStepTemplate, case: SeparationCase) -> bool:
    """The optional conditions: legal review when the extra exceeds the cap or the ground is
    LCL 39/40; leadership when the offered total exceeds an amount."""
    if step.condition == StepCondition.ALWAYS:
        return True
    if step.condition == StepCondition.EXTRA_OVER_CAP_OR_FAULT:
        over_cap = case.extra_cap is not None and case.extra_compensation > case.extra_cap
        return over_cap or case.ground in FAULT_OR_NOTICE_GROUNDS
    if step.condition == StepCondition.TOTAL_OVER:
        return case.offered_amount > (step.condition_amount or Decimal(0))
    return True


def condition_reason(step: WorkflowStepTemplate, case: SeparationCase, applies: bool) -> str:
    """Why a conditional step is (or is no longer) needed, in the words HR reads on the case page."""
    if step.condition == StepCondition.EXTRA_OVER_CAP_OR_FAULT:
        if applies:
            if case.ground in FAULT_OR_NOTICE_GROUNDS:
                return _("事由属于《劳动合同法》第三十九/四十条，需要此步骤")
            return _("协商额外补偿 %(extra)s 元超出上限 %(cap)s 元，需要此步骤") % {
                "extra": case.extra_compensation, "cap": case.extra_cap}
        return _("协商额外补偿 %(extra)s 元未超出上限 %(cap)s 元，且事由不属于第三十九/四十条：不再需要此步骤") % {
            "extra": case.extra_compensation, "cap": case.extra_cap}
    if step.condition == StepCondition.TOTAL_OVER:
        params = {"total": case.offered_amount, "amount": step.condition_amount or Decimal(0)}
        if applies:
            return _("拟支付总额 %(total)s 元超过 %(amount)s 元，需要此步骤") % params
        return _("拟支付总额 %(total)s 元未超过 %(amount)s 元：不再需要此步骤") % params
    return ""


def due_date_for(step: WorkflowStepTemplate, start: dt.date) -> dt.date:
    """Workflow due times count working days (DESIGN: working days)."""
    return law.add_working_days(start, step.due_working_days)


# --- who may act -----------------------------------------------------------------------------


def can_act(user, step: CaseStep) -> bool:
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
    """Q on CaseStep for the steps `user` may act on (whatever their status)."""
    parts = []
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
    if not parts:
        return None
    result = parts[0]
    for part in parts[1:]:
        result |= part
    return result


def users_for_role(case: SeparationCase, role: str) -> list:
    """The users holding `role` whose scope covers the case's employee (for notifications)."""
    employee = case.employee
    if role == Role.EMPLOYEE:
        user = getattr(employee, "user", None) if _has_user(employee) else None
        return [user] if user else []
    if role == Role.MANAGER:
        manager = employee.manager
        return [manager.user] if manager is not None and _has_user(manager) else []
    grants = RoleGrant.objects.filter(role=role, company_id=case.company_id).select_related("user", "org_unit")
    path = employee.org_unit.path
    users = {g.user for g in grants if g.org_unit is None or path.startswith(g.org_unit.path)}
    return sorted(users, key=lambda u: u.pk)


def users_for_step(step: CaseStep) -> list:
    return users_for_role(step.case, STEP_ROLES[step.kind])


def _has_user(employee: Employee) -> bool:
    try:
        return employee.user is not None
    except Employee.user.RelatedObjectDoesNotExist:
        return False


def hr_users_for(case: SeparationCase) -> list:
    return users_for_role(case, Role.HRBP)


__all__ = [
    "ACTIONS", "HR_ACTIONS", "TRANSITIONS", "CaseError", "StaleState", "StepKind", "allowed_actions",
    "can_act", "current_template", "due_date_for", "hr_users_for", "next_status", "step_applies",
    "steps_q_for", "template_in_use", "users_for_role", "users_for_step",
]
