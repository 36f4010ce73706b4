"""Case fixtures: 李四 with a year of wages and an open-ended contract; helpers to walk a workflow."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from dateutil.relativedelta import relativedelta
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import STEP_ROLES, StepStatus
from tests.factories import Role, make_contract, make_user, make_wages

# Which persona acts on a step of each role (tests/conftest.py `world`). The cases are opened by
# hrbp_sales, so HR review goes to a second HRBP of 销售部 (four eyes: the opener never decides).
PERSONA_FOR_ROLE = {
    "hrbp": "hr_reviewer",
    "legal": "legal",
    "manager": "manager",
    "approver": "approver",
    "employee": "employee",
}
WAGE = Decimal(12000)


def give_wages(employee, amount=WAGE):
    today = timezone.localdate()
    make_wages(employee, today.replace(day=1) - relativedelta(months=12), [amount] * 12)


@pytest.fixture
def world(world):
    """The shared personas plus a second HRBP of 销售部 who decides what hrbp_sales opened (four eyes)."""
    world.users["hr_reviewer"] = make_user("hrreviewer", Role.HRBP, company=world.company, unit=world.sales)
    return world


@pytest.fixture
def staffed(world):
    """李四 and 赵六 with wages and open-ended contracts."""
    for employee in (world.lisi, world.zhaoliu):
        give_wages(employee)
        make_contract(employee, kind="open_ended", end_date=None)
    return world


@pytest.fixture
def city_average(world):
    """A local average for the test company's city (上海), entered as HR would: the shipped table has none
    (issue 15: no Shanghai average could be traced to a text that was read), and without one every result
    owing N carries the `local_average_missing` warning. A test figure, not Shanghai's."""
    from farewell.org.models import LocalWageFigure

    return LocalWageFigure.objects.create(city=world.company.city, kind="average", year=2025, amount=Decimal(12000),
                                          source="测试数据（非官方数字）")


def union_letter(name="工会通知书2026-01号.pdf", content=b"%PDF-1.4 union letter", content_type="application/pdf"):
    return SimpleUploadedFile(name, content, content_type=content_type)


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploaded documents go to a throwaway MEDIA_ROOT."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def soon():
    return timezone.localdate() + dt.timedelta(days=40)


def walk(case, world, *, comment="同意"):
    """Approve every active step with the persona its role maps to, until none is left."""
    decided = []
    for _ in range(10):
        step = case.steps.filter(status=StepStatus.ACTIVE).first()
        if step is None:
            break
        user = world.users[PERSONA_FOR_ROLE[STEP_ROLES[step.kind]]]
        extra = {}
        if step.kind == "union_notification":
            extra = {"document_date": timezone.localdate(), "document_file": union_letter()}
        services.decide_step(step, "approve", actor=user, comment=comment, **extra)
        decided.append(step.kind)
        case.refresh_from_db()
    return decided
