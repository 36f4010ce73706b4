"""The one access helper for cases (STYLE 4): 404 outside every scope, 403 in scope but not allowed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from farewell.accounts import policy
from farewell.accounts.models import Role
from farewell.org.models import Employee

from .models import CaseStep, SeparationCase


def cases_for(user, action: str = "case.view", queryset: QuerySet | None = None) -> QuerySet:
    """The cases whose employee `user` may perform `action` on."""
    qs = SeparationCase.objects.all() if queryset is None else queryset
    return qs.filter(employee__in=policy.employees_for(user, action).values("pk"))


def cases_in(scope: Q) -> QuerySet:
    """The cases of the employees `scope` selects (policy.scope_q): cases_for's query for that scope."""
    return SeparationCase.objects.filter(employee__in=Employee.objects.filter(scope).values("pk"))


# A step routed to someone outside the role's scope (a fallback: a unit head, an HR admin) lets them see
# the case and decide that step — nothing else.
ROUTED_ACTIONS = {"case.view", "case.decide"}


def _routed_case(user, qs: QuerySet, code, action: str) -> SeparationCase | None:
    if action not in ROUTED_ACTIONS or not getattr(user, "is_authenticated", False):
        return None
    routed = CaseStep.assignees.through.objects.filter(user_id=user.pk).values("casestep__case_id")
    try:
        return qs.filter(pk__in=routed).get(code=code)
    except (SeparationCase.DoesNotExist, ValidationError, ValueError):
        return None


def get_case_for_user(user, code, action: str = "case.view", queryset: QuerySet | None = None) -> SeparationCase:
    qs = SeparationCase.objects.all() if queryset is None else queryset
    any_scope = policy.scope_q(user)
    case = None
    if any_scope is not None:
        try:
            case = qs.filter(employee__in=Employee.objects.filter(any_scope).values("pk")).get(code=code)
        except (SeparationCase.DoesNotExist, ValidationError, ValueError):
            case = None
    if case is None:
        case = _routed_case(user, qs, code, action)
        if case is None:
            raise Http404
        return case
    if not policy.employees_for(user, action, Employee.objects.filter(pk=case.employee_id)).exists():
        if _routed_case(user, qs, code, action) is None:
            raise PermissionDenied(action)
    return case


def sees_extra_cap(user, case: SeparationCase | None) -> bool:
    """Whether `user` may read the company's extra-compensation cap of `case` (and HR's ceiling, statutory + cap):
    HR, legal and leadership in scope (accounts.policy "case.extra_cap"); never the line manager."""
    if case is None:
        return True
    if not policy.allows(user, "case.extra_cap"):
        return False
    if Role.MANAGER not in policy.roles_of(user):
        return True  # every case such a user reads is in a cap role's scope (case.view's other roles): no query
    return policy.covers(user, "case.extra_cap", case.employee)
