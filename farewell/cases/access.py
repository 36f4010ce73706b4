"""The one access helper for cases (STYLE 4): 404 outside every scope, 403 in scope but not allowed."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import Http404

from farewell.accounts import policy
from farewell.org.models import Employee

from .models import SeparationCase


def cases_for(user, action: str = "case.view", queryset: QuerySet | None = None) -> QuerySet:
    """The cases whose employee `user` may perform `action` on."""
    qs = SeparationCase.objects.all() if queryset is None else queryset
    return qs.filter(employee__in=policy.employees_for(user, action).values("pk"))


def get_case_for_user(user, code, action: str = "case.view", queryset: QuerySet | None = None) -> SeparationCase:
    qs = SeparationCase.objects.all() if queryset is None else queryset
    any_scope = policy.scope_q(user)
    if any_scope is None:
        raise Http404
    try:
        case = qs.filter(employee__in=Employee.objects.filter(any_scope).values("pk")).get(code=code)
    except (SeparationCase.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    if not policy.employees_for(user, action, Employee.objects.filter(pk=case.employee_id)).exists():
        raise PermissionDenied(action)
    return case
