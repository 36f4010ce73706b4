"""The Content-Security-Policy header, built once per process instead of on every response (issue 14).

django-csp's middleware rebuilds the header from settings.CONTENT_SECURITY_POLICY for each response
(copies, sorts and joins every directive). Ours is the same policy and the same rules for when to
set it; the strings are built by django-csp's own `build_policy` once and again only when the
settings object changes (a test's override_settings). A response that carries its own policy
(django-csp's decorators) or a request that used a nonce goes through django-csp unchanged.
"""

from __future__ import annotations

import http.client

from csp.constants import HEADER, HEADER_REPORT_ONLY
from csp.middleware import CheckableLazyObject, CSPMiddleware
from csp.utils import build_policy
from django.conf import settings

# What django-csp's decorators set on a response (csp_exempt, csp_update, csp_replace, csp).
PER_RESPONSE = ("_csp_exempt", "_csp_exempt_ro", "_csp_config", "_csp_update", "_csp_replace",
                "_csp_config_ro", "_csp_update_ro", "_csp_replace_ro")
DEBUG_EXEMPT = (http.client.INTERNAL_SERVER_ERROR, http.client.NOT_FOUND)


class ContentSecurityPolicyMiddleware(CSPMiddleware):
    _built: tuple | None = None  # (the two settings objects, header, report-only header, exclusions)

    def _headers(self) -> tuple[str, str, tuple[str, ...], tuple[str, ...]]:
        config = getattr(settings, "CONTENT_SECURITY_POLICY", None)
        report_only = getattr(settings, "CONTENT_SECURITY_POLICY_REPORT_ONLY", None)
        built = self._built
        if built is None or built[0] is not config or built[1] is not report_only:
            built = self._built = (
                config, report_only, build_policy(), build_policy(report_only=True),
                tuple((config or {}).get("EXCLUDE_URL_PREFIXES", None) or ()),
                tuple((report_only or {}).get("EXCLUDE_URL_PREFIXES", None) or ()),
            )
        return built[2:]

    def process_response(self, request, response):
        if getattr(request, "_csp_nonce", None) is not None or any(hasattr(response, a) for a in PER_RESPONSE):
            return super().process_response(request, response)
        if response.status_code in DEBUG_EXEMPT and settings.DEBUG:
            return response
        header, header_ro, excluded, excluded_ro = self._headers()
        if header and HEADER not in response and not request.path_info.startswith(excluded):
            response[HEADER] = header
        if header_ro and HEADER_REPORT_ONLY not in response and not request.path_info.startswith(excluded_ro):
            response[HEADER_REPORT_ONLY] = header_ro
        # As django-csp: a nonce asked for after the header was written is an error, not a silent gap.
        request.csp_nonce = CheckableLazyObject(self._csp_nonce_post_response)
        return response

