"""/api/schema/ (open, YAML or JSON) and /api/docs/ (signed-in, offline: no CDN)."""

from __future__ import annotations

import re

import yaml
from django.core.management import call_command


def test_the_schema_generates_without_warnings(tmp_path):
    out = tmp_path / "schema.yml"
    # --fail-on-warn raises SchemaGenerationError on any warning or error.
    call_command("spectacular", "--validate", "--fail-on-warn", "--file", str(out))
    paths = yaml.safe_load(out.read_text(encoding="utf-8"))["paths"]
    for path in (
        "/api/employees/",
        "/api/employees/{code}/",
        "/api/me/",
        "/api/token/",
        "/api/ledger/",
        "/api/ledger/verify/",
        "/api/org-units/",
    ):
        assert path in paths


def test_the_schema_is_yaml_without_login(client, db):
    response = client.get("/api/schema/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/vnd.oai.openapi")  # drf-spectacular's YAML
    assert response.content.startswith(b"openapi: ")
    assert yaml.safe_load(response.content)["openapi"].startswith("3.")


def test_the_schema_is_json_when_asked(client, db):
    response = client.get("/api/schema/", HTTP_ACCEPT="application/json")
    assert response.status_code == 200
    assert "json" in response["Content-Type"]
    assert response.json()["info"]["title"] == "Farewell API"


def test_the_docs_need_a_login(client, db):
    response = client.get("/api/docs/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_the_docs_render_offline_from_the_sidecar(client, world):
    client.force_login(world.users["auditor"])
    response = client.get("/api/docs/")
    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/" in html
    external = re.findall(r"""(?:src|href)=["'](https?://[^"']+)""", html)
    assert external == [], f"the docs load from the network: {external}"
    assert "cdn.jsdelivr.net" not in html and "unpkg.com" not in html
