"""Exits fixtures: leavers made through the exits services (the employee's end of employment is
set directly, as the cases app would have done on closing)."""

from __future__ import annotations

import datetime as dt

import pytest

from farewell.exits import services
from farewell.org.models import Employee, EmployeeStatus
from tests.factories import make_employee


def leave(employee, day: dt.date, *, actor=None, case=None, separated: bool = True):
    """End `employee`'s employment on `day` and open their departure record."""
    if separated:
        Employee.objects.filter(pk=employee.pk).update(status=EmployeeStatus.SEPARATED, separation_date=day)
        employee.status, employee.separation_date = EmployeeStatus.SEPARATED, day
    return services.open_departure(employee, acting_user=actor, case=case, separation_date=day)


def staff(unit, n: int, *, prefix: str = "员工", hire_date=dt.date(2020, 1, 1), **kw) -> list:
    return [make_employee(unit, f"{prefix}{i}", hire_date=hire_date, **kw) for i in range(n)]


@pytest.fixture
def hr(world):
    return world.users["hrbp_sales"]
