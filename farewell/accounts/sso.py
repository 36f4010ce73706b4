"""Single sign-on: which existing Farewell login an outside identity names, and the OIDC backend.

Both ways in (OIDC, WeCom web authorisation) end in `match_login`: a 工号, an e-mail or a username names
exactly one EXISTING, ACTIVE login, or the sign-in is refused with a reason the person can read. No login
is ever created, changed or granted a role from what an identity provider says; the password login stays.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import SuspiciousOperation
from django.db.models import Q
from django.utils.translation import gettext as _
from mozilla_django_oidc.auth import OIDCAuthenticationBackend

from .backends import UserBackend
from .models import User

MATCH_FIELDS = ("employee_number", "email", "username")


@dataclass(frozen=True)
class Match:
    user: User | None
    refusal: str = ""


def _label(by: str) -> str:
    return {"employee_number": _("工号"), "email": _("邮箱"), "username": _("用户名")}[by]


def match_login(*, by: str, value: str) -> Match:
    """The one active login whose `by` ("employee_number" = the employee's 工号, "email", "username") is
    `value`; otherwise a refusal saying why (unknown, more than one, deactivated)."""
    if by not in MATCH_FIELDS:
        raise ValueError(f"unknown match field {by!r}")
    value = (value or "").strip()
    if not value:
        return Match(None, _("身份提供方没有给出%(field)s，无法对应到 Farewell 用户。") % {"field": _label(by)})
    if by == "employee_number":
        users = User.objects.filter(employee__employee_number=value)
    elif by == "email":
        users = User.objects.filter(Q(email__iexact=value) | Q(employee__email__iexact=value))
    else:
        users = User.objects.filter(username=value)
    found = list(users.distinct()[:2])
    if not found:
        return Match(None, _("没有%(field)s为“%(value)s”的 Farewell 用户，无法登录。请联系 HR 管理员开通账号。")
                     % {"field": _label(by), "value": value})
    if len(found) > 1:
        return Match(None, _("%(field)s“%(value)s”对应多个 Farewell 用户，无法确定是谁，请用密码登录或联系 HR 管理员。")
                     % {"field": _label(by), "value": value})
    if not found[0].is_active:
        return Match(None, _("该 Farewell 账号已停用，无法登录。"))
    return Match(found[0])


# -- OIDC --------------------------------------------------------------------------------------------

OIDC_SETTINGS = ("OIDC_RP_CLIENT_ID", "OIDC_RP_CLIENT_SECRET", "OIDC_OP_AUTHORIZATION_ENDPOINT",
                 "OIDC_OP_TOKEN_ENDPOINT", "OIDC_OP_USER_ENDPOINT")


def oidc_enabled() -> bool:
    return bool(getattr(settings, "FAREWELL_OIDC_ISSUER", "")) and all(
        getattr(settings, name, "") for name in OIDC_SETTINGS)


class OIDCBackend(OIDCAuthenticationBackend):
    """mozilla-django-oidc's code flow, mapped onto existing logins only."""

    def authenticate(self, request, **kwargs):
        if not oidc_enabled() or request is None or "nonce" not in kwargs:
            return None  # a password login, or OIDC is off: not ours
        return super().authenticate(request, **kwargs)

    def verify_token(self, token, **kwargs):
        payload = super().verify_token(token, **kwargs)
        issuer = settings.FAREWELL_OIDC_ISSUER
        if payload.get("iss") != issuer or settings.OIDC_RP_CLIENT_ID not in _audience(payload):
            raise SuspiciousOperation("id_token issuer or audience does not match")
        return payload

    def verify_claims(self, claims):
        return True  # the claim that names the employee is checked in filter_users_by_claims, with a reason

    def filter_users_by_claims(self, claims):
        match = match_login(by=settings.FAREWELL_OIDC_MATCH, value=str(claims.get(settings.FAREWELL_OIDC_CLAIM) or ""))
        if match.user is None:
            messages.error(self.request, match.refusal)
            return User.objects.none()
        return User.objects.filter(pk=match.user.pk)

    def create_user(self, claims):
        raise SuspiciousOperation("Farewell never creates a login from an OIDC claim")

    def update_user(self, user, claims):
        return user  # nothing about the login changes from a claim

    def get_user(self, user_id):
        # The signed-in user with their grants in one query, active logins only, as for a password login.
        return UserBackend().get_user(user_id)


def _audience(payload: dict) -> list[str]:
    aud = payload.get("aud", [])
    return [aud] if isinstance(aud, str) else list(aud)
