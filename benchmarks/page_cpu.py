"""Benchmark: the CPU one request to a list page costs the web server, load-independent (issue 14).

Wall-clock latency on a shared machine says more about the neighbours than about the code; the
Python CPU a request takes (`time.process_time`, this process only; the database's own work is
PostgreSQL's) does not change with the load average. By Little's law 50 users with no think time
at p95 ≤ 200 ms need about 300 requests/s, i.e. ≤ ~6 ms of CPU per request on 2 cores.

Runs the WSGI application in this process as gunicorn's workers run it (`farewell.wsgi`: its garbage-collector
settings too) with the production settings (DEBUG off), signed in as
`--username` (a session row, like a login), each page `--rounds` times after one warm-up, against
the database of DATABASE_URL and the keys of the environment (the same ones the server uses):

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench SECRET_KEY=... FAREWELL_FIELD_KEY=... \\
        .venv/bin/python benchmarks/page_cpu.py --username hradmin --rounds 50 [--profile DIR]

One JSON object per page: {"url", "rounds", "cpu_ms_p50", "cpu_ms_mean", "db_cpu_ms_mean", "wall_ms_p50",
"queries", "bytes", "status"}. `db_cpu_ms_mean` is the CPU the PostgreSQL backend serving this process spent
per round (its /proc stat, so only for a server on this machine; null on SQLite, for a remote server or when
the connection changed during the rounds): the database's share of a request, which the load test's
`server_cpu_ms` does not include. `--profile DIR` writes a cProfile of each page's rounds (`python -m pstats`).

`--employees N` adds the employee page (every panel) of N employees the user may see, chosen with
`--seed`: one page whose rounds go through them in turn. `--save DIR` writes each path's body (one file
per employee), the CSRF tokens blanked, so that two checkouts' pages can be compared with `diff -r`.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import random
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGES = ("/cases/", "/employees/", "/employees/?q=张", "/employees/?org_unit={unit}", "/insights/flags/")
EMPLOYEE_PAGE = "/employees/{employee}/"
# A masked CSRF token differs on every response: blanked in the saved bodies.
CSRF_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": |csrf-token" content=)"[^"]*"')


def environ(path: str, cookie: str) -> dict:
    path_info, _, query = path.partition("?")
    return {
        "REQUEST_METHOD": "GET", "PATH_INFO": urllib.parse.unquote(path_info).encode().decode("latin-1"),
        "QUERY_STRING": query, "SERVER_NAME": "127.0.0.1", "SERVER_PORT": "8000", "HTTP_HOST": "127.0.0.1",
        "HTTP_COOKIE": cookie, "HTTP_X_FORWARDED_PROTO": "https", "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http", "wsgi.input": io.BytesIO(b""), "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0), "wsgi.multithread": False, "wsgi.multiprocess": True, "wsgi.run_once": False,
        "SERVER_PROTOCOL": "HTTP/1.1",
    }


def backend_cpu_seconds(connection) -> tuple[int, float] | None:
    """(pid, user + system CPU seconds) of the PostgreSQL backend of `connection`, if it runs on this machine."""
    if connection.vendor != "postgresql":
        return None
    connection.ensure_connection()
    pid = connection.connection.info.backend_pid
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except OSError:
        return None
    return pid, (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--username", required=True)
    parser.add_argument("--rounds", type=int, default=30)
    parser.add_argument("--page", action="append", help="a path (repeatable); default: the issue's lists")
    parser.add_argument("--profile", default=None, help="a directory for one cProfile per page")
    parser.add_argument("--employees", type=int, default=0, help="add the employee page of this many employees")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--save", default=None, help="a directory for each path's body")
    parser.add_argument("--language", default=None, help="the language menu's choice (its cookie), e.g. en")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings")
    os.environ["DEBUG"] = "false"
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.db import connection

    # The production entry point (gunicorn's `farewell.wsgi`): the app loaded and its objects frozen out of
    # the garbage collector's reach as in a worker, so a full collection costs what it costs there.
    application = import_module("farewell.wsgi").application

    from farewell.accounts import policy
    from farewell.org.models import OrgUnit

    user = get_user_model().objects.get(username=args.username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b)
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    if args.language:
        cookie += f"; {settings.LANGUAGE_COOKIE_NAME}={args.language}"
    unit = OrgUnit.objects.filter(parent__isnull=False).order_by("path").values_list("pk", flat=True).first()
    pages = list(args.page or PAGES)
    codes = []
    if args.employees:
        ids = list(policy.employees_for(user, "employee.view").order_by("pk").values_list("code", flat=True))
        codes = random.Random(args.seed).sample(ids, min(args.employees, len(ids)))
        pages.append(EMPLOYEE_PAGE)

    def call(path: str, save: bool = False) -> tuple[int, int]:
        status = []
        body = b"".join(application(environ(path, cookie), lambda s, h, *a: status.append(s)))
        if save and args.save:
            Path(args.save).mkdir(parents=True, exist_ok=True)
            name = urllib.parse.quote(path, safe="").replace("%", "_")
            (Path(args.save) / f"{name}.html").write_bytes(CSRF_TOKEN.sub(rb'\1""', body))
        return int(status[0].split()[0]), len(body)

    print(json.dumps({"loadavg": os.getloadavg(), "database": connection.vendor}), flush=True)
    for page in pages:
        paths = [urllib.parse.quote(page.format(unit=unit, employee=code), safe="/?=&") for code in (codes if "{employee}" in page else [""])]
        path = paths[0]
        for each in paths:
            call(each, save=True)  # warm-up: templates compiled, translations loaded, connection open
        queries: list[str] = []

        def counted(execute, sql, *rest, _seen=queries):
            _seen.append(sql)
            return execute(sql, *rest)

        with connection.execute_wrapper(counted):
            code, size = call(path)
        cpu, wall = [], []
        backend_before = backend_cpu_seconds(connection)
        profiler = cProfile.Profile(time.process_time) if args.profile else None  # CPU, not wall time
        for turn in range(args.rounds):
            started_cpu, started_wall = time.process_time(), time.perf_counter()
            if profiler:
                profiler.enable()
            call(paths[turn % len(paths)])
            if profiler:
                profiler.disable()
            cpu.append((time.process_time() - started_cpu) * 1000)
            wall.append((time.perf_counter() - started_wall) * 1000)
        backend_after = backend_cpu_seconds(connection)
        db_cpu = None
        if backend_before and backend_after and backend_before[0] == backend_after[0]:
            db_cpu = round((backend_after[1] - backend_before[1]) * 1000 / args.rounds, 2)
        if profiler:
            Path(args.profile).mkdir(parents=True, exist_ok=True)
            name = urllib.parse.quote(page.replace("{unit}", "unit").replace("{employee}", "employee"),
                                      safe="").replace("%", "_")
            profiler.dump_stats(str(Path(args.profile) / f"{name}.prof"))
        print(json.dumps({
            "url": page, "rounds": args.rounds, "cpu_ms_p50": round(statistics.median(cpu), 2),
            "cpu_ms_mean": round(statistics.fmean(cpu), 2), "db_cpu_ms_mean": db_cpu, "wall_ms_p50": round(statistics.median(wall), 2),
            "queries": len(queries), "bytes": size, "status": code,
        }, ensure_ascii=False), flush=True)
    store.delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
