"""The demo builds its company the way a customer does: `setup_company`, the importers, the
accounts services — so every demo exercises the real path."""

from __future__ import annotations

import datetime as dt
import json
import re
import time
from pathlib import Path

import pytest

from farewell.accounts.models import Role, RoleGrant, User
from farewell.demo import files, services
from farewell.ledger.models import LedgerEntry
from farewell.ledger.services import verify
from farewell.org.models import Company, Employee

TODAY = dt.date(2025, 11, 20)
PEOPLE_KINDS = {"org_units", "positions", "employees", "contracts", "wages", "status_periods"}
# The pattern of /work/shared/hooks/before-stop: the demo writes no people or org rows itself.
DIRECT_WRITE = re.compile(r"(Employee|Contract|WageMonth|OrgUnit|StatusPeriod)(\.objects\.(bulk_)?create|\()")
DEMO_PACKAGE = Path(services.__file__).parent


def build(employees: int = 60, seed: int = 11, **kw) -> services.BuildResult:
    kw.setdefault("talks", False)
    return services.build_demo_company(employees=employees, seed=seed, today=TODAY, **kw)


def imports() -> list[dict]:
    return [json.loads(payload) for payload in LedgerEntry.objects.filter(
        object_type="records.import", event="imported").order_by("seq").values_list("payload", flat=True)]


def test_every_people_kind_goes_through_the_importer_for_both_organisations(db):
    result = build()
    done = imports()
    for company in (result.company, result.bureau):
        kinds = [entry["kind"] for entry in done if entry["company"] == str(company.code)]
        # Civil servants have no labour contracts: the bureau has no contracts file (an empty file
        # is refused by the importer, as it would be for a customer).
        # A small bureau may have no protected periods either.
        if company == result.company:
            assert set(kinds) == PEOPLE_KINDS
        else:
            assert PEOPLE_KINDS - {"contracts", "status_periods"} <= set(kinds) <= PEOPLE_KINDS - {"contracts"}
        assert kinds.index("employees") > kinds.index("org_units")
        if company == result.company:
            assert kinds.index("contracts") > kinds.index("employees")
    employees = next(e for e in done if e["kind"] == "employees" and e["company"] == str(result.company.code))
    assert employees["created"] == 60 and employees["file"] == "company-employees.csv" and employees["sha256"]
    wages = [e for e in done if e["kind"] == "wages"]
    assert sum(e["created"] for e in wages) == result.wage_months


def test_the_companies_are_set_up_as_farewell_setup_does(db):
    result = build()
    created = LedgerEntry.objects.filter(object_type="org.company", event="company_created")
    assert created.count() == 2
    # The fixed codes --reset looks for, on the ledger beside the set-up.
    changed = LedgerEntry.objects.filter(object_type="org.company", event="code_changed")
    assert set(changed.values_list("object_id", flat=True)) == {str(result.company.code), str(result.bureau.code)}
    hradmin = User.objects.get(username="hradmin")
    assert set(RoleGrant.objects.filter(user=hradmin).values_list("company__code", "role")) == {
        (result.company.code, Role.HR_ADMIN), (result.bureau.code, Role.HR_ADMIN)}
    bureau_admin = User.objects.get(username=services.BUREAU_ADMIN)
    assert not bureau_admin.has_usable_password()
    # The role logins were created by hradmin through the accounts services, with no e-mail sent.
    logins = LedgerEntry.objects.filter(object_type="accounts.user", event="login_created", actor=hradmin)
    assert logins.count() == len(services.DEMO_LOGINS) - 1


def test_the_demo_writes_no_people_or_org_rows_itself():
    hits = [f"{path.name}:{n}: {line.strip()}"
            for path in sorted(DEMO_PACKAGE.rglob("*.py"))
            for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1)
            if DIRECT_WRITE.search(line)]
    assert hits == []


def test_the_hook_pattern_catches_a_direct_write():
    assert DIRECT_WRITE.search("Employee.objects.bulk_create(rows)")
    assert DIRECT_WRITE.search("OrgUnit(company=company)")
    assert not DIRECT_WRITE.search("Employee.objects.filter(company=company)")


def test_an_import_error_stops_the_demo_and_leaves_nothing(db, monkeypatch):
    def backwards(rng, person, today):
        return [("medical_period", "", today, today - dt.timedelta(days=1))] if person.is_head else []

    monkeypatch.setattr(files, "status_periods", backwards)
    with pytest.raises(services.DemoDataError, match="company-status_periods.csv.*结束日期"):
        build()
    assert not Company.objects.exists() and not Employee.objects.exists() and not User.objects.exists()


def test_people_keep_their_numbers_and_the_importer_gives_codes(db):
    first = build(seed=5)
    numbers = dict(Employee.objects.filter(company=first.company).values_list("employee_number", "code"))
    services.reset_demo()
    build(seed=5)
    again = dict(Employee.objects.filter(company__code=services.COMPANY_CODE).values_list("employee_number", "code"))
    assert set(again) == set(numbers)
    assert not set(again.values()) & set(numbers.values())  # codes are random UUIDs, per import


def test_reset_keeps_the_ledgers_actors_and_frees_their_names(db):
    build()
    services.reset_demo()
    retired = User.objects.filter(username__contains="-removed-")
    assert set(retired.values_list("is_active", flat=True)) == {False}
    # secadmin granted the system and audit admins their roles (三员分立): on the ledger too.
    assert {u.username.split("-removed-")[0] for u in retired} == {"hradmin", services.BUREAU_ADMIN, "secadmin"}
    assert not any(u.has_usable_password() for u in retired)
    assert not RoleGrant.objects.exists() and not Company.objects.exists()
    build()  # the names are free again
    assert verify().ok


def test_a_small_demo_is_quick(db):
    started = time.monotonic()
    result = build(employees=400, months=24)
    elapsed = time.monotonic() - started
    assert result.employees == 410  # and the bureau's 10
    # On SQLite: plan, files and imports of ~9,000 people rows, signals and flags in a few seconds.
    assert elapsed < 30, result.timings
    assert set(result.imports) == {*PEOPLE_KINDS, "unit_heads"}
