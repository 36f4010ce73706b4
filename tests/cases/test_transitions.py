"""Issue 12: the transition table, exhaustively (every status × every action through the service: the
allowed ones succeed, every other is refused), and one open case per employee in the database."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from farewell.cases import services, workflow
from farewell.cases.models import CaseStatus, CaseType, SeparationCase
from farewell.cases.workflow import CaseError

S = CaseStatus
# Written out on purpose: a pair added to workflow.TRANSITIONS without being added here fails the suite.
EXPECTED = {
    (S.DRAFT, "submit"): S.IN_REVIEW,
    (S.DRAFT, "withdraw"): S.WITHDRAWN,
    (S.IN_REVIEW, "approve"): S.APPROVED,
    (S.IN_REVIEW, "reject"): S.REJECTED,
    (S.IN_REVIEW, "return"): S.DRAFT,
    (S.IN_REVIEW, "withdraw"): S.WITHDRAWN,
    (S.APPROVED, "start_handover"): S.IN_HANDOVER,
    (S.NOTICE_RECEIVED, "acknowledge"): S.IN_HANDOVER,
    (S.IN_HANDOVER, "close"): S.CLOSED,
    (S.APPROVED, "reopen"): S.IN_REVIEW,
    (S.IN_HANDOVER, "reopen"): S.IN_REVIEW,
}
ACTIONS = ["submit", "withdraw", "approve", "reject", "return", "start_handover", "acknowledge", "close", "reopen"]


def test_the_table_is_exactly_the_expected_one():
    assert workflow.TRANSITIONS == EXPECTED
    assert set(workflow.ACTIONS) == set(ACTIONS)


@pytest.mark.parametrize("status", list(CaseStatus.values))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_status_and_action(staffed, soon, status, action):
    world = staffed
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    SeparationCase.objects.filter(pk=case.pk).update(status=status)
    case.refresh_from_db()
    allowed = (status, action) in EXPECTED
    if action in workflow.HR_ACTIONS:
        call = lambda: services.perform(case, action, actor=hr, comment="测试")  # noqa: E731
    else:
        call = lambda: services._transition(case, action, actor=hr, comment="测试")  # noqa: E731
    if allowed:
        call()
        assert SeparationCase.objects.get(pk=case.pk).status == EXPECTED[(status, action)]
    else:
        with pytest.raises(CaseError):
            call()
        assert SeparationCase.objects.get(pk=case.pk).status == status


def test_a_second_open_case_is_refused_by_the_database(staffed, soon):
    world = staffed
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    with pytest.raises(IntegrityError), transaction.atomic():
        SeparationCase.objects.create(company=case.company, employee=case.employee, case_type=case.case_type,
                                      ground=case.ground, workflow=case.workflow, separation_date=soon)
    # Closed and withdrawn cases do not count.
    services.withdraw_case(case, actor=hr)
    services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)


def test_the_service_reports_the_constraint_as_a_case_error(staffed, soon, monkeypatch):
    """Two requests both pass the early check; the database refuses the second, the service says why."""
    world = staffed
    hr = world.users["hr_admin"]
    services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    monkeypatch.setattr(services, "OPEN_STATUSES", set())  # the early check finds nothing (the race)
    with pytest.raises(CaseError, match="已有进行中的离职案件"):
        services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    assert SeparationCase.objects.filter(employee=world.lisi).count() == 1
