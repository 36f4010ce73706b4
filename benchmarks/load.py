"""Load benchmark: N signed-in users at once, no think time, on the pages HR opens most.

Not run in CI at full size (tests/test_benchmarks.py runs it small so that it does not rot).
Loopback only: it refuses any other host. `--serve` starts the documented production server itself
(the gunicorn command line of deploy/systemd/farewell-web.service, DEBUG off, after its migrate and
collectstatic) against DATABASE_URL with the environment's keys, and stops it at the end; without
`--serve` it loads a server already running at `--base` (see docs/deploy.md). The issue-14 budget is
p95 ≤ 200 ms with 50 users at 100,000 employees:

    DATABASE_URL=postgres://... SECRET_KEY=... FAREWELL_FIELD_KEY=... \
        .venv/bin/python benchmarks/load.py --serve --username hradmin --password '...' --users 50 --seconds 60

Each page is loaded by every user in turn for `--seconds`; one JSON object per page is printed on
its own line as it finishes (the last line is the last page), so runs can be compared:
{"url": ..., "users": 50, "seconds": 60, "requests": ..., "p50_ms", "p95_ms", "p99_ms", "errors", "rps",
"server_cpu_ms", "client_cpu_ms", "loadavg"}. `server_cpu_ms` is the CPU the gunicorn workers spent per
request (with `--serve`; null otherwise) and `client_cpu_ms` this load generator's: unlike the
latencies they do not depend on what else the machine runs, so 2 cores × 1000 / (server + client
+ the database's share) is the rate an idle 2-core machine sustains. The machine's load average is
printed first and with every page, since the latencies mean little without it.

`--client wrk` drives the same pages with wrk (Debian's package; `make system-deps` installs it)
instead of this script's threads: a C event loop that costs the machine a fraction of the Python
client's CPU and adds no GIL wait to the latencies. The login stays this script's (its cookies are
sent with every request); a Lua script counts every response that is not 200 (a redirect to the login
page included) as an error, and the JSON line is the same, with "client": "wrk".
"""

from __future__ import annotations

import argparse
import contextlib
import http.client
import json
import os
import re
import resource
import shlex
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

DEFAULT_PAGES = ("/cases/", "/employees/", "/employees/?q=张", "/employees/?org_unit={unit}", "/insights/flags/")
LOOPBACK = {"127.0.0.1", "localhost", "::1"}
REPO = Path(__file__).resolve().parent.parent
WEB_UNIT = REPO / "deploy" / "systemd" / "farewell-web.service"
STARTUP_SECONDS = 180  # a worker's first request loads the URLconf: seconds, more on a loaded machine
CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def unit_commands(unit: Path, port: int, bin_dir: Path) -> tuple[list[list[str]], list[str]]:
    """The ExecStartPre commands and the ExecStart command of a systemd unit, pointed at `bin_dir`
    (this virtual environment) and at `port` on the loopback."""
    pre, start = [], None
    for line in unit.read_text().splitlines():
        key, _, value = line.partition("=")
        if key not in ("ExecStartPre", "ExecStart"):
            continue
        argv = shlex.split(value)
        argv[0] = str(bin_dir / Path(argv[0]).name)
        argv = [f"127.0.0.1:{port}" if arg == "127.0.0.1:8000" else arg for arg in argv]
        if key == "ExecStartPre":
            pre.append(argv)
        else:
            start = argv
    if not start or "--bind" not in start:
        raise SystemExit(f"{unit} has no gunicorn ExecStart with --bind")
    return pre, start


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class Server:
    """The documented production server started for the run: its URL and its workers' CPU time."""

    def __init__(self, process: subprocess.Popen, port: int) -> None:
        self.process, self.port = process, port
        self.base = f"http://127.0.0.1:{port}"

    def warm_up(self) -> None:
        """A few requests so that every worker has loaded the URLconf and opened its database connection
        before the clock starts (a worker does that on its first request: seconds on a loaded machine)."""
        for _ in range(2 * max(1, len(self.workers()))):
            conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=STARTUP_SECONDS)
            conn.request("GET", "/healthz", headers={"Host": f"127.0.0.1:{self.port}"})
            conn.getresponse().read()
            conn.close()

    def workers(self) -> list[int]:
        """The gunicorn master's children (its workers), read from /proc."""
        pid = self.process.pid
        try:
            return [int(p) for p in Path(f"/proc/{pid}/task/{pid}/children").read_text().split()]
        except OSError:
            return []

    def cpu_seconds(self) -> float:
        """User + system CPU of the master and the workers so far (workers are not restarted by gunicorn
        unless they die, which the run would show as errors)."""
        total = 0
        for pid in [self.process.pid, *self.workers()]:
            try:
                fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            total += int(fields[11]) + int(fields[12])  # utime, stime (fields 14 and 15 of stat)
        return total / CLOCK_TICKS


