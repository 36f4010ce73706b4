"""Who decides a layoff batch's steps and who hears about it: the holders of the step's role whose
scope covers every member still in the batch, never the batch's creator (four eyes)."""

from __future__ import annotations

from django.utils.translation import gettext_noop

from farewell.accounts import policy
from farewell.accounts.models import Role, RoleGrant
from farewell.common.wording import Words
from farewell.org.models import Employee

from .layoff_models import LayoffStep
from .models import STEP_ROLES, CaseFamily, CaseSettings, CaseStatus, StepKind, StepStatus
from .workflow import Routing


def counted_members(family: CaseFamily):
    """The members still in the batch (not withdrawn or rejected alone)."""
    return family.cases.exclude(status__in=(CaseStatus.WITHDRAWN, CaseStatus.REJECTED))


def member_paths(family: CaseFamily) -> list[str]:
    return list(counted_members(family).values_list("employee__org_unit__path", flat=True))


def covers_all_members(user, family: CaseFamily, roles: set[str] | None = None) -> bool:
    """`user`'s scope (for `roles`, or any role) covers every member still in the batch."""
    q = policy.scope_q(user, roles=roles)
    if q is None:
        return False
    members = counted_members(family).values("employee_id")
    outside = Employee.objects.filter(pk__in=members).exclude(q)
    return not outside.exists()


def covering_holders(family: CaseFamily, role: str) -> list:
    """Active users holding `role` whose grants, together, cover every member's unit."""
    paths = member_paths(family)
    grants = RoleGrant.objects.filter(role=role, company_id=family.company_id, user__is_active=True).select_related(
        "user", "org_unit")
    by_user: dict[int, tuple] = {}
    for grant in grants:
        user, units = by_user.get(grant.user_id, (grant.user, []))
        units.append(grant.org_unit.path if grant.org_unit else "")
        by_user[grant.user_id] = (user, units)
    users = [user for user, units in by_user.values()
             if all(any(path.startswith(unit) for unit in units) for path in paths)]
    return sorted(users, key=lambda u: u.pk)


def opener_may_decide(step: LayoffStep) -> bool:
    return step.kind == StepKind.HR_REVIEW and CaseSettings.for_company(step.family.company_id).opener_may_do_hr_review


def opener_refused(user, step: LayoffStep) -> bool:
    """Four eyes: whoever created the batch does not decide its steps (HR review only where allowed)."""
    opener_id = step.family.created_by_id
    return opener_id is not None and user.pk == opener_id and not opener_may_decide(step)


def route_step(step: LayoffStep) -> Routing:
    """The active users holding the step's role over every member, never the batch's creator (four eyes)."""
    role = STEP_ROLES[step.kind]
    opener_id = None if opener_may_decide(step) else step.family.created_by_id
    holders = covering_holders(step.family, role)
    users = [u for u in holders if u.pk != opener_id]
    if users:
        return Routing(users=users)
    missing = Words(gettext_noop("无人可审批：需授予覆盖本批次全部成员的 %(role)s 角色"), role=Role(role).label)
    if holders:
        missing += Words(gettext_noop("（唯一的%(role)s %(opener)s 是批次创建人，按四眼原则不能审批）"),
                         role=Role(role).label, opener=holders[0])
    return Routing.nobody(missing)


def can_act(user, step: LayoffStep) -> bool:
    if not getattr(user, "is_active", False) or step.status != StepStatus.ACTIVE or opener_refused(user, step):
        return False
    if any(u.pk == user.pk for u in step.assignees.all()):
        return True
    role = STEP_ROLES[step.kind]
    return role in policy.roles_of(user) and covers_all_members(user, step.family, {role})


def hr_users_for(family: CaseFamily) -> list:
    """Who hears about the batch: its creator and the HRBPs and HR admins over every member."""
    users = [family.created_by] if family.created_by else []
    return users + covering_holders(family, Role.HRBP) + covering_holders(family, Role.HR_ADMIN)
