"""The benchmarks run in CI at a small size so that they do not rot (issue 14); the full sizes stay
manual runs (benchmarks/*.py docstrings)."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.factories import PASSWORD, Role, make_company, make_employee, make_unit, make_user

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from benchmarks import load  # noqa: E402


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_load_benchmark_runs_the_production_server_and_prints_one_json_object_per_page(tmp_path):
    """load.py --serve: the web unit's gunicorn command, DEBUG off, on the committed rows (issue 14)."""
    from django.conf import settings
    from django.contrib.auth.hashers import make_password
    from django.db import connection

    from tests.test_production import database_url

    company = make_company()
    root = make_unit(company, "总部")
    make_unit(company, "销售部", parent=root)
    make_employee(root, "张三")
    user = make_user("bench", Role.HR_ADMIN, company=company)
    user.password = make_password(PASSWORD, hasher="pbkdf2_sha256")  # production knows no MD5 (the suite's)
    user.save(update_fields=["password"])
    env = {"DATABASE_URL": database_url(tmp_path), "SECRET_KEY": "load-test-" + "x" * 40,
           "FAREWELL_FIELD_KEY": settings.FAREWELL_FIELD_KEY, "FAREWELL_VAR_DIR": str(tmp_path / "var"),
           "STATIC_ROOT": str(tmp_path / "static"), "MEDIA_ROOT": str(tmp_path / "media"),
           "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend"}
    out = io.StringIO()
    with load.serve(env, log=tmp_path / "gunicorn.log") as server:
        assert len(server.workers()) == 3  # the unit's --workers
        results = load.run(server.base, "bench", PASSWORD, users=2, seconds=0.5, server=server,
                           pages=("/cases/", "/employees/?org_unit={unit}", "/employees/?q=张"), out=out)
        by_wrk = load.run(server.base, "bench", PASSWORD, users=3, seconds=1, server=server,
                          pages=("/cases/", "/no-such-page/"), out=io.StringIO(), client="wrk")
        debug = load.Session(server.base)
        status, page, _ = debug.request(debug.connect(), "GET", "/no-such-page/")
    assert status == 404 and b"Traceback" not in page and b"URLconf" not in page  # DEBUG is off
    lines = [json.loads(line) for line in out.getvalue().splitlines()]
    assert lines == results and len(lines) == 3
    for result in lines:
        assert {"url", "users", "p50_ms", "p95_ms", "p99_ms", "errors", "rps"} <= set(result)
        assert result["errors"] == 0 and result["requests"] > 0 and result["p95_ms"] >= result["p50_ms"] > 0
        assert result["server_cpu_ms"] is not None and result["server_cpu_ms"] >= 0
    assert lines[1]["url"].startswith("/employees/?org_unit=") and lines[1]["url"] != "/employees/?org_unit="
    # wrk (--client wrk): the same JSON; every answer other than 200 is an error (here the 404s)
    cases, missing = by_wrk
    assert set(lines[0]) <= set(cases) and cases["client"] == "wrk"
    assert cases["errors"] == 0 and cases["requests"] > 0 and cases["p99_ms"] >= cases["p95_ms"] >= cases["p50_ms"] > 0
    assert cases["rps"] > 0 and cases["server_cpu_ms"] > 0 and cases["client_cpu_ms"] >= 0
    assert missing["errors"] == missing["requests"] > 0 and missing["rps"] == 0
    if connection.vendor == "postgresql":
        connection.close()  # gunicorn's connections are gone; let PostgreSQL drop the test database


def test_the_load_benchmark_refuses_another_host():
    with pytest.raises(SystemExit, match="loopback only"):
        load.Session("http://example.com:8000")


def test_the_import_benchmark_runs_small_and_times_the_recompute_apart(tmp_path):
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}  # its own scratch SQLite
    env["FAREWELL_VAR_DIR"] = str(tmp_path)
    completed = subprocess.run([sys.executable, str(ROOT / "benchmarks" / "import_metrics.py"), "--rows", "400"],
                               capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
    assert completed.returncode == 0, completed.stderr[-2000:]
    summary = json.loads(completed.stdout.strip().splitlines()[-1])
    assert summary["rows"] == 400 and summary["import_s"] > 0 and summary["recompute_s"] >= 0
    assert summary["rules"] > 0  # the company has its default flag rules: the recompute times real work
    assert "flag recompute alone" in completed.stdout


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_the_profile_benchmark_times_the_page_and_its_floor(live_server):
    from django.db import connection

    if connection.vendor != "postgresql":
        pytest.skip("the floor's hand-written SQL is PostgreSQL's (json_agg), like the sizes it is measured at")
    from benchmarks import profile_page

    company = make_company()
    root = make_unit(company, "总部")
    boss = make_employee(root, "王经理")
    make_employee(make_unit(company, "销售部", parent=root), "张三", manager=boss)
    make_user("bench", Role.HR_ADMIN, company=company)
    out = io.StringIO()
    # The live server runs in this process: its CPU time is this process's.
    result = profile_page.run(live_server.url, "bench", PASSWORD, employees=2, rounds=2, out=out,
                              server_pid=os.getpid())
    assert json.loads(out.getvalue().splitlines()[-1]) == result
    assert result["employees"] == 2 and result["errors"] == 0
    assert result["page"]["p95_ms"] >= result["page"]["p50_ms"] > 0
    assert result["floor"]["p50_ms"] > 0 and result["ratio_p50"] > 0
    assert result["server_cpu_ms_per_page"] > 0


def test_the_in_process_page_benchmarks_run_small(tmp_path):
    """benchmarks/page_cpu.py and request_overhead.py: a migrated scratch SQLite, one HR admin, two rounds."""
    env = {k: v for k, v in os.environ.items() if k != "DATABASE_URL"}
    env.update({"FAREWELL_VAR_DIR": str(tmp_path), "DJANGO_SETTINGS_MODULE": "farewell.settings_test"})

    def run(*argv):
        done = subprocess.run([sys.executable, *argv], capture_output=True, text=True, env=env, cwd=ROOT, timeout=300)
        assert done.returncode == 0, done.stderr[-2000:]
        return done.stdout

    run("-m", "farewell", "migrate", "--noinput")
    run("-m", "farewell", "shell", "-c", (
        "from farewell.accounts.models import Role; from tests.factories import make_company, make_unit, make_employee, "
        "make_user; c = make_company(); make_employee(make_unit(c, '总部'), '张三'); make_user('bench', Role.HR_ADMIN, company=c)"))
    cpu = [json.loads(line) for line in run("benchmarks/page_cpu.py", "--username", "bench", "--rounds", "2",
                                            "--page", "/cases/", "--employees", "1").splitlines() if line.startswith("{")]
    pages = [line for line in cpu if "status" in line]
    assert len(pages) == 2 and all(line["status"] == 200 and line["queries"] > 0 for line in pages), cpu
    overhead = [json.loads(line) for line in run("benchmarks/request_overhead.py", "--username", "bench", "--rounds", "2",
                                                 "--page", "/cases/").splitlines() if line.startswith("{")]
    assert overhead[-1]["status"] == 200 and overhead[-1]["outside_ms"] > 0 and overhead[-1]["queries"] > 0