@contextlib.contextmanager
def serve(env: dict[str, str] | None = None, *, prepare: bool = True, log: Path | None = None):
    """Run the web unit's commands (migrate, collectstatic, gunicorn) with production settings on a free
    loopback port; yield the Server; stop it at the end. Plain HTTP on the loopback: the HTTPS redirect
    and secure cookies are off for this server only (docs/deploy.md, measuring speed)."""
    port = free_port()
    bin_dir = Path(sys.executable).parent
    sent = {**os.environ, **(env or {})}
    sent.update({"DJANGO_SETTINGS_MODULE": "farewell.settings", "DEBUG": "false", "PYTHONPATH": str(REPO),
                 "SECURE_SSL_REDIRECT": "false", "SESSION_COOKIE_SECURE": "false", "CSRF_COOKIE_SECURE": "false",
                 "SECURE_HSTS_SECONDS": "0"})
    sent.setdefault("ALLOWED_HOSTS", "127.0.0.1,localhost")
    pre, web = unit_commands(WEB_UNIT, port, bin_dir)
    if prepare:
        for argv in pre:
            done = subprocess.run(argv, cwd=REPO, env=sent, capture_output=True, text=True, timeout=600)
            if done.returncode != 0:
                raise SystemExit(f"{shlex.join(argv)} failed:\n{done.stdout}\n{done.stderr}")
    log_path = log or Path(tempfile.mkstemp(prefix="farewell-gunicorn-", suffix=".log")[1])
    with open(log_path, "w") as out:
        process = subprocess.Popen(web, cwd=REPO, env=sent, stdout=out, stderr=subprocess.STDOUT)
    try:
        deadline = time.monotonic() + STARTUP_SECONDS
        while True:
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit("gunicorn did not start:\n" + log_path.read_text()[-3000:])
            try:
                with socket.create_connection(("127.0.0.1", port), timeout=1):
                    break
            except OSError:
                time.sleep(0.2)
        server = Server(process, port)
        server.warm_up()
        yield server
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


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


def load_page(session: Session, path: str, *, users: int, seconds: float, server: Server | None = None) -> dict:
    """`users` threads request `path` back to back for `seconds`; latencies in ms, errors counted."""
    server_cpu = server.cpu_seconds() if server else 0.0
    client_cpu = time.process_time()
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
    requests = len(timings) + errors[0]
    client_cpu = time.process_time() - client_cpu
    server_cpu = server.cpu_seconds() - server_cpu if server else None
    return {
        "url": path, "users": users, "seconds": seconds, "requests": requests,
        "p50_ms": round(statistics.median(timings), 1) if timings else 0.0,
        "p95_ms": round(percentile(timings, 0.95), 1), "p99_ms": round(percentile(timings, 0.99), 1),
        "errors": errors[0], "rps": round(len(timings) / wall, 1) if wall else 0.0,
        "server_cpu_ms": round(server_cpu * 1000 / requests, 2) if server and requests else None,
        "client_cpu_ms": round(client_cpu * 1000 / requests, 2) if requests else None,
        "loadavg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
    }


WRK_SCRIPT = r"""
local threads = {}
function setup(thread) table.insert(threads, thread) end
function init(args) bad = 0 end
function response(status, headers, body) if status ~= 200 then bad = bad + 1 end end
function done(summary, latency, requests)
  local not_ok = 0
  for _, thread in ipairs(threads) do not_ok = not_ok + thread:get("bad") end
  local e = summary.errors
  io.write(string.format(
    '\nWRK {"requests": %d, "not_ok": %d, "socket_errors": %d, "duration_us": %d, ' ..
    '"p50_us": %d, "p95_us": %d, "p99_us": %d}\n',
    summary.requests, not_ok, e.connect + e.read + e.write + e.timeout, summary.duration,
    latency:percentile(50), latency:percentile(95), latency:percentile(99)))
end
"""


def wrk_threads(users: int) -> int:
    return max(1, min(users, os.cpu_count() or 1))


