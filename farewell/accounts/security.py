"""The security policy the security administrator sets (三员分立), and where it takes effect: the
password length when a password is set, the session's length at login, the failure limit when a
login fails (django-axes asks AXES_FAILURE_LIMIT). No request reads it otherwise."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from farewell.ledger.services import record

from . import policy
from .models import SecurityPolicy

POLICY_FIELDS = ("password_min_length", "session_hours", "login_failure_limit")


def _values(row: SecurityPolicy) -> dict:
    return {name: getattr(row, name) for name in POLICY_FIELDS}


@transaction.atomic
def set_security_policy(*, acting_user, **values) -> SecurityPolicy:
    """Save the policy (security admin only); the ledger keeps the old values beside the new."""
    policy.require(acting_user, "security.policy")
    row = SecurityPolicy.objects.select_for_update().filter(pk=1).first() or SecurityPolicy(pk=1)
    before = _values(row)
    for name, value in values.items():
        if name not in POLICY_FIELDS:
            raise ValidationError({name: _("未知的安全策略项")})
        setattr(row, name, value)
    row.updated_by = acting_user
    row.full_clean(exclude=["updated_by"])
    row.save()
    record("accounts.securitypolicy", 1, {"before": before, "after": _values(row)}, actor=acting_user,
           event="security_policy_changed")
    return row


def login_failure_limit(request, credentials) -> int:
    """AXES_FAILURE_LIMIT: the policy's limit once one is saved, else FAREWELL_LOGIN_FAILURE_LIMIT."""
    row = SecurityPolicy.objects.filter(pk=1).values_list("login_failure_limit", flat=True).first()
    return row if row is not None else settings.FAREWELL_LOGIN_FAILURE_LIMIT


def session_length_at_login(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_in: the session lasts the policy's hours (SESSION_COOKIE_AGE until set)."""
    if request is not None and hasattr(request, "session"):
        row = SecurityPolicy.objects.filter(pk=1).values_list("session_hours", flat=True).first()
        if row is not None:
            request.session.set_expiry(row * 3600)


class PolicyMinimumLengthValidator:
    """Django's minimum-length check with the length the security admin set (AUTH_PASSWORD_VALIDATORS)."""

    def _length(self) -> int:
        return SecurityPolicy.current().password_min_length

    def validate(self, password, user=None):
        length = self._length()
        if len(password) < length:
            raise ValidationError(
                ngettext("密码太短：至少需要 %(min_length)d 个字符。", "密码太短：至少需要 %(min_length)d 个字符。",
                         length) % {"min_length": length},
                code="password_too_short", params={"min_length": length},
            )

    def get_help_text(self):
        length = self._length()
        return ngettext("密码至少 %(min_length)d 个字符。", "密码至少 %(min_length)d 个字符。", length) % {
            "min_length": length}
