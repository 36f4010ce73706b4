"""The single sign-on pages: OIDC (mozilla-django-oidc's views) and WeCom web authorisation.

All four are open without a login, like the login page they belong to, and answer 404 while their way
in is not configured. They sign in only an existing, active login (sso.match_login).
"""

from __future__ import annotations

import functools
import logging

from django.contrib import messages
from django.contrib.auth import login
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.crypto import constant_time_compare, get_random_string
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET
from mozilla_django_oidc.views import OIDCAuthenticationCallbackView, OIDCAuthenticationRequestView

from farewell.common import wecom_app

from . import sso
from .middleware import public

log = logging.getLogger(__name__)

WECOM_STATE = "farewell_wecom_state"
WECOM_NEXT = "farewell_wecom_next"


def _only_when(enabled):
    def decorate(view):
        @functools.wraps(view)
        def wrapped(request, *args, **kwargs):
            if not enabled():
                raise Http404
            return view(request, *args, **kwargs)
        return public(require_GET(wrapped))
    return decorate


oidc_login = _only_when(sso.oidc_enabled)(OIDCAuthenticationRequestView.as_view())
oidc_callback = _only_when(sso.oidc_enabled)(OIDCAuthenticationCallbackView.as_view())


def _wecom_enabled() -> bool:
    return wecom_app.config() is not None


@_only_when(_wecom_enabled)
def wecom_login(request: HttpRequest) -> HttpResponse:
    """Off to WeCom's web authorisation (inside the WeCom app's browser); it comes back with a code."""
    state = get_random_string(32)
    request.session[WECOM_STATE] = state
    next_url = request.GET.get("next", "")
    if url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                       require_https=request.is_secure()):
        request.session[WECOM_NEXT] = next_url
    redirect_uri = request.build_absolute_uri(reverse("accounts:wecom_callback"))
    return redirect(wecom_app.client().authorize_url(redirect_uri, state))


@_only_when(_wecom_enabled)
def wecom_callback(request: HttpRequest) -> HttpResponse:
    """code → auth/getuserinfo → the WeCom userid → the one active login it names, signed in."""
    expected = request.session.pop(WECOM_STATE, "")
    next_url = request.session.pop(WECOM_NEXT, "")
    code, state = request.GET.get("code", ""), request.GET.get("state", "")
    if not code or not expected or not constant_time_compare(state, expected):
        messages.error(request, _("企业微信登录已过期或来源不明，请重新登录。"))
        return redirect("accounts:login")
    client = wecom_app.client()
    try:
        userid = client.userid_for_code(code)
    except Exception as exc:  # noqa: BLE001 - WeCom unreachable or refusing: say so, keep the password login
        log.warning("WeCom login: auth/getuserinfo failed: %s", exc)
        messages.error(request, _("无法向企业微信确认身份，请稍后再试或用密码登录。"))
        return redirect("accounts:login")
    if not userid:
        messages.error(request, _("企业微信只确认了企业外部的身份，无法登录 Farewell。"))
        return redirect("accounts:login")
    by = "username" if client.cfg.userid_from == "username" else "employee_number"
    match = sso.match_login(by=by, value=userid)
    if match.user is None:
        messages.error(request, match.refusal)
        return redirect("accounts:login")
    login(request, match.user, backend="farewell.accounts.backends.UserBackend")
    return redirect(next_url or "home")
