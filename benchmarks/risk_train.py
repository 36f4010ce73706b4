"""`farewell risk train` at scale: time to evaluate, train and score one company's attrition-risk model.

    DATABASE_URL=... python benchmarks/risk_train.py [--company ID]

Prints one JSON object: wall seconds, this process's CPU seconds, the database backend's CPU
seconds (read from /proc when PostgreSQL runs on this machine), the load average before and
after, the employees scored and the training rows. On a shared machine the wall time follows
the load; the CPU seconds are what the work costs.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path


def _backend_cpu(pid: int | None) -> float | None:
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (OSError, IndexError, TypeError):
        return None
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--company", type=int, default=None)
    args = parser.parse_args()
    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings")
    import django

    django.setup()
    from django.db import connection

    from farewell.insights import risk
    from farewell.insights.models import RiskScore
    from farewell.org.models import Company

    company = Company.objects.get(pk=args.company) if args.company else Company.objects.order_by("pk").first()
    backend = None
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_backend_pid()")
            backend = cursor.fetchone()[0]
    load_before = os.getloadavg()
    db_before = _backend_cpu(backend)
    wall, cpu = time.perf_counter(), time.process_time()
    model = risk.train(company)
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    db_after = _backend_cpu(backend)
    print(json.dumps({
        "company": company.pk, "employees_scored": RiskScore.objects.filter(model=model).count(),
        "train_rows": model.evaluation.get("train_rows"), "family": model.family,
        "roc_auc_time_split": model.evaluation.get("roc_auc"),
        "wall_seconds": round(wall, 1), "cpu_seconds": round(cpu, 1),
        "database_cpu_seconds": None if db_before is None or db_after is None else round(db_after - db_before, 1),
        "load_before": [round(x, 2) for x in load_before], "load_after": [round(x, 2) for x in os.getloadavg()],
    }, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
