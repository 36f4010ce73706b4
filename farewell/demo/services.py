"""Build and remove the demo company: `build_demo_company` plans it (generator.py) and writes
it with bulk inserts in one transaction — a bounded number of queries whatever its size."""

from __future__ import annotations

import datetime as dt
import random
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.hashers import make_password
from django.db import connection, transaction
from django.db.models import ProtectedError, Q, RestrictedError

from farewell.accounts.models import AccessLog, Role, RoleGrant, User
from farewell.common.fields import blind_index
from farewell.insights.services import recompute_flags
from farewell.org.models import (
    Company,
    Contract,
    Employee,
    Jurisdiction,
    OrgUnit,
    Position,
    StatusPeriod,
    WageMonth,
)
from farewell.talks.demo import build_talks_demo

from .bulk import write_rows
from .cases import build_cases_demo
from .generator import Person, Plan, Planner, status_periods, wage_rows
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
    DemoLogin("legal", Role.LEGAL, "group", "法务"),
    DemoLogin("manager", Role.MANAGER, "company", "直线经理：销售部负责人"),
    DemoLogin("approver", Role.APPROVER, "group", "审批领导"),
    DemoLogin("employee", Role.EMPLOYEE, "company", "员工：销售部的一名员工"),
    DemoLogin("auditor", Role.AUDITOR, "group", "审计"),
)
DEMO_USERNAMES = tuple(login.username for login in DEMO_LOGINS)

# Rows per INSERT (the database may cap it lower: SQLite allows 999 parameters).
BATCH_SIZE = 2000
# People written, with their contracts, wages and periods, per round.
CHUNK = 5000


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
    """Write a whole demo company (and a small government bureau) for `seed`; the same seed and
    sizes give the same rows (codes, names, dates, wages) on any database."""
    started = time.monotonic()
    say = progress or (lambda message: None)
    today = today or dt.date.today()
    if civil_servants is None:
        civil_servants = _default_civil_servants(employees)
    if demo_exists():
        raise DemoDataError("demo data already exists; use --reset to rebuild it")
    taken = list(User.objects.filter(username__in=DEMO_USERNAMES).values_list("username", flat=True))
    if taken:
        raise DemoDataError(f"these usernames exist and are not demo logins: {', '.join(sorted(taken))}")

    # Root path segments after the ones in use, so materialised paths stay unique across companies.
    used = OrgUnit.objects.filter(parent__isnull=True).values_list("path", flat=True)
    next_root = max((int(p.split(".")[0]) for p in used if p.split(".")[0].isdigit()), default=0) + 1
    try:
        plan = Planner(seed=seed, employees=employees, civil_servants=civil_servants, months=months,
                       today=today).plan(root_segments=(next_root, next_root + 1))
    except ValueError as exc:
        raise DemoDataError(str(exc)) from exc
    timings = {"plan": time.monotonic() - started}
    say(f"planned {len(plan.people)} people in {len(plan.units)} units ({timings['plan']:.1f}s)")

    with transaction.atomic():
        mark = time.monotonic()
        _check_references_as_written()
        companies = _write_companies(plan, civil_servants)
        positions = _write_positions(plan, companies)
        _write_units(plan, companies)
        counts = _write_people(plan, companies, positions, random.Random(seed * 7919 + 1), say)
        logins = _write_logins(plan, companies)
        timings["company"] = time.monotonic() - mark
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
    elapsed = time.monotonic() - started
    say(f"done in {elapsed:.1f}s")
    return BuildResult(
        company=companies["company"], bureau=companies.get("bureau"), employees=len(plan.people),
        contracts=counts["contracts"], wage_months=counts["wages"], status_periods=counts["periods"],
        seconds=elapsed, logins=logins, signals=signals, timings=timings,
        signal_seconds=signal_seconds,
    )


def _build_talks(company, seed: int, today: dt.date, timings: dict, say) -> None:
    mark = time.monotonic()
    counts = build_talks_demo(company, random.Random(seed * 7919 + 3), today=today)
    counts.update(build_cases_demo(company, random.Random(seed * 7919 + 4), today=today))
    timings["talks"] = time.monotonic() - mark
    say(f"cases and talks: {counts} ({timings['talks']:.1f}s)")


