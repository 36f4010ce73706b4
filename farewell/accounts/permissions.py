"""DRF permissions backed by accounts.policy (default deny)."""

from __future__ import annotations

from rest_framework.permissions import BasePermission

from . import policy


class DenyAll(BasePermission):
    """The default for any endpoint that forgot to declare its permission."""

    def has_permission(self, request, view):
        return False


def policy_permission(action: str) -> type[BasePermission]:
    class PolicyPermission(BasePermission):
        def has_permission(self, request, view):
            return bool(request.user and request.user.is_authenticated and policy.allows(request.user, action))

    PolicyPermission.__name__ = f"Policy_{action.replace('.', '_')}"
    return PolicyPermission
