"""Load benchmark: N signed-in users at once, no think time, on the pages HR opens most.

Not run in CI at full size (tests/test_benchmarks.py runs it small so that it does not rot).
Loopback only: it refuses any other host. Against a running server (the production one, see
docs/deploy.md; the issue-14 budget is p95 ≤ 200 ms with 50 users at 100,000 employees):

    .venv/bin/python benchmarks/load.py --base http://127.0.0.1:8000 --username hradmin \\
        --password '...' --users 50 --seconds 60

Each page is loaded by every user in turn for `--seconds`; one JSON object per page is printed on
its own line as it finishes (the last line is the last page), so runs can be compared:
{"url": ..., "users": 50, "seconds": 60, "requests": ..., "p50_ms", "p95_ms", "p99_ms", "errors", "rps"}.
The machine's load average is printed first, since the numbers mean little without it.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import re
import statistics
import sys
import threading
import time
import urllib.parse

DEFAULT_PAGES = ("/cases/", "/employees/", "/employees/?q=张", "/employees/?org_unit={unit}", "/insights/flags/")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}


class Session:
    """A signed-in session's cookies, shared by the users (each keeps its own connection)."""

    def __init__(self, base: str) -> None:
        parts = urllib.parse.urlsplit(base)
        if parts.hostname not in LOOPBACK:
            raise SystemExit(f"refusing to load {parts.hostname}: loopback only")
        self.host, self.port = parts.hostname, parts.port or 80
        self.cookies: dict[str, str] = {}

    def connect(self) -> http.client.HTTPConnection:
        return http.client.HTTPConnection(self.host, self.port, timeout=30)

    def _cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def _keep(self, response: http.client.HTTPResponse) -> None:
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]

    def request(self, conn, method: str, path: str, body: str | None = None) -> tuple[int, bytes, str]:
        headers = {"Cookie": self._cookie_header(), "Host": f"{self.host}:{self.port}"}
        if body is not None:
            headers.update({"Content-Type": "application/x-www-form-urlencoded",
                            "Referer": f"http://{self.host}:{self.port}{path}"})
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        data = response.read()
        if method == "POST" or not self.cookies:
            self._keep(response)  # the login's cookies; page loads never change them
        return response.status, data, response.headers.get("Location", "")

    def login(self, username: str, password: str) -> None:
        conn = self.connect()
        status, page, _ = self.request(conn, "GET", "/accounts/login/")
        token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)
        if status != 200 or token is None:
            raise SystemExit(f"login page: HTTP {status}")
        body = urllib.parse.urlencode({"username": username, "password": password,
                                       "csrfmiddlewaretoken": token.group(1).decode()})
        status, _, location = self.request(conn, "POST", "/accounts/login/", body)
        if status != 302 or "login" in location:
            raise SystemExit(f"login failed for {username}: HTTP {status} {location}")


def percentile(values: list[float], fraction: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def load_page(session: Session, path: str, *, users: int, seconds: float) -> dict:
    """`users` threads request `path` back to back for `seconds`; latencies in ms, errors counted."""
    timings: list[float] = []
    errors = [0]
    lock = threading.Lock()
    deadline = time.perf_counter() + seconds

    def user() -> None:
        conn = session.connect()
        mine, failed = [], 0
        while time.perf_counter() < deadline:
            started = time.perf_counter()
            try:
                status, _, _ = session.request(conn, "GET", path)
            except (OSError, http.client.HTTPException):
                status = 0
                conn.close()
                conn = session.connect()
            elapsed = (time.perf_counter() - started) * 1000
            if status == 200:
                mine.append(elapsed)
            else:
                failed += 1
        conn.close()
        with lock:
            timings.extend(mine)
            errors[0] += failed

    threads = [threading.Thread(target=user) for _ in range(users)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    wall = time.perf_counter() - started
    return {
        "url": path, "users": users, "seconds": seconds, "requests": len(timings) + errors[0],
        "p50_ms": round(statistics.median(timings), 1) if timings else 0.0,
        "p95_ms": round(percentile(timings, 0.95), 1), "p99_ms": round(percentile(timings, 0.99), 1),
        "errors": errors[0], "rps": round(len(timings) / wall, 1) if wall else 0.0,
    }


def first_unit(session: Session) -> str:
    """A unit the user may filter by (the picker's first option), for the unit-filtered list."""
    conn = session.connect()
    _, page, _ = session.request(conn, "GET", "/employees/units/pick/")
    match = re.search(rb'data-pk="(\d+)"', page)
    return match.group(1).decode() if match else ""


def run(base: str, username: str, password: str, *, users: int, seconds: float,
        pages: tuple[str, ...] = DEFAULT_PAGES, out=sys.stdout) -> list[dict]:
    session = Session(base)
    session.login(username, password)
    unit = first_unit(session) if any("{unit}" in p for p in pages) else ""
    results = []
    for page in pages:
        path = page.format(unit=unit)
        path = urllib.parse.quote(path, safe="/?=&")
        result = load_page(session, path, users=users, seconds=seconds)
        results.append(result)
        print(json.dumps(result, ensure_ascii=False), file=out, flush=True)
    return results


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", default=os.environ.get("FAREWELL_BENCH_PASSWORD", ""))
    parser.add_argument("--users", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--page", action="append", help="a path to load (repeatable); default: the lists")
    args = parser.parse_args()
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(json.dumps({"loadavg": load, "cpus": os.cpu_count()}), flush=True)
    run(args.base, args.username, args.password, users=args.users, seconds=args.seconds,
        pages=tuple(args.page) if args.page else DEFAULT_PAGES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