def _check_references_as_written() -> None:
    """PostgreSQL checks Django's foreign keys (DEFERRABLE INITIALLY DEFERRED) at commit, one
    lookup per row after every row is written; checked as each COPY goes, the database does that
    work while Python generates the next rows (2 cores: half the wall time of a 100,000-person
    build). Every row here is written after the rows it points at."""
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


def _write_companies(plan: Plan, civil_servants: int) -> dict[str, Company]:
    companies = {
        "company": Company.objects.create(
            code=COMPANY_CODE, name=plan.company_name, credit_code=plan.company_credit_code,
            jurisdiction=Jurisdiction.CN, city=plan.city["city"],
        )
    }
    if civil_servants:
        companies["bureau"] = Company.objects.create(
            code=BUREAU_CODE, name=plan.bureau_name, credit_code=plan.bureau_credit_code,
            jurisdiction=Jurisdiction.CIVIL_SERVICE, city=plan.city["city"],
        )
    return companies


def _write_positions(plan: Plan, companies: dict[str, Company]) -> dict[tuple[str, str], Position]:
    rows = {}
    for key, company in companies.items():
        for position_key, spec in plan.positions[key].items():
            rows[(key, position_key)] = Position(
                company=company, name=spec.name, grade=spec.grade,
                wage_min=Decimal(spec.wage_min), wage_max=Decimal(spec.wage_max),
            )
    Position.objects.bulk_create(rows.values(), batch_size=BATCH_SIZE)
    return rows


def _write_units(plan: Plan, companies: dict[str, Company]) -> None:
    """Level by level, so every parent has its id before its children are inserted."""
    for depth in range(max(u.depth for u in plan.units) + 1):
        level = [u for u in plan.units if u.depth == depth]
        for unit in level:
            unit.obj = OrgUnit(
                company=companies[unit.company], parent=unit.parent.obj if unit.parent else None,
                name=unit.name, code=unit.code, path=unit.path, depth=unit.depth,
            )
        OrgUnit.objects.bulk_create([u.obj for u in level], batch_size=BATCH_SIZE)


def _employee(person: Person, companies, positions) -> Employee:
    return Employee(
        code=person.code, company=companies[person.company], employee_number=person.employee_number,
        name=person.name, gender=person.gender, birth_date=person.birth_date,
        id_number=person.id_number, id_number_index=blind_index(person.id_number),
        bank_account=person.bank_account, phone=person.phone, email=person.email,
        first_work_date=person.first_work_date, hire_date=person.hire_date, org_unit=person.unit.obj,
        manager=person.manager.obj if person.manager else None,
        position=positions[(person.company, person.position)], employment_type=person.employment_type,
        status=person.status, union_member=person.union_member,
        retirement_category=person.retirement_category, separation_date=person.separation_date,
    )


def _write_people(plan: Plan, companies, positions, rng: random.Random, say) -> dict[str, int]:
    counts = {"contracts": 0, "wages": 0, "periods": 0}
    # Heads first, level by level: each reports to the head of the unit above, already written.
    heads = sorted((u.head for u in plan.units), key=lambda p: (p.unit.depth, p.unit.path))
    for depth in sorted({p.unit.depth for p in heads}):
        level = [p for p in heads if p.unit.depth == depth]
        for person in level:
            person.obj = _employee(person, companies, positions)
        Employee.objects.bulk_create([p.obj for p in level], batch_size=BATCH_SIZE)
    for unit in plan.units:
        unit.obj.head = unit.head.obj
    OrgUnit.objects.bulk_update([u.obj for u in plan.units], ["head"], batch_size=BATCH_SIZE)

    order = heads + [p for p in plan.people if not p.is_head]
    for offset in range(0, len(order), CHUNK):
        chunk = order[offset:offset + CHUNK]
        new = [p for p in chunk if p.obj is None]
        for person in new:
            person.obj = _employee(person, companies, positions)
        Employee.objects.bulk_create([p.obj for p in new], batch_size=BATCH_SIZE)
        counts["contracts"] += _write_contracts(chunk)
        counts["wages"] += _write_wages(chunk, plan, rng)
        counts["periods"] += _write_periods(chunk, plan, rng)
        say(f"employees {min(offset + CHUNK, len(order))}/{len(order)}, "
            f"{counts['wages']} wage months, {counts['contracts']} contracts")
    return counts


