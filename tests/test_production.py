"""Farewell run the way a customer runs it: the commands of deploy/systemd/farewell-web.service
(migrate, collectstatic, gunicorn) with production settings (DEBUG off) against the test
database, driven over real HTTP — the health probe, the login, a case page, static files,
the security headers.

On PostgreSQL gunicorn connects to the test database itself; on SQLite (an in-memory test
database) the committed rows are copied to a file first (sqlite3's online backup).
"""

from __future__ import annotations

import datetime as dt
import http.client
import os
import re
import secrets
import shlex
import socket
import sqlite3
import subprocess
import sys
import time
from decimal import Decimal
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection
from django.utils import timezone

from farewell.cases import services as case_services
from tests.cases.conftest import give_wages
from tests.factories import PASSWORD, make_contract, restore_seeded_rows

REPO = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
WEB_UNIT = REPO / "deploy" / "systemd" / "farewell-web.service"
STARTUP_SECONDS = 60


def unit_commands(unit: Path, port: int) -> tuple[list[list[str]], list[str]]:
    """The ExecStartPre commands and the ExecStart command of a systemd unit, pointed at this
    checkout's virtual environment and at `port`."""
    pre, start = [], None
    for line in unit.read_text().splitlines():
        key, _, value = line.partition("=")
        if key not in ("ExecStartPre", "ExecStart"):
            continue
        argv = shlex.split(value)
        argv[0] = str(BIN / Path(argv[0]).name)
        argv = [f"127.0.0.1:{port}" if arg == "127.0.0.1:8000" else arg for arg in argv]
        if key == "ExecStartPre":
            pre.append(argv)
        else:
            start = argv
    assert start and "--bind" in start, "the web unit has no gunicorn ExecStart with --bind"
    return pre, start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def database_url(tmp_path: Path) -> str:
    """A URL for the database the test has just committed its rows to."""
    db = connection.settings_dict
    if connection.vendor == "postgresql":
        user = db["USER"] or ""
        auth = f"{user}:{db['PASSWORD']}@" if db["PASSWORD"] else (f"{user}@" if user else "")
        return f"postgres://{auth}{db['HOST'] or '127.0.0.1'}:{db['PORT'] or 5432}/{db['NAME']}"
    copy = tmp_path / "farewell.sqlite3"
    connection.ensure_connection()
    target = sqlite3.connect(copy)
    with target:
        connection.connection.backup(target)
    target.close()
    return f"sqlite:///{copy}"


