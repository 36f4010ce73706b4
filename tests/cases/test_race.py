"""Two approvers acting at once cannot both win: a conditional UPDATE claims the step."""

from __future__ import annotations

import threading

import pytest
from django.conf import settings
from django.db import connections

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseStep, SeparationCase
from farewell.cases.workflow import StaleState
from farewell.ledger.services import entries_for
from tests.factories import Role, make_user


def _in_review(world, soon):
    # Opened by the HR admin: the HRBPs below decide (four eyes keeps the opener out).
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hr_admin"], separation_date=soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    return case


def test_a_stale_step_cannot_be_decided_twice(staffed, soon):
    world = staffed
    case = _in_review(world, soon)
    second = make_user("hrbp2", Role.HRBP, company=world.company, unit=world.sales)
    stale = CaseStep.objects.get(case=case, status="active")  # both loaded it while it was active
    fresh = CaseStep.objects.get(pk=stale.pk)
    services.decide_step(fresh, "approve", actor=world.users["hrbp_sales"])
    with pytest.raises(StaleState):
        services.decide_step(stale, "reject", actor=second, comment="迟到的驳回")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert [e.event for e in entries_for("cases.separationcase", case.code)].count("case.step.approve") == 1


def test_a_stale_case_cannot_be_moved_twice(staffed, soon):
    world = staffed
    case = services.open_case(world.lisi, "mutual_employer", actor=world.users["hrbp_sales"], separation_date=soon)
    stale = SeparationCase.objects.get(pk=case.pk)
    services.withdraw_case(case, actor=world.users["hrbp_sales"])
    with pytest.raises(StaleState):
        services._transition(stale, "submit", actor=world.users["hrbp_sales"])


@pytest.mark.skipif(
    "postgresql" not in settings.DATABASES["default"]["ENGINE"],
    reason="row locks under real concurrency: PostgreSQL only (SQLite is covered by the stale tests)",
)
# serialized_rollback: the flush after a transactional test drops the seeded workflows and the
# ledger head; the next serialized test restores them (and post_migrate stays quiet).
@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_two_threads_racing_on_postgresql_produce_one_winner(staffed, soon):
    world = staffed
    case = _in_review(world, soon)
    second = make_user("hrbp2", Role.HRBP, company=world.company, unit=world.sales)
    step_id = CaseStep.objects.get(case=case, status="active").pk
    barrier = threading.Barrier(2)
    outcomes = []

    def act(user, decision):
        try:
            step = CaseStep.objects.select_related("case").get(pk=step_id)
            barrier.wait()
            services.decide_step(step, decision, actor=user, comment="并发")
            outcomes.append("won")
        except StaleState:
            outcomes.append("lost")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=act, args=(world.users["hrbp_sales"], "approve")),
               threading.Thread(target=act, args=(second, "reject"))]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert sorted(outcomes) == ["lost", "won"]
    decisions = [e.event for e in entries_for("cases.separationcase", case.code)
                 if e.event in ("case.step.approve", "case.step.reject", "case.step.return")]
    assert len(decisions) == 1
