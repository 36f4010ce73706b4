"""Issue 12: the engine's result is re-checked at every decision with the facts at that moment. A blocking
result is never approved at any step; a warning is passed only by legal, with a written reason (ledger)."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import services
from farewell.cases.models import STEP_ROLES, CaseStatus, CaseType, Risk, StepStatus
from farewell.cases.workflow import CaseError
from farewell.ledger.models import LedgerEntry
from farewell.org.services import start_status_period
from tests.cases.conftest import PERSONA_FOR_ROLE, union_letter, walk


def _events(case, event):
    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(object_id=str(case.code), event=event)]


def _approve(case, world, kind, comment="同意"):
    step = case.steps.get(kind=kind, round=case.round, status=StepStatus.ACTIVE)
    extra = {}
    if kind == "union_notification":
        extra = {"document_date": timezone.localdate(), "document_file": union_letter()}
    services.decide_step(step, "approve", actor=world.users[PERSONA_FOR_ROLE[STEP_ROLES[kind]]],
                         comment=comment, **extra)
    case.refresh_from_db()


def _misconduct(world, soon):
    case = services.open_case(world.lisi, CaseType.MISCONDUCT, actor=world.users["hrbp_sales"], separation_date=soon)
    services.submit_case(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    return case


def test_a_case_made_unlawful_after_the_union_step_cannot_be_approved(staffed, soon):
    """The issue: 是否已事先通知工会 set to 否 after the union step; the approver's 通过 yielded 已批准."""
    world = staffed
    case = _misconduct(world, soon)
    for kind in ("hr_review", "legal_review", "union_notification"):
        _approve(case, world, kind)
    services.update_case(case, actor=world.users["hrbp_sales"], union_notified=False)
    case.refresh_from_db()
    assert case.risk == Risk.BLOCKED
    leadership = case.steps.get(kind="leadership_approval", status=StepStatus.ACTIVE)
    with pytest.raises(CaseError, match="违法/阻断") as exc:
        services.decide_step(leadership, "approve", actor=world.users["approver"], comment="同意")
    assert "工会" in str(exc.value)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert case.steps.get(pk=leadership.pk).status == StepStatus.ACTIVE
    # Returning it stays possible.
    services.decide_step(leadership, "return", actor=world.users["approver"], comment="请先通知工会")
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT


def test_the_engine_runs_again_at_the_decision_on_records_changed_since(staffed, soon):
    """A pregnancy recorded after submission (org service, not the case): the stored run is stale; the
    decision re-runs the engine and refuses."""
    world = staffed
    case = services.open_case(world.zhaoliu, CaseType.OBJECTIVE_CHANGE, actor=world.users["hrbp_sales"],
                              separation_date=soon, facts={"union_notified": True, "notice_given_days": 30})
    services.submit_case(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    assert case.risk != Risk.BLOCKED
    _approve(case, world, "hr_review")
    start_status_period(world.zhaoliu, acting_user=world.users["hr_admin"], kind="pregnancy",
                        start_date=timezone.localdate() - timezone.timedelta(days=30))
    step = case.steps.get(status=StepStatus.ACTIVE)
    with pytest.raises(CaseError, match="违法/阻断"):
        services.decide_step(step, "approve", actor=world.users[PERSONA_FOR_ROLE[STEP_ROLES[step.kind]]], comment="同意")
    case.refresh_from_db()
    assert case.risk == Risk.BLOCKED and case.status == CaseStatus.IN_REVIEW
    assert services.latest_run(case).input.get("protected_status") == ["pregnancy"]


def test_legal_passes_a_warning_only_with_a_written_reason_in_the_ledger(staffed, soon):
    world = staffed
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon,
                              extra_compensation=Decimal(25000))  # cap 12,000: extra_over_cap warning
    services.submit_case(case, actor=hr)
    case.refresh_from_db()
    assert case.risk == Risk.WARNING
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hrbp_sales"])
    legal = case.steps.get(kind="legal_review")
    with pytest.raises(CaseError, match="须写明理由"):
        services.decide_step(legal, "approve", actor=world.users["legal"], comment="  ")
    services.decide_step(legal, "approve", actor=world.users["legal"], comment="员工贡献突出，额外补偿合理")
    [entry] = _events(case, "case.step.approve")[-1:]
    assert entry["passed_warnings"] == ["extra_over_cap"] and entry["passed_reason"] == "员工贡献突出，额外补偿合理"
    assert case.steps.get(pk=legal.pk).passed_warnings == ["extra_over_cap"]
    _approve(case, world, "leadership_approval")
    assert case.status == CaseStatus.APPROVED


