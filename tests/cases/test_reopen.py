"""Issue 12: a change of facts or money after a step was decided re-opens the decisions it touches, with
old and new values in the ledger; an edit saved from a stale page never changes a case's status."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType
from farewell.cases.workflow import CaseError, StaleState
from farewell.ledger.models import LedgerEntry


def _events(case, event):
    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(object_id=str(case.code), event=event)]


def _steps(case):
    return [(s.kind, s.status) for s in case.steps.filter(round=case.round).order_by("order", "id")]


def _legal_approved_25000(world, soon):
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon,
                              extra_compensation=Decimal(25000))
    services.submit_case(case, actor=hr)
    case.refresh_from_db()
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hrbp_sales"])
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"],
                         comment="25,000 合理")
    case.refresh_from_db()
    return case


def test_an_extra_raised_after_legal_approved_goes_back_to_legal(staffed, soon):
    """The issue: legal approved 25,000, HR raised it to 500,000, the case was approved without legal."""
    world = staffed
    case = _legal_approved_25000(world, soon)
    assert _steps(case) == [("hr_review", "done"), ("legal_review", "done"), ("leadership_approval", "active")]
    leadership = case.steps.get(kind="leadership_approval")
    old_total = case.offered_amount
    services.update_case(case, actor=world.users["hr_admin"], extra_compensation=Decimal(500000))
    case.refresh_from_db()
    assert _steps(case) == [("hr_review", "done"), ("legal_review", "active"), ("leadership_approval", "waiting")]
    with pytest.raises(CaseError):
        services.decide_step(leadership, "approve", actor=world.users["approver"], comment="同意")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    [reopened] = _events(case, "case.step.reopened")
    assert reopened["kind"] == "legal_review"
    assert reopened["changes"]["extra_compensation"] == {"old": "25000.00", "new": "500000"}
    assert reopened["decided_comment"] == "25,000 合理"
    # Legal decides again (with a reason: the cap warning stands), then the approver.
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"], comment="同意500,000")
    services.decide_step(case.steps.get(kind="leadership_approval"), "approve", actor=world.users["approver"])
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED and case.offered_amount > old_total


def test_a_total_changed_after_the_approver_decided_goes_back_to_the_approver(staffed, soon):
    """A lower extra (still over the cap): legal approved more, so legal stays decided; the total changed,
    so the approver decides again, before the employee's confirmation (the workflow's order)."""
    world = staffed
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYEE, actor=hr, separation_date=soon,
                              extra_compensation=Decimal(60000))
    services.submit_case(case, actor=hr)
    case.refresh_from_db()
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hrbp_sales"])
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"], comment="可以")
    services.decide_step(case.steps.get(kind="leadership_approval"), "approve", actor=world.users["approver"])
    case.refresh_from_db()
    assert _steps(case) == [("hr_review", "done"), ("legal_review", "done"), ("leadership_approval", "done"),
                            ("employee_confirmation", "active")]
    old_total = case.offered_amount
    services.update_case(case, actor=hr, extra_compensation=Decimal(55000))
    case.refresh_from_db()
    assert _steps(case) == [("hr_review", "done"), ("legal_review", "done"), ("leadership_approval", "active"),
                            ("employee_confirmation", "waiting")]
    [reopened] = _events(case, "case.step.reopened")
    assert reopened["kind"] == "leadership_approval"
    assert Decimal(reopened["changes"]["total"]["old"]) == old_total
    assert Decimal(reopened["changes"]["total"]["new"]) == old_total - 5000


def test_an_edit_from_a_page_loaded_before_the_withdrawal_is_refused(staffed, soon):
    """The issue: a withdrawn case came back to in_review when HR saved an edit from a stale page."""
    world = staffed
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    services.submit_case(case, actor=hr)
    stale = type(case).objects.get(pk=case.pk)  # the page HR opened
    services.withdraw_case(type(case).objects.get(pk=case.pk), actor=hr, comment="员工撤回")
    with pytest.raises(StaleState):
        services.update_case(stale, actor=hr, extra_compensation=Decimal(3000), reason="补充说明")
    fresh = type(case).objects.get(pk=case.pk)
    assert fresh.status == CaseStatus.WITHDRAWN
    assert fresh.extra_compensation == 0 and fresh.reason == ""
    assert _events(case, "case.updated") == []


def test_a_changed_ground_after_legal_approved_goes_back_to_legal(staffed):
    """Legal approved the ground it read; another ground is another legal question (issue 12)."""
    from farewell.cases.models import StepKind
    from tests.factories import make_contract

    world = staffed
    hr = world.users["hr_admin"]
    services.save_workflow(world.company, CaseType.EXPIRY, [
        {"kind": StepKind.HR_REVIEW, "condition": "always", "due_working_days": 2},
        {"kind": StepKind.LEGAL_REVIEW, "condition": "always", "due_working_days": 3},
        {"kind": StepKind.LEADERSHIP_APPROVAL, "condition": "always", "due_working_days": 3},
    ], actor=hr)
    world.lisi.contracts.all().delete()
    import datetime as dt

    from django.utils import timezone
    end = timezone.localdate() + dt.timedelta(days=60)
    make_contract(world.lisi, kind="fixed_term", start_date=end.replace(year=end.year - 3) + dt.timedelta(days=1),
                  end_date=end)
    case = services.open_case(world.lisi, CaseType.EXPIRY, actor=hr, separation_date=end,
                              ground="expiry_employer_not_renewing")
    services.submit_case(case, actor=hr)
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hrbp_sales"])
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"],
                         comment="单位不续签，支付经济补偿")
    case.refresh_from_db()
    assert _steps(case) == [("hr_review", "done"), ("legal_review", "done"), ("leadership_approval", "active")]
    leadership = case.steps.get(kind="leadership_approval")
    services.update_case(case, actor=hr, ground="expiry_employee_declines_same_or_better")
    case.refresh_from_db()
    assert ("legal_review", "active") in _steps(case)
    with pytest.raises(CaseError):
        services.decide_step(leadership, "approve", actor=world.users["approver"], comment="同意")
    reopened = [e for e in _events(case, "case.step.reopened") if e["kind"] == "legal_review"]
    assert reopened and reopened[0]["changes"]["ground"] == {
        "old": "expiry_employer_not_renewing", "new": "expiry_employee_declines_same_or_better"}
