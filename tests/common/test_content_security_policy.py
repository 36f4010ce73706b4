"""A Content-Security-Policy without inline script, and templates that need none: no <script>
without src, no on…= handler attributes, no javascript: links (STYLE 9)."""

from __future__ import annotations

import re
from pathlib import Path

from django.conf import settings
from django.test import override_settings

import farewell

TEMPLATES = sorted(Path(farewell.__file__).parent.rglob("templates/**/*.html"))
INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
HANDLER = re.compile(r"""\son[a-z]+\s*=\s*["']""", re.IGNORECASE)
JS_URL = re.compile(r"""=\s*["']\s*javascript:""", re.IGNORECASE)


def policy_of(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def test_every_page_carries_a_policy_without_inline_script(client, world):
    for persona, url in (("anonymous", "/accounts/login/"), ("hr_admin", "/employees/"), ("auditor", "/ledger/")):
        if persona != "anonymous":
            client.force_login(world.users[persona])
        policy = policy_of(client.get(url))
        assert policy["script-src"] == ["'self'"], url
        assert policy["object-src"] == ["'none'"] and policy["frame-ancestors"] == ["'none'"]
        assert "'unsafe-inline'" not in policy.get("default-src", [])


def test_no_template_holds_inline_script_or_handlers():
    assert len(TEMPLATES) > 30
    found = []
    for path in TEMPLATES:
        text = path.read_text(encoding="utf-8")
        for pattern in (INLINE_SCRIPT, HANDLER, JS_URL):
            found += [f"{path.relative_to(Path(farewell.__file__).parent)}: {m.group(0)}" for m in pattern.finditer(text)]
    assert found == [], "move these to a static .js file:\n" + "\n".join(found)


def test_the_api_docs_load_their_script_from_a_file(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get("/api/docs/").content.decode()
    assert not INLINE_SCRIPT.search(page), "the API docs page has an inline script"
    script = client.get("/api/docs/?script=")
    assert script.status_code == 200 and "SwaggerUIBundle" in script.content.decode()


def test_the_header_is_built_once_per_process(client, world, monkeypatch):
    from csp import utils

    from farewell.common import content_security_policy

    assert "farewell.common.content_security_policy.ContentSecurityPolicyMiddleware" in settings.MIDDLEWARE
    calls = []
    real = utils.build_policy
    monkeypatch.setattr(content_security_policy, "build_policy", lambda **kw: calls.append(kw) or real(**kw))
    client.force_login(world.users["hr_admin"])
    headers = {client.get(url)["Content-Security-Policy"] for url in ("/cases/", "/employees/", "/accounts/no-access/")}
    assert len(headers) == 1 and len(calls) <= 2  # the policy and the report-only one, once (or kept already)
    assert policy_of(client.get("/cases/")) == {
        name: list(values) for name, values in settings.CONTENT_SECURITY_POLICY["DIRECTIVES"].items()}


def test_a_changed_policy_is_built_anew(client, world):
    client.force_login(world.users["hr_admin"])
    client.get("/cases/")
    changed = {"DIRECTIVES": {**settings.CONTENT_SECURITY_POLICY["DIRECTIVES"], "img-src": ["'self'"]}}
    with override_settings(CONTENT_SECURITY_POLICY=changed, CONTENT_SECURITY_POLICY_REPORT_ONLY=changed):
        response = client.get("/cases/")
        assert policy_of(response)["img-src"] == ["'self'"]
        assert "img-src 'self';" in response["Content-Security-Policy-Report-Only"] + ";"
    response = client.get("/cases/")
    assert policy_of(response)["img-src"] == ["'self'", "data:"]
    assert "Content-Security-Policy-Report-Only" not in response


def test_it_sets_what_django_csps_middleware_sets(rf):
    """Plain responses (the kept header), decorated ones and a nonce (django-csp's own path)."""
    from csp.decorators import csp_exempt, csp_update
    from csp.middleware import CSPMiddleware
    from django.http import HttpResponse

    from farewell.common.content_security_policy import ContentSecurityPolicyMiddleware

    def plain(request):
        return HttpResponse("ok")

    def with_nonce(request):
        return HttpResponse(str(request.csp_nonce))

    updated = csp_update({"img-src": ["https://example.org"]})(plain)
    exempt = csp_exempt()(plain)

    def headers(middleware, view) -> dict:
        response = middleware(view)(rf.get("/"))
        return {name: sorted(response[name].split("; ")) for name in
                ("Content-Security-Policy", "Content-Security-Policy-Report-Only") if name in response}

    for view in (plain, updated, exempt, with_nonce):
        assert headers(ContentSecurityPolicyMiddleware, view) == headers(CSPMiddleware, view), view
    assert "https://example.org" in str(headers(ContentSecurityPolicyMiddleware, updated))
    assert headers(ContentSecurityPolicyMiddleware, exempt) == {}
