"""Small builders for test data: a company, units, employees, and one user per role."""

from __future__ import annotations

import datetime as dt
import itertools
from decimal import Decimal

from farewell.accounts.models import Role, RoleGrant, User
from farewell.org.models import Company, Contract, Employee, OrgUnit, Position, WageMonth
from farewell.org.signals import company_set_up

_counter = itertools.count(1)

PASSWORD = "farewell-test-pw"


def make_company(**kw) -> Company:
    n = next(_counter)
    defaults = {"name": f"测试公司{n}", "credit_code": f"91310000TEST{n:06d}", "city": "上海"}
    defaults.update(kw)
    company = Company.objects.create(**defaults)
    company_set_up(company)  # as accounts.setup_company does: the company's own default settings
    return company


def make_unit(company: Company, name: str, parent: OrgUnit | None = None, code: str | None = None) -> OrgUnit:
    n = next(_counter)
    code = code or f"U{n}"
    segment = f"{n:04d}."
    path = (parent.path if parent else "") + segment
    return OrgUnit.objects.create(
        company=company, parent=parent, name=name, code=code, path=path, depth=path.count(".") - 1
    )


def make_employee(unit: OrgUnit, name: str = "张三", manager: Employee | None = None, **kw) -> Employee:
    n = next(_counter)
    defaults = {
        "company": unit.company,
        "employee_number": f"E{n:06d}",
        "name": name,
        "gender": "male",
        "birth_date": dt.date(1990, 1, 1),
        "hire_date": dt.date(2020, 3, 1),
        "org_unit": unit,
        "manager": manager,
    }
    defaults.update(kw)
    return Employee.objects.create(**defaults)


def make_position(company: Company, name: str = "工程师") -> Position:
    return Position.objects.get_or_create(company=company, name=name)[0]


def make_contract(employee: Employee, **kw) -> Contract:
    defaults = {"kind": "fixed_term", "start_date": employee.hire_date, "end_date": dt.date(2026, 2, 28)}
    defaults.update(kw)
    return Contract.objects.create(employee=employee, **defaults)


def make_wages(employee: Employee, first_month: dt.date, amounts: list) -> list[WageMonth]:
    rows = []
    y, m = first_month.year, first_month.month
    for amount in amounts:
        rows.append(WageMonth(employee=employee, month=dt.date(y, m, 1), base=Decimal(amount), total=Decimal(amount)))
        m += 1
        if m == 13:
            y, m = y + 1, 1
    return WageMonth.objects.bulk_create(rows)


def make_user(username: str, role: str | None = None, *, company: Company | None = None,
              unit: OrgUnit | None = None, employee: Employee | None = None) -> User:
    user = User.objects.create_user(username=username, password=PASSWORD, employee=employee)
    if role:
        RoleGrant.objects.create(user=user, role=role, company=company or employee.company, org_unit=unit)
    return user


__all__ = ["Role", "PASSWORD", "make_company", "make_unit", "make_employee", "make_position",
           "make_contract", "make_wages", "make_user"]


NOTICE_SCAN = b"%PDF-1.4 the scan of a written notice of resignation"


def record_notice(employee: Employee, *, actor, notice_date: dt.date):
    """HR records a written notice of resignation received on `notice_date`, with its scan."""
    from django.core.files.uploadedfile import SimpleUploadedFile

    from farewell.cases import services
    from farewell.cases.models import CaseType

    scan = SimpleUploadedFile("辞职通知.pdf", NOTICE_SCAN, "application/pdf")
    return services.open_case(employee, CaseType.RESIGNATION, actor=actor, notice_date=notice_date,
                              notice_evidence=scan)


def restore_seeded_rows() -> None:
    """Put back what migrations seeded (the ledger head; each remaining company's default settings)
    after a transactional test's flush removed them."""
    from farewell.ledger.models import GENESIS_HASH, LedgerHead

    for company in Company.objects.all():
        company_set_up(company)
    LedgerHead.objects.get_or_create(id=1, defaults={"seq": 0, "entry_hash": GENESIS_HASH})


def give_consent(employee: Employee, purpose: str):
    """A standing separate consent (PIPL Art. 29), as if the person clicked it in the portal."""
    from django.utils import timezone

    from farewell.privacy.models import Consent, Method

    return Consent.objects.create(employee=employee, purpose=purpose, purpose_text="test", scope="test",
                                  method=Method.PORTAL, given_at=timezone.now())

# A recording as its leading bytes show it (uploads are judged on content, not the name).
M4A = b"\x00\x00\x00\x18ftypM4A \x00\x00\x00\x00M4A isom" + b"\x00audio"
