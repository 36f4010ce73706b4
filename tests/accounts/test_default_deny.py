"""Default deny, proven by walking the URL resolver rather than by listing URLs by hand.

Every pattern, including those of apps added later and the admin's, is requested with GET
and POST: anonymously it must send to the login page or answer 401/403; signed in without
any role it must never answer 200 (bar a few pages meant for everyone).
"""

from __future__ import annotations

import re
import uuid

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern

from tests.factories import make_company

# Open without a login (DESIGN, pinned interfaces): the login pages, the health check, the
# schema, the language switch. `api_token` is the API's login (POST a password for a token).
# Password reset by e-mail and the one-time set-password link belong to the login; `setup`
# is open only while no company exists (404 after: tests/accounts/test_setup.py).
PUBLIC = {"login", "healthz", "schema", "set_language", "api_token", "setup", "password_reset",
          "password_reset_done", "password_reset_complete", "set_password",
          # Single sign-on belongs to the login too; 404 while not configured (tests/accounts/test_sso_*.py).
          "oidc_login", "oidc_callback", "wecom_login", "wecom_callback"}
# Signed in, anyone may see who they are, read the API docs and the "no access" page, log out,
# change their own password.
FOR_EVERY_USER = {"home", "api_me", "api_docs", "no_access", "logout", "password_change", "password_change_done"}

SAMPLES = {
    "uuid": str(uuid.UUID(int=1)),
    "int": "1",
    "str": "x",
    "slug": "x",
    "path": "1",
}


def _route_to_path(route: str) -> str:
    def fill(match: re.Match) -> str:
        converter = match.group(1) or "str"
        return SAMPLES.get(converter, "x")

    return re.sub(r"<(?:(\w+):)?\w+>", fill, route)


def _regex_to_path(regex: str) -> str:
    def fill(match: re.Match) -> str:
        body = match.group(2)
        if "|" in body and re.fullmatch(r"[\w|]+", body):
            return body.split("|")[0]  # an alternation of app labels: take the first
        for candidate in ("1", "x", "auth"):
            if re.fullmatch(body, candidate):
                return candidate
        raise AssertionError(f"no sample for the group {match.group(0)!r}")

    path = re.sub(r"\(\?P<(\w+)>([^)]*)\)", fill, regex)
    return path.removeprefix("^").removesuffix("$").replace("\\", "")


def _walk(patterns, prefix: str = "", namespace: str | None = None):
    for pattern in patterns:
        if isinstance(pattern.pattern, RoutePattern):
            part = _route_to_path(str(pattern.pattern))
        elif isinstance(pattern.pattern, RegexPattern):
            part = _regex_to_path(str(pattern.pattern))
        else:  # LocalePrefixPattern and the like
            part = ""
        if isinstance(pattern, URLResolver):
            yield from _walk(pattern.url_patterns, prefix + part, pattern.namespace or namespace)
        elif isinstance(pattern, URLPattern):
            yield f"/{prefix}{part}", namespace, pattern.name or ""


def all_urls() -> list[tuple[str, str | None, str]]:
    urls = list(_walk(get_resolver().url_patterns))
    assert len(urls) > 20
    return urls


URLS = all_urls()


@pytest.fixture
def installed(db):
    """A company exists: on an empty install / and the login page lead to the set-up page."""
    return make_company()


def _id(item) -> str:
    path, namespace, name = item
    return f"{namespace or ''}:{name or '-'} {path}"


def test_every_sample_path_resolves_to_its_own_pattern():
    for path, _namespace, name in URLS:
        match = resolve(path)
        if name:
            assert match.url_name == name, path


@pytest.mark.parametrize("item", [u for u in URLS if u[2] not in PUBLIC], ids=_id)
@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_is_sent_to_login_or_refused(client, installed, item, method):
    path, _namespace, _name = item
    response = getattr(client, method)(path)
    if response.status_code == 302:
        assert response["Location"].startswith("/accounts/login/?next="), response["Location"]
    else:
        assert response.status_code in (401, 403), f"{method.upper()} {path} answered {response.status_code}"


@pytest.mark.parametrize("item", [u for u in URLS if u[2] not in PUBLIC | FOR_EVERY_USER], ids=_id)
def test_a_user_without_a_role_gets_nothing(client, world, item):
    path, _namespace, _name = item
    client.force_login(world.users["outsider"])
    response = client.get(path)
    assert response.status_code != 200, f"GET {path} answered 200 to a user without a role"
    if response.status_code == 302:
        # Only to a login page: the admin's for non-staff users.
        assert response["Location"].startswith(("/admin/login/", "/accounts/login/")), response["Location"]
    else:
        assert response.status_code in (403, 404, 405), f"GET {path} answered {response.status_code}"


def test_the_public_pages_are_exactly_the_designed_ones(client, installed):
    """The exceptions above really are open, and nothing else is."""
    assert client.get("/healthz").status_code == 200
    assert client.get("/api/schema/").status_code == 200
    assert client.get("/accounts/login/").status_code == 200
    for path in ("/accounts/sso/oidc/login/", "/accounts/sso/oidc/callback/", "/accounts/sso/wecom/login/",
                 "/accounts/sso/wecom/callback/"):
        assert client.get(path).status_code == 404, path  # single sign-on is not configured here
    # The token endpoint takes a POST with credentials and gives nothing without them.
    assert client.get("/api/token/").status_code == 405
    assert client.post("/api/token/", {}).status_code == 400
    public_names = {name for _path, _namespace, name in URLS if name in PUBLIC}
    assert public_names == PUBLIC
