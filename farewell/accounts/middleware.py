"""Default deny for pages: every URL needs a login except those marked public."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.views import redirect_to_login

# The only pages open without a login (DESIGN, pinned interfaces); static files in DEBUG.
PUBLIC_URL_NAMES = {"login", "healthz", "schema", "set_language"}


def public(view):
    view.farewell_public = True
    return view


class LoginRequiredMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        if request.user.is_authenticated:
            return None
        match = request.resolver_match
        if getattr(view_func, "farewell_public", False) or (match and match.url_name in PUBLIC_URL_NAMES):
            return None
        if request.path.startswith("/" + settings.STATIC_URL.lstrip("/")):
            return None
        if request.path.startswith("/api/"):
            return None  # DRF answers 401/403 itself, with its own authentication classes
        return redirect_to_login(request.get_full_path(), settings.LOGIN_URL)