def test_other_steps_are_refused_while_a_warning_legal_has_not_passed_stands(staffed, soon):
    """An employee demand recorded after legal passed the cap warning: a new warning (dispute risk) that
    legal has not seen; the approver is refused and legal's review opens again."""
    world = staffed
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon,
                              extra_compensation=Decimal(25000))
    services.submit_case(case, actor=hr)
    case.refresh_from_db()
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=world.users["hrbp_sales"])
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"], comment="合理")
    case.refresh_from_db()
    # A demand written straight into the facts (no engine run): the decision must find it itself.
    type(case).objects.filter(pk=case.pk).update(employee_demand=Decimal(900000))
    case.refresh_from_db()
    leadership = case.steps.get(kind="leadership_approval", status=StepStatus.ACTIVE)
    with pytest.raises(CaseError, match="法务尚未审核") as exc:
        services.decide_step(leadership, "approve", actor=world.users["approver"], comment="同意")
    assert "争议风险" in str(exc.value) and "法务审核已重新打开" in str(exc.value)
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert case.steps.get(kind="legal_review").status == StepStatus.ACTIVE
    assert case.steps.get(pk=leadership.pk).status == StepStatus.WAITING


def test_a_workflow_without_legal_cannot_pass_a_warning(staffed, soon):
    world = staffed
    hr = world.users["hr_admin"]
    case = services.open_case(world.lisi, CaseType.RETIREMENT, actor=hr, separation_date=soon)
    services.submit_case(case, actor=hr)
    case.refresh_from_db()
    type(case).objects.filter(pk=case.pk).update(employee_demand=Decimal(900000))
    case.refresh_from_db()
    step = case.steps.get(status=StepStatus.ACTIVE)
    with pytest.raises(CaseError, match="没有法务审核步骤"):
        services.decide_step(step, "approve", actor=world.users["hrbp_sales"], comment="同意")


def test_missing_reference_data_is_shown_but_not_a_question_for_legal(staffed, soon, monkeypatch):
    """No local average wage (an empty install): the warning is in the step's mail, the approval goes on."""
    world = staffed
    hr = world.users["hr_admin"]
    monkeypatch.setattr(services, "figures_for", lambda city, day: None)
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    services.submit_case(case, actor=hr)
    case.refresh_from_db()
    assert case.risk == Risk.WARNING
    assert "缺少当地上年度职工月平均工资" in services.decision_summary(case)
    assert not case.steps.filter(kind="legal_review").exists()
    assert walk(case, world) and case.status == CaseStatus.APPROVED


def test_submission_runs_the_engine_again_on_records_changed_since(staffed, soon):
    world = staffed
    hr = world.users["hrbp_sales"]
    case = services.open_case(world.zhaoliu, CaseType.OBJECTIVE_CHANGE, actor=hr, separation_date=soon,
                              facts={"union_notified": True, "notice_given_days": 30})
    start_status_period(world.zhaoliu, acting_user=world.users["hr_admin"], kind="pregnancy",
                        start_date=timezone.localdate() - timezone.timedelta(days=30))
    with pytest.raises(CaseError, match="阻断"):
        services.submit_case(case, actor=hr)
    case.refresh_from_db()
    assert case.status == CaseStatus.DRAFT and case.risk == Risk.BLOCKED


def test_the_decision_page_shows_the_refusal(client, staffed, soon):
    from django.urls import reverse

    world = staffed
    case = _misconduct(world, soon)
    for kind in ("hr_review", "legal_review", "union_notification"):
        _approve(case, world, kind)
    services.update_case(case, actor=world.users["hrbp_sales"], union_notified=False)
    step = case.steps.get(kind="leadership_approval", status=StepStatus.ACTIVE)
    client.force_login(world.users["approver"])
    response = client.post(reverse("cases:step_decide", args=[step.code]), {"decision": "approve", "comment": "同意"},
                           follow=True)
    assert "违法/阻断" in response.content.decode()
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
