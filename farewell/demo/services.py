"""Build and remove the demo company: `build_demo_company` plans it (generator.py), sets the
companies up with `setup_company` (what `farewell setup` runs), writes the plan as the files a
customer would import (files.py) and imports them with `import_file`, then gives the demo logins
their roles through the accounts services — every demo exercises the customer's path."""

from __future__ import annotations

import datetime as dt
import random
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from django.contrib.auth.hashers import make_password
from django.core.exceptions import ValidationError
from django.db import connection, transaction
from django.db.models import ProtectedError, Q, RestrictedError

from farewell.accounts import services as accounts
from farewell.accounts.models import AccessLog, Role, RoleGrant, User
from farewell.accounts.policy import ADMIN_ROLES
from farewell.exits.demo import build_exits_demo
from farewell.insights.services import recompute_flags
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import record
from farewell.org.models import (
    Company,
    Contract,
    Employee,
    Jurisdiction,
    OrgUnit,
    StatusPeriod,
    WageMonth,
)
from farewell.records.importers import import_file
from farewell.talks.demo import build_talks_demo

from .cases import build_cases_demo
from .civil_service import build_civil_service_demo
from .files import IMPORT_ORDER, spec_kind, write_files
from .generator import Plan, Planner
from .signals import TABLES as SIGNAL_TABLES
from .signals import build_signals

# Demo companies carry fixed codes, so --reset finds them (and only them) whatever the seed.
DEMO_NAMESPACE = uuid.UUID("6f1d4c1e-6a43-4f0e-9a57-0d3c2f6a9b10")
COMPANY_CODE = uuid.uuid5(DEMO_NAMESPACE, "company")
BUREAU_CODE = uuid.uuid5(DEMO_NAMESPACE, "bureau")
DEMO_COMPANY_CODES = (COMPANY_CODE, BUREAU_CODE)

# The demo is local: its logins share one printed password.
DEMO_PASSWORD = "farewell-demo"


@dataclass(frozen=True)
class DemoLogin:
    username: str
    role: str
    scope: str  # "company", "group" (company and bureau) or a unit code
    description: str


DEMO_LOGINS: tuple[DemoLogin, ...] = (
    DemoLogin("hradmin", Role.HR_ADMIN, "group", "HR管理员（公司与机关）"),
    DemoLogin("hrbp", Role.HRBP, "SALES", "HRBP，范围：销售部"),
    # Four eyes: the HRBP who opens a case never reviews it, and the other units and the bureau
    # need an HRBP too, or their HR reviews have no one to decide them.
    DemoLogin("hrbp2", Role.HRBP, "group", "HRBP，范围：全公司与机关（审核他人发起的案件）"),
    DemoLogin("legal", Role.LEGAL, "group", "法务"),
    DemoLogin("manager", Role.MANAGER, "company", "直线经理：销售部负责人"),
    DemoLogin("approver", Role.APPROVER, "group", "审批领导"),
    DemoLogin("employee", Role.EMPLOYEE, "company", "员工：销售部的一名员工"),
    # 三员分立 (等保 2.0 level 3): three admins, each holding that one role. The operator gives secadmin
    # its role on the server (`farewell admin_role`); secadmin grants the other two.
    DemoLogin("auditor", Role.AUDITOR, "group", "审计管理员：只读证据链和访问日志"),
    DemoLogin("sysadmin", Role.SYSTEM_ADMIN, "group", "系统管理员：开通和停用账号，不授权"),
    DemoLogin("secadmin", Role.SECURITY_ADMIN, "group", "安全管理员：授予和撤销角色、安全策略"),
)
# The company's first HR admin is the demo's hradmin (set up by `setup_company`); the bureau, a
# company of its own, gets its own first admin, who grants hradmin the bureau too. No password.
BUREAU_ADMIN = "bureau-hradmin"
DEMO_USERNAMES = tuple(login.username for login in DEMO_LOGINS)
ALL_DEMO_USERNAMES = (*DEMO_USERNAMES, BUREAU_ADMIN)


class DemoDataError(Exception):
    pass


@dataclass
class BuildResult:
    company: Company
    bureau: Company | None
    employees: int
    contracts: int
    wage_months: int
    status_periods: int
    seconds: float
    logins: list[tuple[DemoLogin, str]]  # (login, who: the linked employee's name or "")
    signals: dict[str, int] = field(default_factory=dict)  # records written by kind
    timings: dict[str, float] = field(default_factory=dict)  # seconds by phase, in order
    signal_seconds: dict[str, float] = field(default_factory=dict)  # seconds by record kind
    imports: dict[str, tuple[int, float]] = field(default_factory=dict)  # kind → (rows, seconds), both orgs


