"""A layoff batch's transition table, exhaustively (every batch status × every action through the
service: the allowed ones succeed and the members' cases follow, every other is refused), and the
members' cases never move alone."""

from __future__ import annotations

import pytest

from farewell.cases import layoffs, services
from farewell.cases.layoff_choices import BatchStatus
from farewell.cases.models import CaseFamily, CaseStatus, SeparationCase
from farewell.cases.workflow import CaseError
from tests.cases.layoff_support import answer_all, make_staff, new_batch

B = BatchStatus
# Written out on purpose: a pair added to layoffs.BATCH_TRANSITIONS without being added here fails the suite.
EXPECTED = {
    (B.DRAFT, "submit"): B.IN_REVIEW,
    (B.DRAFT, "withdraw"): B.WITHDRAWN,
    (B.IN_REVIEW, "approve"): B.APPROVED,
    (B.IN_REVIEW, "reject"): B.REJECTED,
    (B.IN_REVIEW, "return"): B.DRAFT,
    (B.IN_REVIEW, "withdraw"): B.WITHDRAWN,
}
ACTIONS = ["submit", "withdraw", "approve", "reject", "return"]
# The member's case status that goes with each batch status (the members follow the batch).
MEMBER_STATUS = {B.DRAFT: CaseStatus.DRAFT, B.IN_REVIEW: CaseStatus.IN_REVIEW, B.APPROVED: CaseStatus.APPROVED,
                 B.REJECTED: CaseStatus.REJECTED, B.WITHDRAWN: CaseStatus.WITHDRAWN}


def test_the_table_is_exactly_the_expected_one():
    assert layoffs.BATCH_TRANSITIONS == EXPECTED
    assert set(layoffs.BATCH_ACTIONS) == set(ACTIONS)
    assert set(MEMBER_STATUS) == set(BatchStatus.values)


def test_every_member_action_is_a_case_transition_from_the_same_status():
    """The members follow the batch: each batch pair is also a case pair, with the same names."""
    from farewell.cases import workflow

    for (status, action), new in EXPECTED.items():
        assert workflow.TRANSITIONS[(MEMBER_STATUS[status], layoffs.MEMBER_ACTION[action])] == MEMBER_STATUS[new]


@pytest.mark.parametrize("status", list(BatchStatus.values))
@pytest.mark.parametrize("action", ACTIONS)
def test_every_status_and_action(world, status, action):
    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 2))
    answer_all(family, hr)
    CaseFamily.objects.filter(pk=family.pk).update(status=status)
    SeparationCase.objects.filter(family=family).update(status=MEMBER_STATUS[status])
    family.refresh_from_db()
    allowed = (status, action) in EXPECTED
    if action in layoffs.HR_BATCH_ACTIONS:
        call = lambda: layoffs.perform(family, action, acting_user=hr, comment="测试")  # noqa: E731
    else:
        call = lambda: layoffs._batch_transition(family, action, actor=hr, comment="测试")  # noqa: E731
    if allowed:
        call()
        new = EXPECTED[(status, action)]
        assert CaseFamily.objects.get(pk=family.pk).status == new
        assert set(family.cases.values_list("status", flat=True)) == {MEMBER_STATUS[new]}
    else:
        with pytest.raises(CaseError):
            call()
        assert CaseFamily.objects.get(pk=family.pk).status == status
        assert set(family.cases.values_list("status", flat=True)) == {MEMBER_STATUS[status]}


def test_a_stale_batch_transition_is_refused(world):
    """Two deciders: the second finds the batch moved and changes nothing."""
    hr = world.users["hrbp_sales"]
    family = new_batch(world, make_staff(world.sales, 2))
    stale = CaseFamily.objects.get(pk=family.pk)
    layoffs.withdraw_batch(family, acting_user=hr)
    with pytest.raises(CaseError):
        layoffs.withdraw_batch(stale, acting_user=hr)
    assert CaseFamily.objects.get(pk=family.pk).status == B.WITHDRAWN


class TestMembersNeverMoveAlone:
    def test_a_member_is_not_submitted_alone(self, world):
        family = new_batch(world, make_staff(world.sales, 2))
        case = family.cases.first()
        with pytest.raises(CaseError, match="随批次"):
            services.submit_case(case, actor=world.users["hr_admin"])
        assert SeparationCase.objects.get(pk=case.pk).status == CaseStatus.DRAFT

    def test_a_member_of_a_batch_in_review_is_not_withdrawn_or_edited_alone(self, world):
        hr = world.users["hrbp_sales"]
        family = new_batch(world, make_staff(world.sales, 2))
        answer_all(family, hr)
        layoffs.submit_batch(family, acting_user=hr)
        case = family.cases.select_related("family").first()
        with pytest.raises(CaseError, match="请先退回批次"):
            services.withdraw_case(case, actor=hr)
        with pytest.raises(CaseError, match="请先退回批次"):
            services.update_case(case, actor=hr, extra_compensation=50000)
        case.refresh_from_db()
        assert case.status == CaseStatus.IN_REVIEW and case.extra_compensation == 0
        assert not case.steps.exists()  # the batch's steps are the only ones

    def test_a_member_leaves_a_draft_batch_and_the_headcount_follows(self, world):
        hr = world.users["hrbp_sales"]
        family = new_batch(world, make_staff(world.sales, 3))
        first, second, third = family.cases.order_by("id")
        assert services.latest_run(third).input["layoff_headcount"] == 3
        assert services.latest_run(first).input["layoff_headcount"] == 3  # re-run when the others joined
        layoffs.remove_member(family, first, acting_user=hr, comment="调岗安置")
        assert SeparationCase.objects.get(pk=first.pk).status == CaseStatus.WITHDRAWN
        assert services.latest_run(second).input["layoff_headcount"] == 2