class Browser:
    """Plain HTTP to gunicorn, as nginx forwards it (X-Forwarded-Proto: https); keeps cookies."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, body: dict | None = None, https: bool = True,
                headers: dict | None = None):
        # A worker loads the URLconf on its first request: seconds when idle, more than 30 s on a
        # CI machine at load 20 (seen), so the wait is long; a hung server still fails the test.
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=180)
        sent = {"Host": f"127.0.0.1:{self.port}", "Accept-Language": "zh-CN", **(headers or {})}
        if https:
            sent["X-Forwarded-Proto"] = "https"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        data = None
        if body is not None:
            data = urlencode(body)
            sent["Content-Type"] = "application/x-www-form-urlencoded"
            sent["Origin"] = f"https://127.0.0.1:{self.port}"
            sent["Referer"] = f"https://127.0.0.1:{self.port}{path}"
        conn.request(method, path, body=data, headers=sent)
        response = conn.getresponse()
        content = response.read()
        for header in response.msg.get_all("Set-Cookie") or []:
            cookie = SimpleCookie(header)
            for key, morsel in cookie.items():
                self.cookies[key] = morsel.value
        conn.close()
        return response, content.decode("utf-8", "replace")


@pytest.fixture
def production(tmp_path):
    """Start the documented commands; yield a function that starts them once the rows exist."""
    processes: list[subprocess.Popen] = []

    def start() -> Browser:
        port = free_port()
        env = {
            "PATH": f"{BIN}:/usr/bin:/bin",
            "PYTHONPATH": str(REPO),  # the same checkout as this test, whatever the venv points at
            "HOME": str(tmp_path),
            "LANG": "C.UTF-8",
            "DJANGO_SETTINGS_MODULE": "farewell.settings",
            "DEBUG": "false",
            "SECRET_KEY": secrets.token_urlsafe(50),
            "FAREWELL_FIELD_KEY": settings.FAREWELL_FIELD_KEY,
            "DATABASE_URL": database_url(tmp_path),
            "FAREWELL_VAR_DIR": str(tmp_path / "var"),
            "STATIC_ROOT": str(tmp_path / "staticfiles"),
            "MEDIA_ROOT": str(tmp_path / "media"),
            "ALLOWED_HOSTS": "127.0.0.1",
            "EMAIL_BACKEND": "django.core.mail.backends.console.EmailBackend",
            "FAREWELL_BASE_URL": f"https://127.0.0.1:{port}",
        }
        pre, web = unit_commands(WEB_UNIT, port)
        for argv in pre:
            done = subprocess.run(argv, cwd=REPO, env=env, capture_output=True, text=True, timeout=300)
            assert done.returncode == 0, f"{shlex.join(argv)} failed:\n{done.stdout}\n{done.stderr}"
        log = open(tmp_path / "gunicorn.log", "w")  # noqa: SIM115 - closed with the process below
        processes.append(subprocess.Popen(web, cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT))
        deadline = time.monotonic() + STARTUP_SECONDS
        while time.monotonic() < deadline:
            assert processes[-1].poll() is None, (tmp_path / "gunicorn.log").read_text()
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        else:
            pytest.fail("gunicorn did not start:\n" + (tmp_path / "gunicorn.log").read_text())
        return Browser(port)

    yield start
    for process in processes:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
    # gunicorn's connections are gone: PostgreSQL can flush (and later drop) the test database.
    if connection.vendor == "postgresql":
        connection.close()


@pytest.fixture
def open_case(world):
    give_wages(world.lisi)
    make_contract(world.lisi, kind="open_ended", end_date=None)
    # Earlier transactional tests flush what migrations seeded: the workflows and the ledger head.
    restore_seeded_rows()
    return case_services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"],
                                   separation_date=timezone.localdate() + dt.timedelta(days=40),
                                   extra_compensation=Decimal(5000))


def login(browser: Browser, username: str) -> None:
    response, page = browser.request("GET", "/accounts/login/")
    assert response.status == 200, page[:500]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)
    response, page = browser.request("POST", "/accounts/login/", body={
        "csrfmiddlewaretoken": token, "username": username, "password": PASSWORD,
    })
    assert response.status == 302, page[:2000]


# Transactional (gunicorn reads committed rows) and run last of all (tests/conftest.py): its flush
# leaves no seeded rows behind, and it seeds what it needs itself (open_case).
@pytest.mark.django_db(transaction=True)
def test_it_serves_a_login_and_a_case_page_with_debug_off(production, world, open_case):
    # The suite hashes with MD5 for speed; production knows only Argon2 and PBKDF2.
    hrbp = world.users["hrbp_sales"]
    hrbp.password = make_password(PASSWORD, hasher="pbkdf2_sha256")
    hrbp.save(update_fields=["password"])
    browser = production()

    # The local health probe speaks plain HTTP and is not redirected to HTTPS.
    response, body = browser.request("GET", "/healthz", https=False)
    assert response.status == 200, body
    assert '"database": "ok"' in body
    # Any other plain-HTTP request is sent to HTTPS (nginx normally does that first).
    response, _ = browser.request("GET", "/accounts/login/", https=False)
    assert response.status == 301
    assert response.getheader("Location").startswith("https://")

    response, page = browser.request("GET", "/accounts/login/")
    assert response.status == 200
    assert "script-src 'self'" in response.getheader("Content-Security-Policy")
    assert response.getheader("Strict-Transport-Security")
    # Static files: hashed names from collectstatic, served by WhiteNoise with a long cache.
    stylesheet = re.search(r'href="(/static/vendor/bootstrap-5\.3\.8/bootstrap\.min\.[0-9a-f]{12}\.css)"', page)
    assert stylesheet, "the login page links no hashed stylesheet"
    response, css = browser.request("GET", stylesheet.group(1))
    assert response.status == 200 and "bootstrap" in css.lower()
    assert "max-age=315360000" in response.getheader("Cache-Control", "")
    assert "<script>" not in page  # no inline script (the Content-Security-Policy forbids it)

    login(browser, "hrbp")
    assert "sessionid" in browser.cookies
    response, page = browser.request("GET", f"/cases/{open_case.code}/")
    assert response.status == 200, page[:2000]
    assert "李四" in page

    # DEBUG is off: an unknown page is a plain 404, never Django's debug page.
    response, page = browser.request("GET", "/no-such-page/")
    assert response.status == 404
    assert "URLconf" not in page and "Traceback" not in page
    # Uploaded files are not published under /media/.
    response, _ = browser.request("GET", "/media/cases/notices/x.pdf")
    assert response.status in (302, 404)


def test_the_documented_unit_runs_gunicorn_with_production_settings():
    pre, web = unit_commands(WEB_UNIT, 8000)
    assert [argv[1:] for argv in pre] == [["migrate", "--noinput"], ["collectstatic", "--noinput"]]
    assert Path(web[0]).name == "gunicorn" and web[1] == "farewell.wsgi"
    env_example = (REPO / "deploy" / "farewell.env.example").read_text()
    assert "DEBUG=true" not in env_example
    for name in ("DATABASE_URL", "SECRET_KEY", "FAREWELL_FIELD_KEY", "FAREWELL_BASE_URL", "ALLOWED_HOSTS"):
        assert f"\n{name}=" in env_example, name
    assert os.path.exists(REPO / "docs" / "deploy.md")
