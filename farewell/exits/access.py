"""The one access helper per exits resource (STYLE 4): 404 outside every scope, 403 in scope but
not allowed. Departures, interviews and named survey answers are HR's (exits.view); the report is
also leadership's (report.py scopes it)."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from farewell.accounts import policy
from farewell.org.models import Employee

from .models import Departure, ExitInterview, ImprovementAction


def departures_for(user, action: str = "exits.view", queryset: QuerySet | None = None) -> QuerySet:
    qs = Departure.objects.all() if queryset is None else queryset
    return qs.filter(employee__in=policy.employees_for(user, action).values("pk"))


def _in_scope(user, employee_id: int) -> bool:
    q = policy.scope_q(user)
    return q is not None and Employee.objects.filter(q, pk=employee_id).exists()


def _check(user, employee_id: int, action: str) -> None:
    if not _in_scope(user, employee_id):
        raise Http404
    if not policy.employees_for(user, action, Employee.objects.filter(pk=employee_id)).exists():
        raise PermissionDenied(action)


def get_departure_for_user(user, code, action: str = "exits.view") -> Departure:
    try:
        departure = Departure.objects.select_related(
            "employee__org_unit", "employee__manager", "employee__position", "case", "org_unit", "position",
            "stated_reason__parent", "verified_reason__parent", "rehire_confirmed_by", "verified_by",
        ).get(code=code)
    except (Departure.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    _check(user, departure.employee_id, action)
    return departure


def get_interview_for_user(user, code, action: str = "exits.view") -> ExitInterview:
    try:
        interview = ExitInterview.objects.select_related(
            "departure__employee__org_unit", "previous", "signed_by").get(code=code)
    except (ExitInterview.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    _check(user, interview.departure.employee_id, action)
    return interview


def actions_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """Improvement actions the user may read: those they own, and, with the report, those of the units
    their report grants cover — a whole company's, or a unit-scoped grant's subtree (an action on
    another unit, or on the whole company, is not theirs: issue 13, a R&D HR admin read 销售部's)."""
    qs = ImprovementAction.objects.all() if queryset is None else queryset
    if not user.is_authenticated:
        return qs.none()
    scope = Q(owner=user)
    allowed = policy.ACTIONS["exits.report"]
    for role, company_id, unit_path in policy._grants(user):
        if role not in allowed:
            continue
        if unit_path and role in policy.UNIT_SCOPED:
            scope |= Q(company_id=company_id, org_unit__path__startswith=unit_path)
        else:
            scope |= Q(company_id=company_id)
    return qs.filter(scope)


def get_action_for_user(user, code) -> ImprovementAction:
    try:
        action = actions_for(user).select_related("reason", "org_unit", "owner").distinct().get(code=code)
    except (ImprovementAction.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    return action
