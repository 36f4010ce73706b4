"""Default deny for pages: every URL needs a login except those marked public.

First run: while no company exists, the home page and the login page send everyone to the
set-up page (there is nobody who could log in yet).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import auth
from django.contrib.auth import middleware as auth_middleware
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect
from django.utils.functional import SimpleLazyObject

from farewell.org.models import Company

from . import policy
from .backends import reading_user_of

# The only pages open without a login (DESIGN, pinned interfaces); static files in DEBUG.
PUBLIC_URL_NAMES = {"login", "healthz", "schema", "set_language"}
# Pages that lead to the set-up page on an empty install (one EXISTS query, on these only).
FIRST_RUN_URL_NAMES = {"home", "login"}


class AuthenticationMiddleware(auth_middleware.AuthenticationMiddleware):
    """Django's, with `request.user` read by Django's `auth.get_user` while the backend may take the user the
    session store read with the session (accounts/sessions.py: one SELECT for both, issue 14). The checks are
    Django's own: the backend named in the session, the session hash against the user's password."""

    def process_request(self, request):
        super().process_request(request)
        request.user = SimpleLazyObject(lambda: _user(request))


def _user(request):
    if not hasattr(request, "_cached_user"):
        with reading_user_of(request.session):
            request._cached_user = auth.get_user(request)
    return request._cached_user


def public(view):
    view.farewell_public = True
    return view


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if (
            request.method == "GET"
            and match is not None
            and match.url_name in FIRST_RUN_URL_NAMES
            and match.namespace in ("", "accounts")
            and not Company.objects.exists()
        ):
            return redirect("setup")
        if request.user.is_authenticated:
            return None
        if getattr(view_func, "farewell_public", False) or (match and match.url_name in PUBLIC_URL_NAMES):
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        if request.path.startswith("/api/"):
            return None  # DRF answers 401/403 itself, with its own authentication classes
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)


class AuditReadOnlyMiddleware:
    """Refuses writes by the audit administrator before any view runs (the API's token logins are
    refused the same way in tokens.ExpiringTokenAuthentication, which DRF runs inside the view)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        match = request.resolver_match
        if policy.audit_write_refused(request.user, request.method, match.url_name if match else None):
            raise PermissionDenied("audit administrators read only")
        return None
