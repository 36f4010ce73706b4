"""Benchmark: the employee page (every panel) over HTTP against its SQL floor, on the same
employees in the same run (issue 14: p95 ≤ 100 ms and ≤ 3× the floor).

Not run in CI at full size (tests/test_benchmarks.py runs it small). Against a running server
(the production one, docs/deploy.md) and its database (the same DATABASE_URL and keys):

    DATABASE_URL=postgres://root@127.0.0.1:5432/bench .venv/bin/python benchmarks/profile_page.py \\
        --base http://127.0.0.1:8000 --username hradmin --password '...' --employees 40 --rounds 5

The floor is what the page shows fetched by hand-written SQL, without models or templates: the
session, the user and their grants; the employee with unit, position, company and manager chain;
the unit's ancestors; one query returning every per-employee list as JSON (contracts, the last 24
wage months, protected periods, every record kind, flags with evidence, cases, talk plans and
records, departures, the latest risk score); the unit's department figures (computed with the flags,
insights.UnitAverage). Page loads and floors alternate employee by employee, so both run under the
same load. Loopback only.

Timings on a shared machine follow its load; CPU time does not. With `--server-pid` (the gunicorn
master, or runserver) the server's CPU seconds (user + system, its worker processes included, from
/proc) are read before and after the page loads and printed per page: the Python cost of one view,
whatever else the machine runs. The last line is one JSON object: {"employees", "rounds", "page":
{"p50_ms", "p95_ms"}, "floor": {...}, "ratio_p50", "ratio_p95", "server_cpu_ms_per_page", "errors",
"loadavg"}.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from benchmarks.load import Session, percentile  # noqa: E402

RECORD_TABLES = (
    "records_performancereview", "records_feedback360", "records_valuesassessment", "records_surveyresponse",
    "records_trainingrecord", "records_rewardpenalty", "records_contribution", "records_commitment",
    "org_contract", "org_statusperiod", "cases_separationcase", "talks_talkplan", "talks_conversation",
    "exits_departure",
)

CHAIN_SQL = """
SELECT e.*, u.name, u.path, p.name, c.name, c.city,
       m1.code, m1.name, m1.employee_number, m2.code, m2.name, m2.employee_number,
       m3.code, m3.name, m3.employee_number, m4.code, m4.name, m4.employee_number
