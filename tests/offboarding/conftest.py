"""Offboarding fixtures: the cases personas (tests/cases/conftest.py) and a case approved and in handover."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import CaseStatus
from tests.cases.conftest import media_root, soon, staffed, walk, world  # noqa: F401  (fixtures)


def approved_case(people, *, separation_date=None, case_type="mutual_employer", extra=0, employee=None):
    """李四's mutual-agreement case, walked through every approval step."""
    separation_date = separation_date or timezone.localdate() + dt.timedelta(days=40)
    case = services.open_case(employee or people.lisi, case_type, actor=people.users["hrbp_sales"],
                              separation_date=separation_date, extra_compensation=extra)
    services.submit_case(case, actor=people.users["hrbp_sales"])
    walk(case, people)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED, case.status
    return case


def in_handover(people, **kw):
    case = approved_case(people, **kw)
    services.start_handover(case, actor=people.users["hrbp_sales"])
    case.refresh_from_db()
    return case


@pytest.fixture
def handover_case(staffed):  # noqa: F811  (the fixture imported above)
    return in_handover(staffed)
