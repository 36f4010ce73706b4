"""Benchmark: a layoff batch's documents — each member's notice and certificate — as one background job
(every DOCX filled in Python, then ONE LibreOffice process converts them all). Prints the wall time, the
CPU time of Python and of LibreOffice, the load average, and the wall time of each phase (prepare:
context and template; render: docxtpl; convert: LibreOffice; store: files, rows and ledger entries).

Not run in CI. The issue's budget: 100 members → 200 documents in ≤ 2 minutes.

    .venv/bin/python benchmarks/offboarding_documents.py --members 100
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import resource
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

BUDGET_SECONDS = 120


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--members", type=int, default=100)
    args = parser.parse_args()
    scratch = Path(tempfile.mkdtemp(prefix="farewell-bench-"))
    os.environ.setdefault("FAREWELL_VAR_DIR", str(scratch))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "farewell.settings_test")
    os.environ["DEBUG"] = "false"
    import django

    django.setup()
    from django.conf import settings
    from django.core.management import call_command

    settings.MEDIA_ROOT = str(scratch / "media")
    call_command("migrate", verbosity=0)
    from farewell.accounts.models import Role, RoleGrant, User
    from farewell.cases import services
    from farewell.cases.models import CaseFamily, CaseStatus, SeparationCase
    from farewell.common.models import Job
    from farewell.offboarding.models import GeneratedDocument
    from farewell.offboarding.tasks import run_family_documents
    from farewell.org.models import Company, Employee, OrgUnit, Position

    company = Company.objects.create(name="基准测试有限公司", credit_code="91310000BENCH00001", city="上海")
    unit = OrgUnit.objects.create(company=company, name="生产部", code="P", path="0001.", depth=0)
    position = Position.objects.create(company=company, name="操作工")
    hr = User.objects.create(username="bench-hr")
    RoleGrant.objects.create(user=hr, role=Role.HRBP, company=company)
    family = CaseFamily.objects.create(company=company, title="基准裁员批次")
    last_day = dt.date.today() + dt.timedelta(days=40)
    started = time.monotonic()
    for n in range(args.members):
        employee = Employee.objects.create(company=company, employee_number=f"B{n:05d}", name=f"员工{n}",
                                           gender="male", birth_date=dt.date(1985, 1, 1), hire_date=dt.date(2018, 4, 1),
                                           org_unit=unit, position=position)
        case = services.open_case(employee, "layoff", actor=hr, separation_date=last_day, family=family)
        SeparationCase.objects.filter(pk=case.pk).update(status=CaseStatus.APPROVED)
    print(f"set-up: {args.members} approved layoff cases in {time.monotonic() - started:.1f}s")
    job = Job.objects.create(kind="offboarding.documents", title="benchmark", created_by=hr)
    before_self, before_children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    load = os.getloadavg()[0]
    started = time.monotonic()
    run_family_documents(job, family, hr)
    seconds = time.monotonic() - started
    after_self, after_children = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
    python_cpu = after_self.ru_utime + after_self.ru_stime - before_self.ru_utime - before_self.ru_stime
    soffice_cpu = (after_children.ru_utime + after_children.ru_stime - before_children.ru_utime
                   - before_children.ru_stime)
    # On a shared machine the wall time follows the load; the CPU time is what the work itself costs.
    print(f"load average at start {load:.1f}; CPU: Python {python_cpu:.1f}s, LibreOffice {soffice_cpu:.1f}s")
    job.refresh_from_db()
    print(f"load average at end {os.getloadavg()[0]:.1f}; wall seconds by phase: {job.result.get('seconds')}")
    count = GeneratedDocument.objects.filter(case__family=family).count()
    print(f"documents: {count} ({job.done}/{job.total}, status {job.status}, errors {len(job.errors)}) "
          f"in {seconds:.1f}s — {'within' if seconds <= BUDGET_SECONDS else 'OVER'} the {BUDGET_SECONDS}s budget")
    return 0 if job.status == Job.Status.DONE and seconds <= BUDGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
