"""Benchmark: the CPU every page pays outside its view (issue 14), and the base template's share.

Runs the WSGI application in this process with the production settings (DEBUG off), signed in as
`--username` (a session row, like a login), against the database of DATABASE_URL. For each page, after
one warm-up, `--rounds` requests; per request it records `time.process_time` for the whole request and
for the view function alone (the view as the URL resolver returns it, wrapped), so `outside` is the
middleware chain, the session and user load, URL resolving and the handler. `navbar_ms` is the
{% navbar %} tag's own time (inside the view). Queries are counted per request, split the same way.

    DATABASE_URL=... SECRET_KEY=... FAREWELL_FIELD_KEY=... \\
        .venv/bin/python benchmarks/request_overhead.py --username hradmin --rounds 300 [--language en]
        [--profile FILE [--outside]] [--save DIR --page /cases/ ...]

One JSON object per page: {"url", "rounds", "total_ms", "view_ms", "outside_ms", "navbar_ms" (means),
"queries", "queries_outside" (with the connection's health check), "health_checks", "status", "bytes"}. `--save DIR` writes each page's body (CSRF tokens
blanked) for `diff -r` between two checkouts.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import re
import statistics
import sys
import time
import urllib.parse
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

PAGES = ("/cases/",)
CSRF_TOKEN = re.compile(rb'(name="csrfmiddlewaretoken" value=|"X-CSRFToken": |csrf-token" content=)"[^"]*"')


def environ(path: str, cookie: str) -> dict:
    """page_cpu.py's request, with a browser's User-Agent and Accept headers (the middleware reads them)."""
    from benchmarks.page_cpu import environ as page_environ

    return {**page_environ(path, cookie), "HTTP_USER_AGENT": "Mozilla/5.0 (X11; Linux x86_64) bench",
            "HTTP_ACCEPT": "text/html", "HTTP_ACCEPT_LANGUAGE": "zh-CN,zh;q=0.9,en;q=0.8"}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--username", required=True)
    parser.add_argument("--rounds", type=int, default=300)
    parser.add_argument("--page", action="append", help="a path (repeatable); default /cases/")
    parser.add_argument("--language", default=None, help="the language cookie (en); default none (Chinese)")
    parser.add_argument("--profile", default=None, help="a cProfile file of all pages' rounds")
    parser.add_argument("--outside", action="store_true", help="profile only outside the view function")
    parser.add_argument("--save", default=None, help="a directory for each path's body")
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings")
    os.environ["DEBUG"] = "false"
    from importlib import import_module

    import django
    django.setup()
    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY, get_user_model
    from django.core.handlers.base import BaseHandler
    from django.core.wsgi import get_wsgi_application
    from django.db import connection

    from farewell.accounts.templatetags import navbar as navbar_tags

    clock = {"view": 0.0, "navbar": 0.0, "in_view": False, "queries": 0, "queries_view": 0, "outside_profiler": None,
             "checks": 0}

    original_atomic = BaseHandler.make_view_atomic

    def make_view_atomic(self, view):
        inner = original_atomic(self, view)

        def timed(*a, **k):
            started = time.process_time()
            clock["in_view"] = True
            if clock["outside_profiler"]:
                clock["outside_profiler"].disable()
            try:
                return inner(*a, **k)
            finally:
                if clock["outside_profiler"]:
                    clock["outside_profiler"].enable()
                clock["in_view"] = False
                clock["view"] += time.process_time() - started
        return timed

    BaseHandler.make_view_atomic = make_view_atomic
    original_navbar = navbar_tags.navbar

    def navbar(context):
        started = time.process_time()
        try:
            return original_navbar(context)
        finally:
            clock["navbar"] += time.process_time() - started
    # simple_tag's compile function closes over the tag's function: register the timed one the same way
    # (before any template is compiled).
    navbar_tags.register.simple_tag(takes_context=True, name="navbar")(navbar)

    application = get_wsgi_application()
    # Django's health check (`SELECT 1` before a reused connection's first query) bypasses the cursor
    # wrappers: counted here as a query outside the view.
    from django.db import connections
    database = connections["default"]
    is_usable = database.is_usable

    def counted_is_usable():
        clock["checks"] += 1
        return is_usable()

    database.is_usable = counted_is_usable
    user = get_user_model().objects.get(username=args.username)
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = next(b for b in settings.AUTHENTICATION_BACKENDS if "axes" not in b)
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.save()
    # A browser's cookies after the login: the session and the CSRF cookie (as benchmarks/load.py sends them).
    from django.middleware.csrf import _get_new_csrf_string
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}; {settings.CSRF_COOKIE_NAME}={_get_new_csrf_string()}"
    if args.language:
        cookie += f"; {settings.LANGUAGE_COOKIE_NAME}={args.language}"

    def counted(execute, sql, *rest):
        clock["queries"] += 1
        if clock["in_view"]:
            clock["queries_view"] += 1
        return execute(sql, *rest)

    def call(path: str, save: bool = False) -> tuple[int, int]:
        status = []
        response = application(environ(path, cookie), lambda s, h, *a: status.append(s))
        body = b"".join(response)
        if hasattr(response, "close"):
            response.close()  # request_finished: what a server does after sending
        if save and args.save:
            Path(args.save).mkdir(parents=True, exist_ok=True)
            name = urllib.parse.quote(path, safe="").replace("%", "_") or "root"
            (Path(args.save) / f"{name}.html").write_bytes(CSRF_TOKEN.sub(rb'\1""', body))
        return int(status[0].split()[0]), len(body)

    print(json.dumps({"loadavg": os.getloadavg(), "database": connection.vendor, "user": args.username,
                      "language": args.language}), flush=True)
    profiler = cProfile.Profile(time.process_time) if args.profile else None
    if profiler and args.outside:
        clock["outside_profiler"] = profiler
    for page in args.page or PAGES:
        path = urllib.parse.quote(page, safe="/?=&")
        call(path, save=True)
        call(path)
        totals, views, navbars = [], [], []
        with connection.execute_wrapper(counted):
            clock["queries"] = clock["queries_view"] = clock["checks"] = 0
            for _turn in range(args.rounds):
                clock["view"] = clock["navbar"] = 0.0
                started = time.process_time()
                if profiler:
                    profiler.enable()
                code, size = call(path)
                if profiler:
                    profiler.disable()
                totals.append(time.process_time() - started)
                views.append(clock["view"])
                navbars.append(clock["navbar"])
        total, view = statistics.fmean(totals) * 1000, statistics.fmean(views) * 1000
        print(json.dumps({
            "url": page, "rounds": args.rounds, "total_ms": round(total, 3), "view_ms": round(view, 3),
            "outside_ms": round(total - view, 3),
            "outside_p50_ms": round(statistics.median(t - v for t, v in zip(totals, views, strict=True)) * 1000, 3),
            "navbar_ms": round(statistics.fmean(navbars) * 1000, 3),
            "queries": clock["queries"] / args.rounds,
            "queries_outside": (clock["queries"] - clock["queries_view"] + clock["checks"]) / args.rounds,
            "health_checks": clock["checks"] / args.rounds,
            "status": code, "bytes": size,
        }, ensure_ascii=False), flush=True)
    if profiler:
        profiler.dump_stats(args.profile)
    store.delete()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