def demo_exists() -> bool:
    return Company.objects.filter(code__in=DEMO_COMPANY_CODES).exists()


def _default_civil_servants(employees: int) -> int:
    return min(300, max(10, employees // 50))


def build_demo_company(
    *,
    employees: int,
    seed: int,
    months: int = 24,
    civil_servants: int | None = None,
    today: dt.date | None = None,
    progress: Callable[[str], None] | None = None,
    talks: bool = True,
) -> BuildResult:
    """Build a whole demo company (and a small government bureau) for `seed`; the same seed and
    sizes give the same people (工号, names, dates, wages) on any database. Employee codes are the
    importer's (random), as for any customer."""
    started = time.monotonic()
    say = progress or (lambda message: None)
    today = today or dt.date.today()
    if civil_servants is None:
        civil_servants = _default_civil_servants(employees)
    if demo_exists():
        raise DemoDataError("demo data already exists; use --reset to rebuild it")
    taken = list(User.objects.filter(username__in=ALL_DEMO_USERNAMES).values_list("username", flat=True))
    if taken:
        raise DemoDataError(f"these usernames exist and are not demo logins: {', '.join(sorted(taken))}")

    # Root path segments after the ones in use, as the org-units import numbers new roots.
    used = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
    next_root = max((int(p.split(".")[0]) for p in used if p.split(".")[0].isdigit()), default=0) + 1
    try:
        plan = Planner(seed=seed, employees=employees, civil_servants=civil_servants, months=months,
                       today=today).plan(root_segments=(next_root, next_root + 1))
    except ValueError as exc:
        raise DemoDataError(str(exc)) from exc
    timings = {"plan": time.monotonic() - started}
    say(f"planned {len(plan.people)} people in {len(plan.units)} units ({timings['plan']:.1f}s)")

    imports: dict[str, tuple[int, float]] = {}
    with tempfile.TemporaryDirectory(prefix="farewell-demo-") as folder, transaction.atomic():
        mark = time.monotonic()
        _check_references_as_written()
        companies, hradmin = _set_up_companies(plan)
        timings["setup"] = time.monotonic() - mark
        rng = random.Random(seed * 7919 + 1)
        for organisation, company in companies.items():
            mark = time.monotonic()
            files = write_files(plan, organisation, Path(folder), rng)
            timings["files"] = timings.get("files", 0.0) + time.monotonic() - mark
            for kind in (k for k in IMPORT_ORDER if k in files):
                rows, seconds = _import(kind, files[kind], company)
                before = imports.get(kind, (0, 0.0))
                imports[kind] = (before[0] + rows, before[1] + seconds)
                timings[f"import {kind}"] = imports[kind][1]
                say(f"{organisation} {kind}: {rows} rows imported ({seconds:.1f}s, {rows / max(seconds, 1e-9):,.0f} rows/s)")
        mark = time.monotonic()
        logins = _create_logins(plan, companies, hradmin)
        timings["logins"] = time.monotonic() - mark
        mark = time.monotonic()
        signal_seconds: dict[str, float] = {}
        signals = build_signals(companies["company"], random.Random(seed * 7919 + 2), months=months, today=today,
                                timings=signal_seconds)
        timings["signals"] = time.monotonic() - mark
        say(f"signals: {sum(signals.values())} records ({timings['signals']:.1f}s)")
        mark = time.monotonic()
    timings["commit"] = time.monotonic() - mark
    mark = time.monotonic()
    _analyze()
    timings["analyze"] = time.monotonic() - mark
    mark = time.monotonic()
    flags = recompute_flags(companies["company"], today=today)
    timings["flags"] = time.monotonic() - mark
    say(f"flags: {flags['flags']} ({timings['flags']:.1f}s)")
    if talks:
        # A few talk plans, signed conversation records and transcripts on the flagged stories,
        # so a demo user sees the emotion timeline and an escalation (through the talks services).
        _build_talks(companies["company"], seed, today, timings, say)
        say(f"civil service: {build_civil_service_demo(companies.get('bureau'), random.Random(seed * 7919 + 5), today=today)}")
    elapsed = time.monotonic() - started
    say(f"done in {elapsed:.1f}s")
    return BuildResult(
        company=companies["company"], bureau=companies.get("bureau"), employees=imports["employees"][0],
        contracts=imports["contracts"][0], wage_months=imports["wages"][0],
        status_periods=imports["status_periods"][0], seconds=elapsed, logins=logins, signals=signals,
        timings=timings, signal_seconds=signal_seconds, imports=imports,
    )


def _build_talks(company, seed: int, today: dt.date, timings: dict, say) -> None:
    mark = time.monotonic()
    counts = build_talks_demo(company, random.Random(seed * 7919 + 3), today=today)
    counts.update(build_cases_demo(company, random.Random(seed * 7919 + 4), today=today))
    counts.update(build_exits_demo(company, random.Random(seed * 7919 + 6), today=today))
    timings["talks"] = time.monotonic() - mark
    say(f"cases and talks: {counts} ({timings['talks']:.1f}s)")


def _check_references_as_written() -> None:
    """PostgreSQL checks Django's foreign keys (DEFERRABLE INITIALLY DEFERRED) at commit, one
    lookup per row after every row is written; checked as each COPY goes, the database does that
    work while Python parses the next rows (2 cores). The imports write every row after the rows
    it points at."""
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SET CONSTRAINTS ALL IMMEDIATE")


def _analyze() -> None:
    """Fresh planner statistics for the tables just filled: autovacuum has not seen these rows
    yet, and the flag rules' plans for an "empty" table take minutes on a million rows."""
    if connection.vendor != "postgresql":
        return
    tables = [m._meta.db_table for m in (Employee, OrgUnit, Contract, WageMonth, StatusPeriod)]
    tables += [model._meta.db_table for model, _fields in SIGNAL_TABLES.values()]
    quote = connection.ops.quote_name
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {', '.join(quote(t) for t in tables)}")


def _set_up_companies(plan: Plan) -> tuple[dict[str, Company], User]:
    """`farewell setup` for the company (its first HR admin is the demo's hradmin) and for the
    bureau (with its own first admin, who grants hradmin the bureau)."""
    try:
        company, hradmin = accounts.setup_company(
            name=plan.company_name, credit_code=plan.company_credit_code, jurisdiction=Jurisdiction.CN,
            city=plan.city["city"], username="hradmin")
        companies = {"company": _give_demo_code(company, COMPANY_CODE)}
        if any(p.company == "bureau" for p in plan.people):
            bureau, bureau_admin = accounts.setup_company(
                name=plan.bureau_name, credit_code=plan.bureau_credit_code,
                jurisdiction=Jurisdiction.CIVIL_SERVICE, city=plan.city["city"], username=BUREAU_ADMIN)
            companies["bureau"] = _give_demo_code(bureau, BUREAU_CODE)
            accounts.grant_role(hradmin, Role.HR_ADMIN, bureau, acting_user=bureau_admin)
    except ValidationError as exc:
        raise DemoDataError(f"setting up the demo companies: {'; '.join(exc.messages)}") from exc
    return companies, hradmin


def _give_demo_code(company: Company, code: uuid.UUID) -> Company:
    """The demo's fixed code (what --reset looks for), on the ledger beside the set-up entry."""
    previous = company.code
    Company.objects.filter(pk=company.pk).update(code=code)
    company.code = code
    record("org.company", code, {"previous_code": str(previous), "reason": "demo-data"}, actor=None,
           event="code_changed")
    return company


def _import(kind: str, path: Path, company: Company) -> tuple[int, float]:
    """Import one file as `farewell import` does (no user: the whole company); any error stops the
    demo with the first errors."""
    mark = time.monotonic()
    report = import_file(spec_kind(kind), path, company=company, filename=path.name,
                         recompute_flags=False)  # recomputed once after the build, on fresh statistics
    if not report.ok:
        raise DemoDataError(f"importing {path.name}: {report.summary()}: " + "; ".join(report.errors[:5]))
    return report.created + report.updated + report.unchanged, time.monotonic() - mark


def _create_logins(plan: Plan, companies: dict[str, Company], hradmin: User) -> list[tuple[DemoLogin, str]]:
    """The role logins through the accounts services, acted by hradmin; the printed demo password
    on these few users only (Argon2: 0.12 s each)."""
    company = companies["company"]
    numbers = {name: person.employee_number for name, person in plan.logins.items() if person is not None}
    people = {e.employee_number: e for e in Employee.objects.filter(
        company=company, employee_number__in=numbers.values()).select_related("company", "org_unit")}
    units = {u.code: u for u in OrgUnit.objects.filter(
        company=company, code__in=[login.scope for login in DEMO_LOGINS])}
    hradmin = User.objects.get(pk=hradmin.pk)  # fresh: no role cache from before the bureau grant
    out = []
    group = [companies[name] for name in ("company", "bureau") if name in companies]
    try:
        users = {}
        for login in DEMO_LOGINS:
            employee = people.get(numbers.get(login.username, ""))
            if login.username == hradmin.username:
                user = hradmin  # company-wide from setup_company, the bureau from its admin
                user.display_name = login.description
            elif login.role in ADMIN_ROLES:
                # 三员分立: HR opens the login with no role; the admin roles come from the security admin.
                user = accounts.create_login(employee, acting_user=hradmin, role=None, username=login.username,
                                             email="")
            else:
                user = accounts.create_login(employee, acting_user=hradmin, role=login.role,
                                             org_unit=units.get(login.scope), username=login.username, email="")
                if login.scope == "group" and "bureau" in companies:
                    accounts.grant_role(user, login.role, companies["bureau"], acting_user=hradmin)
            users[login.username] = (login, user)
            out.append((login, employee.name if employee else ""))
        # The operator makes secadmin the security admin (farewell admin_role), who grants the other two.
        secadmin = next(user for login, user in users.values() if login.role == Role.SECURITY_ADMIN)
        for company in group:
            accounts.operator_admin_role(secadmin.username, Role.SECURITY_ADMIN, company)
        secadmin = User.objects.get(pk=secadmin.pk)  # fresh: no role cache
        for login, user in users.values():
            if login.role in ADMIN_ROLES and login.role != Role.SECURITY_ADMIN:
                for company in group:
                    accounts.grant_role(user, login.role, company, acting_user=secadmin)
        for _login, user in users.values():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password", "display_name"])
    except ValidationError as exc:
        raise DemoDataError(f"creating the demo logins: {'; '.join(exc.messages)}") from exc
    return out


def reset_demo(progress: Callable[[str], None] | None = None) -> int:
    """Remove the demo companies, their people and records, and the demo logins; returns the
    number of employees removed. Refuses (DemoDataError) when other records point at them.

    The ledger is append-only and names who acted: the logins that set the demo up (hradmin,
    the bureau's admin) keep their user rows, deactivated and renamed, so the names are free for
    the next demo. Logins that acted beyond that (cases, talks) make the demo irremovable."""
    say = progress or (lambda message: None)
    companies = Company.objects.filter(code__in=DEMO_COMPANY_CODES)
    employees = Employee.objects.filter(company__in=companies)
    with transaction.atomic():
        demo_users = list(User.objects.filter(username__in=ALL_DEMO_USERNAMES).filter(
            Q(employee__company__in=companies) | Q(grants__company__in=companies)
        ).distinct().values_list("pk", "username"))
        ids = [pk for pk, _name in demo_users]
        entries = LedgerEntry.objects.filter(actor_id__in=ids)
        if entries.exclude(object_type="accounts.user").exists():
            # The demo logins have acted (cases, talks): those entries are evidence, and the
            # people and cases they name stay. Start from a new database instead.
            raise DemoDataError(
                "the demo logins have entries in the evidence ledger, which is append-only; to rebuild "
                "the demo, remove the database (var/farewell.sqlite3) and run `make demo` again"
            )
        on_ledger = set(entries.values_list("actor_id", flat=True))
        for pk, username in demo_users:
            if pk in on_ledger:
                User.objects.filter(pk=pk).update(username=f"{username}-removed-{pk}", is_active=False,
                                                  employee=None, password=make_password(None))
        RoleGrant.objects.filter(user_id__in=on_ledger).delete()
        User.objects.filter(pk__in=[pk for pk in ids if pk not in on_ledger]).delete()
        User.objects.filter(employee__in=employees).update(employee=None)
        # Reads of demo people's data are demo data too.
        AccessLog.objects.filter(employee__in=employees).delete()
        WageMonth.objects.filter(employee__company__in=companies).delete()
        StatusPeriod.objects.filter(employee__company__in=companies).delete()
        Contract.objects.filter(employee__company__in=companies).update(renewal_of=None)
        Contract.objects.filter(employee__company__in=companies).delete()
        OrgUnit.objects.filter(company__in=companies).update(head=None, parent=None)
        employees.update(manager=None)
        count = employees.count()
        # Each company's exit reasons (issue 13): the secondary ones first (a parent is protected).
        from farewell.exits.models import ExitReason

        ExitReason.objects.filter(company__in=companies, parent__isnull=False).delete()
        ExitReason.objects.filter(company__in=companies).delete()
        try:
            employees.delete()
            companies.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise DemoDataError(f"other records point at the demo data: {exc}") from exc
    say(f"removed the demo data ({count} employees)")
    return count
