"""API tokens that end: FAREWELL_API_TOKEN_HOURS after they were issued (like a session), and
when their owner logs out of the site."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework import exceptions
from rest_framework.authentication import TokenAuthentication
from rest_framework.authtoken.models import Token

from . import policy


def token_lifetime() -> dt.timedelta:
    return dt.timedelta(hours=settings.FAREWELL_API_TOKEN_HOURS)


def is_expired(token: Token, now: dt.datetime | None = None) -> bool:
    return token.created <= (now or timezone.now()) - token_lifetime()


def issue_token(user) -> Token:
    """The user's token; a new one when the old one has expired."""
    token, created = Token.objects.get_or_create(user=user)
    if not created and is_expired(token):
        token.delete()
        token = Token.objects.create(user=user)
    return token


def revoke_tokens(user) -> int:
    return Token.objects.filter(user=user).delete()[0]


def revoke_at_logout(sender, request, user, **kwargs) -> None:
    """Connected to user_logged_out: logging out of the site ends the API token too."""
    if user is not None:
        revoke_tokens(user)


class ExpiringTokenAuthentication(TokenAuthentication):
    def authenticate(self, request):
        result = super().authenticate(request)
        if result is not None:
            match = getattr(request, "resolver_match", None)
            if policy.audit_write_refused(result[0], request.method, match.url_name if match else None):
                raise exceptions.PermissionDenied(_("审计管理员只能查看，不能修改。"))
        return result

    def authenticate_credentials(self, key):
        user, token = super().authenticate_credentials(key)
        if is_expired(token):
            token.delete()
            raise exceptions.AuthenticationFailed(_("令牌已过期，请重新获取。"))
        return user, token
