"""Civil-service fixtures and helpers: 孙九, a civil servant of 销售部 (公务员法, rule pack CN-civil-service),
with a login; helpers to answer the CSL 86 / CSL 89 checklist and to walk a case to approval."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.cases import civil_service, civil_service_actions, services
from farewell.cases.models import CaseType
from farewell.org.models import EmploymentType
from tests.cases.conftest import give_wages
from tests.factories import Role, make_employee, make_user


@pytest.fixture
def servant(world):
    """孙九: a civil servant with a year of wages and a portal login."""
    employee = make_employee(world.sales, "孙九", manager=world.boss, gender="female",
                             employment_type=EmploymentType.CIVIL_SERVANT)
    give_wages(employee)
    world.users["servant"] = make_user("sunjiu", Role.EMPLOYEE, company=world.company, employee=employee)
    return employee


def proof(name="签收回执.pdf", content=b"%PDF-1.4 signed receipt"):
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def answer_all(case, hr, *, yes=(), document_for=()):
    """Answer every checklist item: "yes" for the codes in `yes`, "no" for the others."""
    for item in civil_service.checklist_for(case):
        civil_service_actions.answer_item(case, item.code, item.code in yes, actor=hr, note=f"核查：{item.code}",
                                          document_file=proof("核查材料.pdf") if item.code in document_for else None)
        case.refresh_from_db()


def open_resignation(world, employee, *, received=None, leading=False):
    hr = world.users["hrbp_sales"]
    received = received or timezone.localdate()
    case = services.open_case(employee, CaseType.CS_RESIGNATION, actor=hr, notice_date=received,
                              separation_date=received + dt.timedelta(days=60), reason="个人原因")
    if leading:
        civil_service_actions.set_leading_member(case, True, actor=hr)
    return case


def open_dismissal(world, employee, *, ground="cs_dismissal_discipline", reason="多次不履行公务员义务，经教育仍无转变"):
    hr = world.users["hrbp_sales"]
    return services.open_case(employee, CaseType.CS_DISMISSAL, actor=hr, ground=ground, reason=reason,
                              separation_date=timezone.localdate() + dt.timedelta(days=40))