FROM org_employee e JOIN org_orgunit u ON u.id = e.org_unit_id JOIN org_company c ON c.id = e.company_id
LEFT JOIN org_position p ON p.id = e.position_id LEFT JOIN org_employee m1 ON m1.id = e.manager_id
LEFT JOIN org_employee m2 ON m2.id = m1.manager_id LEFT JOIN org_employee m3 ON m3.id = m2.manager_id
LEFT JOIN org_employee m4 ON m4.id = m3.manager_id
WHERE e.id = %s"""


def lists_sql() -> str:
    parts = [f"(SELECT json_agg(t) FROM {table} t WHERE t.employee_id = %(id)s)" for table in RECORD_TABLES]
    parts += [
        "(SELECT json_agg(w) FROM (SELECT * FROM org_wagemonth WHERE employee_id = %(id)s"
        " ORDER BY month DESC LIMIT 24) w)",
        "(SELECT json_agg(json_build_object('v', v, 'm', m)) FROM records_metricvalue v"
        " JOIN records_metric m ON m.id = v.metric_id WHERE v.employee_id = %(id)s)",
        "(SELECT json_agg(json_build_object('f', f, 'e', (SELECT json_agg(x) FROM insights_flagevidence x"
        " WHERE x.flag_id = f.id))) FROM insights_flag f WHERE f.employee_id = %(id)s)",
        "(SELECT row_to_json(r) FROM insights_riskscore r WHERE r.employee_id = %(id)s ORDER BY r.id DESC LIMIT 1)",
    ]
    return "SELECT " + ",\n".join(parts)


# The department figures as the page reads them: computed with the flags after each import.
AVERAGES_SQL = "SELECT source, period_start, dimension, score, kpi, count FROM insights_unitaverage WHERE org_unit_id = %(unit)s"


def floor(cursor, employee_id: int, unit_id: int, unit_path: str, company_id: int, session_key: str,
          user_id: int) -> None:
    cursor.execute("SELECT session_data FROM django_session WHERE session_key = %s", [session_key])
    cursor.fetchall()
    cursor.execute("SELECT * FROM accounts_user WHERE id = %s", [user_id])
    cursor.fetchall()
    cursor.execute("SELECT g.role, g.company_id, u.path FROM accounts_rolegrant g LEFT JOIN org_orgunit u"
                   " ON u.id = g.org_unit_id WHERE g.user_id = %s", [user_id])
    cursor.fetchall()
    cursor.execute(CHAIN_SQL, [employee_id])
    cursor.fetchall()
    segments = unit_path.split(".")[:-1]
    prefixes = [".".join(segments[: i + 1]) + "." for i in range(len(segments))]
    cursor.execute("SELECT * FROM org_orgunit WHERE company_id = %s AND path = ANY(%s)", [company_id, prefixes])
    cursor.fetchall()
    cursor.execute(lists_sql(), {"id": employee_id})
    cursor.fetchall()
    cursor.execute(AVERAGES_SQL, {"unit": unit_id})
    cursor.fetchall()
    # The local wage figures and holidays the estimate needs are kept by each server process
    # (org/cached.py): not part of a view's floor.


# Employee pages fetched before the clock starts: two per gunicorn worker of docs/deploy.md (3).
WARM_UP_PAGES = 6


def _timed_floor(cursor, *args) -> float:
    started = time.perf_counter()
    floor(cursor, *args)
    return (time.perf_counter() - started) * 1000


def cpu_seconds(pid: int) -> float:
    """User + system CPU seconds of a process and its descendants (a gunicorn master's workers)."""
    tick, total, stack = os.sysconf("SC_CLK_TCK"), 0.0, [pid]
    while stack:
        current = stack.pop()
        try:
            with open(f"/proc/{current}/stat") as stat:
                fields = stat.read().rsplit(")", 1)[1].split()
            total += (int(fields[11]) + int(fields[12])) / tick  # utime, stime (proc(5) fields 14, 15)
            for task in os.listdir(f"/proc/{current}/task"):
                with open(f"/proc/{current}/task/{task}/children") as children:
                    stack += [int(child) for child in children.read().split()]
        except (FileNotFoundError, ProcessLookupError):
            continue
    return total


def summary(values: list[float]) -> dict:
    return {"p50_ms": round(statistics.median(values), 1) if values else 0.0,
            "p95_ms": round(percentile(values, 0.95), 1)}


def run(base: str, username: str, password: str, *, employees: int, rounds: int, seed: int = 2026,
        out=sys.stdout, server_pid: int | None = None) -> dict:
    from django.contrib.auth import get_user_model
    from django.db import connection

    from farewell.accounts import policy

    session = Session(base)
    session.login(username, password)
    user = get_user_model().objects.get(username=username)
    ids = list(policy.employees_for(user, "employee.view").order_by("pk").values_list("pk", flat=True))
    chosen = random.Random(seed).sample(ids, min(employees, len(ids)))
    from farewell.org.models import Employee

    people = list(Employee.objects.filter(pk__in=chosen).values_list("pk", "code", "org_unit_id", "org_unit__path",
                                                                      "company_id"))
    key = session.cookies.get("sessionid", "")
    conn = session.connect()
    # Untimed: a few employee pages of people NOT measured, so that each worker has rendered the page once (its
    # templates compiled, its per-process caches filled) before the clock starts — as load.py's warm-up does for
    # the URLconf. The measured employees' rows stay unread until the timed rounds.
    others = [pk for pk in ids if pk not in set(chosen)][:WARM_UP_PAGES]
    for code in Employee.objects.filter(pk__in=others).values_list("code", flat=True):
        session.request(conn, "GET", f"/employees/{code}/")
    page_ms, floor_ms, errors = [], [], 0
    cpu_before = cpu_seconds(server_pid) if server_pid else None
    with connection.cursor() as cursor:
        for round_index in range(rounds):
            for position, (pk, code, unit_id, path, company_id) in enumerate(people):
                # Which of the two goes first alternates from one employee to the next (and round to round): the
                # first to read an employee's rows pays PostgreSQL's cold reads, and always giving them to the
                # page made a fifth of its samples (the first round) cold against a warm floor.
                first_the_page = (round_index + position) % 2 == 0
                if not first_the_page:
                    floor_ms.append(_timed_floor(cursor, pk, unit_id, path, company_id, key, user.pk))
                started = time.perf_counter()
                status, _body, _ = session.request(conn, "GET", f"/employees/{code}/")
                elapsed = (time.perf_counter() - started) * 1000
                if status == 200:
                    page_ms.append(elapsed)
                else:
                    errors += 1
                if first_the_page:
                    floor_ms.append(_timed_floor(cursor, pk, unit_id, path, company_id, key, user.pk))
    conn.close()
    server_cpu = None
    if cpu_before is not None and page_ms:
        server_cpu = round((cpu_seconds(server_pid) - cpu_before) * 1000 / (len(page_ms) + errors), 1)
    page, low = summary(page_ms), summary(floor_ms)
    result = {
        "employees": len(people), "rounds": rounds, "page": page, "floor": low,
        "ratio_p50": round(page["p50_ms"] / low["p50_ms"], 2) if low["p50_ms"] else None,
        "ratio_p95": round(page["p95_ms"] / low["p95_ms"], 2) if low["p95_ms"] else None,
        "server_cpu_ms_per_page": server_cpu,
        "errors": errors, "loadavg": [round(x, 2) for x in os.getloadavg()],
    }
    print(json.dumps(result), file=out, flush=True)
    return result


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--base", default="http://127.0.0.1:8000")
    parser.add_argument("--username", required=True)
    parser.add_argument("--password", default=os.environ.get("FAREWELL_BENCH_PASSWORD", ""))
    parser.add_argument("--employees", type=int, default=40)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--server-pid", type=int, default=None,
                        help="the server's process id (gunicorn's master): print its CPU time per page")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings")
    import django

    django.setup()
    print(json.dumps({"loadavg": [round(x, 2) for x in os.getloadavg()], "cpus": os.cpu_count()}), flush=True)
    run(args.base, args.username, args.password, employees=args.employees, rounds=args.rounds, seed=args.seed,
        server_pid=args.server_pid)
    return 0


if __name__ == "__main__":
    sys.exit(main())
