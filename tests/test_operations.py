"""Operating Farewell: the health check, the command line, and production settings."""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest
from cryptography.fernet import Fernet
from django.contrib.auth.hashers import check_password, get_hasher, identify_hasher, make_password

REPO = Path(__file__).resolve().parent.parent


def run_farewell(
    args: list[str], env: dict[str, str], stdin: str | None = None
) -> subprocess.CompletedProcess:
    """`python -m farewell ...` in a clean environment (nothing inherited but PATH)."""
    return subprocess.run(
        [sys.executable, "-m", "farewell", *args],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", "/usr/bin:/bin"), **env},
        input=stdin,
        capture_output=True,
        text=True,
        timeout=120,
    )


def production_env(tmp_path) -> dict[str, str]:
    return {
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(60),
        "FAREWELL_FIELD_KEY": Fernet.generate_key().decode(),
        "ALLOWED_HOSTS": "farewell.example.com",
        "DJANGO_SETTINGS_MODULE": "farewell.settings",
        "FAREWELL_VAR_DIR": str(tmp_path),  # no var/secrets.env there
    }


def test_healthz_answers_without_login(client, db):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok"}
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def test_healthz_refuses_post(client, db):
    assert client.post("/healthz").status_code == 405


def test_the_law_command_runs_without_django_or_settings(tmp_path):
    if not (REPO / "farewell" / "law" / "cli.py").exists():
        pytest.skip("farewell/law/cli.py is not there yet")
    case = {
        "ground": "mutual_employer_initiated",
        "hire_date": "2020-03-01",
        "separation_date": "2022-08-31",
        "monthly_wages": [10000] * 12,
    }
    # No SECRET_KEY, no field key, no DJANGO_SETTINGS_MODULE: the pinned interface needs none.
    done = run_farewell(
        ["law", "compute", "--input", "-"], {"FAREWELL_VAR_DIR": str(tmp_path)}, json.dumps(case)
    )
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert "engine_version" in result


def test_the_law_command_reports_bad_input(tmp_path):
    if not (REPO / "farewell" / "law" / "cli.py").exists():
        pytest.skip("farewell/law/cli.py is not there yet")
    done = run_farewell(["law", "compute", "--input", "-"], {}, '{"ground": "no_such_ground"}')
    assert done.returncode == 2
    assert "error" in json.loads(done.stderr)


def test_check_deploy_is_clean_in_production(tmp_path):
    done = run_farewell(["check", "--deploy", "--fail-level", "WARNING"], production_env(tmp_path))
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


def test_production_settings_refuse_to_start_without_a_secret_key(tmp_path):
    env = production_env(tmp_path)
    del env["SECRET_KEY"]
    done = run_farewell(["check"], env)
    assert done.returncode != 0
    assert "ImproperlyConfigured" in done.stderr and "SECRET_KEY" in done.stderr


def test_settings_with_an_empty_environment_name_the_secret_key(tmp_path):
    done = run_farewell(["check"], {"FAREWELL_VAR_DIR": str(tmp_path)})
    assert done.returncode != 0
    assert "SECRET_KEY" in done.stderr


def test_production_settings_refuse_to_start_without_a_field_key(tmp_path):
    env = production_env(tmp_path)
    del env["FAREWELL_FIELD_KEY"]
    done = run_farewell(["check"], env)
    assert done.returncode != 0
    assert "FAREWELL_FIELD_KEY" in done.stderr


def test_production_settings_hash_passwords_with_argon2(tmp_path):
    code = (
        "import django; django.setup();"
        "from django.conf import settings;"
        "from django.contrib.auth.hashers import make_password;"
        "print(settings.PASSWORD_HASHERS[0]);"
        "print(make_password('x').split('$')[0])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", ""), **production_env(tmp_path)},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["django.contrib.auth.hashers.Argon2PasswordHasher", "argon2"]


def test_argon2_hashes_and_checks_a_password():
    # The suite uses a fast hasher; this one test pays for Argon2 (about 0.1 s).
    encoded = make_password("好聚好散-2024", hasher="argon2")
    assert encoded.startswith("argon2$argon2id$")
    assert identify_hasher(encoded).algorithm == "argon2"
    assert check_password("好聚好散-2024", encoded)
    assert not check_password("wrong", encoded)
    assert get_hasher("argon2").must_update(encoded) is False


def test_only_the_most_specific_navigation_entry_is_active(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get("/cases/calculator/").content.decode()
    assert page.count('aria-current="page"') == 1


@pytest.mark.parametrize("extra, expected", [
    ({}, "60 True"),                             # production: persistent connections, checked before reuse
    ({"DEBUG": "true"}, "0 True"),               # development: a new connection per request
    ({"DB_CONN_MAX_AGE": "0"}, "0 True"),        # behind a transaction-mode pooler (docs/deploy.md)
])
def test_production_settings_keep_database_connections(tmp_path, extra, expected):
    # Issue 14: a new PostgreSQL connection per request cost a few ms on every page.
    code = (
        "from django.conf import settings;"
        "db = settings.DATABASES['default'];"
        "print(db['CONN_MAX_AGE'], db['CONN_HEALTH_CHECKS'])"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        cwd=REPO,
        env={"PATH": os.environ.get("PATH", ""), **production_env(tmp_path),
             "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", **extra},
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected


@pytest.mark.parametrize("extra, expected", [
    ({}, "True None"),                     # prepared statements for the compiled queries (issue 14), not the ORM's
    ({"DB_PREPARED_STATEMENTS": "false"}, "False None"),  # a pooler that cannot keep them (docs/deploy.md)
])
def test_production_settings_prepare_the_compiled_queries(tmp_path, extra, expected):
    code = ("from django.conf import settings; print(settings.DB_PREPARED_STATEMENTS, "
            "settings.DATABASES['default'].get('OPTIONS', {}).get('prepare_threshold'))")
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO,
        env={"PATH": os.environ.get("PATH", ""), **production_env(tmp_path),
             "DATABASE_URL": "postgres://u@127.0.0.1:5432/x", **extra},
        capture_output=True, text=True, timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == expected