def _write_contracts(chunk: list[Person]) -> int:
    """One INSERT per contract sequence: a renewal points at the contract it renews."""
    previous: dict[int, Contract] = {}
    written = 0
    sequence = 1
    while True:
        level = []
        for person in chunk:
            if len(person.contracts) < sequence:
                continue
            kind, start, end, probation_end, signed = person.contracts[sequence - 1]
            contract = Contract(
                employee=person.obj, kind=kind, sequence=sequence, start_date=start, end_date=end,
                probation_end_date=probation_end, signed_date=signed, renewal_of=previous.get(person.index),
            )
            previous[person.index] = contract
            level.append(contract)
        if not level:
            return written
        Contract.objects.bulk_create(level, batch_size=BATCH_SIZE)
        written += len(level)
        sequence += 1


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _write_wages(chunk: list[Person], plan: Plan, rng: random.Random) -> int:
    """Wage months are most of the company's rows, so they skip model instances (bulk.py)."""
    rows = (
        (person.obj.pk, month, _money(base), _money(bonus), _money(allowances), _money(overtime), _money(total))
        for person in chunk
        for month, base, bonus, allowances, overtime, total in wage_rows(rng, person, plan.months, plan.today)
    )
    return write_rows(WageMonth, ("employee", "month", "base", "bonus", "allowances", "overtime", "total"), rows)


def _write_periods(chunk: list[Person], plan: Plan, rng: random.Random) -> int:
    rows = [
        StatusPeriod(employee=person.obj, kind=kind, notes=notes, start_date=start, end_date=end, protected=True)
        for person in chunk
        for kind, notes, start, end in status_periods(rng, person, plan.today)
    ]
    StatusPeriod.objects.bulk_create(rows, batch_size=BATCH_SIZE)
    return len(rows)


def _write_logins(plan: Plan, companies: dict[str, Company]) -> list[tuple[DemoLogin, str]]:
    """One user per role, the settings' password hasher (Argon2) for these few users only."""
    users = []
    for login in DEMO_LOGINS:
        person = plan.logins.get(login.username)
        users.append(User(
            username=login.username, password=make_password(DEMO_PASSWORD),
            employee=person.obj if person else None,
            display_name=person.name if person else login.description,
        ))
    User.objects.bulk_create(users)
    grants = []
    for login, user in zip(DEMO_LOGINS, users, strict=True):
        if login.scope == "group":
            grants += [RoleGrant(user=user, role=login.role, company=c) for c in companies.values()]
        elif login.scope == "company":
            grants.append(RoleGrant(user=user, role=login.role, company=companies["company"]))
        else:
            unit = next(u for u in plan.units if u.company == "company" and u.code == login.scope)
            grants.append(RoleGrant(user=user, role=login.role, company=companies["company"], org_unit=unit.obj))
    RoleGrant.objects.bulk_create(grants)
    return [
        (login, plan.logins[login.username].name if plan.logins.get(login.username) else "")
        for login in DEMO_LOGINS
    ]


def reset_demo(progress: Callable[[str], None] | None = None) -> int:
    """Remove the demo companies, their people and records, and the demo logins; returns the
    number of employees removed. Refuses (DemoDataError) when other records point at them."""
    say = progress or (lambda message: None)
    companies = Company.objects.filter(code__in=DEMO_COMPANY_CODES)
    employees = Employee.objects.filter(company__in=companies)
    with transaction.atomic():
        demo_users = User.objects.filter(username__in=DEMO_USERNAMES).filter(
            Q(employee__company__in=companies) | Q(grants__company__in=companies)
        )
        try:
            User.objects.filter(pk__in=list(demo_users.values_list("pk", flat=True))).delete()
        except (ProtectedError, RestrictedError) as exc:
            # The demo logins have acted (cases, talks): their entries are in the append-only
            # ledger, which nothing deletes. Start from a new database instead.
            raise DemoDataError(
                "the demo logins have entries in the evidence ledger, which is append-only; to rebuild "
                "the demo, remove the database (var/farewell.sqlite3) and run `make demo` again"
            ) from exc
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
        try:
            employees.delete()
            companies.delete()
        except (ProtectedError, RestrictedError) as exc:
            raise DemoDataError(f"other records point at the demo data: {exc}") from exc
    say(f"removed the demo data ({count} employees)")
    return count