def load_page_wrk(session: Session, path: str, *, users: int, seconds: float, server: Server | None = None,
                  wrk: str = "wrk") -> dict:
    """The same measurement as load_page, made by wrk: `users` connections, each back to back."""
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(WRK_SCRIPT)
    url = f"http://{session.host}:{session.port}{path}"
    argv = [wrk, "-t", str(wrk_threads(users)), "-c", str(users), "-d", f"{max(1, round(seconds))}s",
            "--timeout", "30s", "-s", script.name, "-H", f"Cookie: {session._cookie_header()}", url]
    server_cpu = server.cpu_seconds() if server else 0.0
    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    try:
        done = subprocess.run(argv, capture_output=True, text=True, timeout=seconds + 120)
    finally:
        os.unlink(script.name)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    server_cpu = server.cpu_seconds() - server_cpu if server else None
    line = next((ln for ln in done.stdout.splitlines() if ln.startswith("WRK ")), None)
    if done.returncode != 0 or line is None:
        raise SystemExit(f"{shlex.join(argv)} failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    counts = json.loads(line[4:])
    requests = counts["requests"] + counts["socket_errors"]
    errors = counts["not_ok"] + counts["socket_errors"]
    wall = counts["duration_us"] / 1e6
    client_cpu = (after.ru_utime - children.ru_utime) + (after.ru_stime - children.ru_stime)
    return {
        "url": path, "users": users, "seconds": seconds, "requests": requests,
        "p50_ms": round(counts["p50_us"] / 1000, 1), "p95_ms": round(counts["p95_us"] / 1000, 1),
        "p99_ms": round(counts["p99_us"] / 1000, 1), "errors": errors,
        "rps": round((counts["requests"] - counts["not_ok"]) / wall, 1) if wall else 0.0,
        "server_cpu_ms": round(server_cpu * 1000 / requests, 2) if server and requests else None,
        "client_cpu_ms": round(client_cpu * 1000 / requests, 2) if requests else None,
        "loadavg": [round(x, 2) for x in os.getloadavg()] if hasattr(os, "getloadavg") else None,
        "client": "wrk",
    }


def first_unit(session: Session) -> str:
    """A unit the user may filter by (the picker's first option), for the unit-filtered list."""
    conn = session.connect()
    _, page, _ = session.request(conn, "GET", "/employees/units/pick/")
    match = re.search(rb'data-pk="(\d+)"', page)
    return match.group(1).decode() if match else ""


def run(base: str, username: str, password: str, *, users: int, seconds: float,
        pages: tuple[str, ...] = DEFAULT_PAGES, out=sys.stdout, server: Server | None = None,
        client: str = "python") -> list[dict]:
    session = Session(base)
    session.login(username, password)
    unit = first_unit(session) if any("{unit}" in p for p in pages) else ""
    results = []
    for page in pages:
        path = page.format(unit=unit)
        path = urllib.parse.quote(path, safe="/?=&")
        measure = load_page_wrk if client == "wrk" else load_page
        result = measure(session, path, users=users, seconds=seconds, server=server)
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
    parser.add_argument("--serve", action="store_true",
                        help="start the production server (deploy/systemd/farewell-web.service) for the run")
    parser.add_argument("--no-prepare", action="store_true",
                        help="with --serve: skip the unit's migrate and collectstatic (already done)")
    parser.add_argument("--client", choices=("python", "wrk"), default="python",
                        help="what sends the requests: this script's threads, or wrk (lighter, C)")
    args = parser.parse_args()
    if args.client == "wrk" and shutil.which("wrk") is None:
        raise SystemExit("wrk is not installed (make system-deps, or apt-get install wrk)")
    load = os.getloadavg() if hasattr(os, "getloadavg") else None
    print(json.dumps({"loadavg": load, "cpus": os.cpu_count()}), flush=True)
    pages = tuple(args.page) if args.page else DEFAULT_PAGES
    if not args.serve:
        run(args.base, args.username, args.password, users=args.users, seconds=args.seconds, pages=pages,
            client=args.client)
        return 0
    with serve(prepare=not args.no_prepare) as server:
        print(json.dumps({"server": " ".join(unit_commands(WEB_UNIT, server.port, Path(sys.executable).parent)[1]),
                          "workers": len(server.workers())}), flush=True)
        run(server.base, args.username, args.password, users=args.users, seconds=args.seconds, pages=pages,
            server=server, client=args.client)
    return 0


if __name__ == "__main__":
    sys.exit(main())
