"""A Content-Security-Policy without inline script, and templates that need none: no <script>
without src, no on…= handler attributes, no javascript: links (STYLE 9)."""

from __future__ import annotations

import re
from pathlib import Path

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
