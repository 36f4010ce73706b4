"""Whose consents and reads a signed-in person may see: only their own.

An employee (portal.self) reaches their own record through their login; a former employee through the
read-only login HR opened for them after the last day (offboarding/former.py: a login with no role and
no link to the employee, in force until it expires or is revoked). Everyone else is refused (403):
there is no parameter naming a person, so there is nothing to tell apart from "not yours".
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from rest_framework.permissions import BasePermission

from farewell.accounts import policy
from farewell.offboarding import former
from farewell.org.models import Employee


def own_employee(user) -> Employee:
    """The signed-in person's own employee record (an employee, or a former employee's login in force)."""
    if policy.allows(user, "portal.self"):
        if user.employee is None:
            raise PermissionDenied("portal.self")
        return user.employee
    access = former.active_access(user)
    if access is not None:
        return access.case.employee
    raise PermissionDenied("portal.self")


def is_self(user, employee: Employee) -> bool:
    """`user` is the person `employee` (their own login, or their former-employee login in force)."""
    if getattr(user, "employee_id", None) is not None:
        return user.employee_id == employee.pk
    access = former.active_access(user)
    return access is not None and access.case.employee_id == employee.pk


class OwnDataPermission(BasePermission):
    """The API's gate for /api/me/consents/ and /api/me/reads/: an employee, or a former employee in force."""

    def has_permission(self, request, view):
        user = request.user
        return bool(user and user.is_authenticated and (
            policy.allows(user, "portal.self") or former.active_access(user) is not None))
