"""Each case type end to end through its default workflow, conditional steps, template versions."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.utils import timezone

from farewell.cases import civil_service_actions, layoffs, services
from farewell.cases.models import STEP_ROLES, CaseStatus, CaseType, StepKind, WorkflowTemplate
from farewell.cases.workflow import CaseError
from farewell.ledger.services import entries_for, verify
from farewell.org.models import EmploymentType
from farewell.records.models import TrainingRecord
from tests.cases.civil_service_helpers import answer_all, proof
from tests.cases.conftest import PERSONA_FOR_ROLE, give_wages, union_letter, walk
from tests.factories import make_contract, make_employee
from tests.offboarding.helpers import finish_offboarding


def _probationer(world):
    today = timezone.localdate()
    employee = make_employee(world.sales, "钱八", manager=world.boss, hire_date=today - dt.timedelta(days=20))
    # A 3-year contract allows at most 2 months' probation (LCL 19).
    make_contract(employee, kind="fixed_term", start_date=employee.hire_date,
                  end_date=employee.hire_date + dt.timedelta(days=3 * 365), probation_end_date=today + dt.timedelta(days=35))
    give_wages(employee)
    return employee


def _civil_servant(world):
    employee = make_employee(world.sales, "孙九", manager=world.boss, employment_type=EmploymentType.CIVIL_SERVANT)
    give_wages(employee)
    return employee


def _trained(employee):
    TrainingRecord.objects.create(employee=employee, course="岗位技能提升", course_date=timezone.localdate(),
                                  status="attended")


# case type → (employee builder, expected step kinds, options)
SCENARIOS = {
    CaseType.MUTUAL_EMPLOYER: (lambda w: w.lisi, ["hr_review", "leadership_approval"], {}),
    # Employee-initiated agreement gives no statutory compensation (LCL 46(2)): no leadership step.
    CaseType.MUTUAL_EMPLOYEE: (lambda w: w.lisi, ["hr_review", "employee_confirmation"], {}),
    CaseType.PROBATION_REJECTION: (
        _probationer, ["hr_review", "manager_confirmation", "legal_review", "union_notification"],
        {"separation": 10}),
    CaseType.MISCONDUCT: (lambda w: w.lisi, ["hr_review", "legal_review", "union_notification", "leadership_approval"], {}),
    CaseType.INCAPACITY: (lambda w: w.lisi, ["hr_review", "manager_confirmation", "legal_review",
                                               "union_notification", "leadership_approval"], {}),
    CaseType.INCOMPETENCE: (lambda w: w.lisi, ["hr_review", "manager_confirmation", "legal_review",
                                                 "union_notification", "leadership_approval"], {"trained": True}),
    CaseType.OBJECTIVE_CHANGE: (lambda w: w.lisi, ["hr_review", "manager_confirmation", "legal_review",
                                                     "union_notification", "leadership_approval"], {}),
    CaseType.EXPIRY: (lambda w: w.lisi, ["hr_review", "leadership_approval"], {}),
    CaseType.RETIREMENT: (lambda w: w.lisi, ["hr_review"], {}),
    CaseType.CS_DISMISSAL: (_civil_servant, ["hr_review", "legal_review", "leadership_approval"], {}),
    CaseType.CS_RESIGNATION: (_civil_servant, ["hr_review", "leadership_approval"], {}),
}


@pytest.mark.parametrize("case_type", list(SCENARIOS))
def test_each_case_type_runs_end_to_end_through_its_default_workflow(staffed, case_type):
    world = staffed
    build, expected, options = SCENARIOS[case_type]
    employee = build(world)
    if options.get("trained"):
        _trained(employee)
    hr = world.users["hrbp_sales"]
    separation = timezone.localdate() + dt.timedelta(days=options.get("separation", 40))
    case = services.open_case(employee, case_type, actor=hr, separation_date=separation, reason="事实与理由")
    assert case.status == CaseStatus.DRAFT
    assert case.engine_runs.count() == 1
    if case.is_civil_service:
        answer_all(case, hr)  # 公务员法 86/89: every checklist item answered before submission
    services.submit_case(case, actor=hr)
    assert case.status == CaseStatus.IN_REVIEW
    assert walk(case, world) == expected
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    services.start_handover(case, actor=hr)
    finish_offboarding(case, hr)
    if case_type == CaseType.CS_DISMISSAL:  # 公务员法 90: the written decision delivered before the close
        civil_service_actions.record_delivery(case, actor=hr, decided_on=timezone.localdate(),
                                              delivered_on=timezone.localdate(), method="in_person",
                                              document_file=proof())
    services.close_case(case, actor=hr, closed_on=separation)
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED and case.closed_on == separation
    events = [e.event for e in entries_for("cases.separationcase", case.code)]
    assert events[0] == "case.opened"
    assert {"case.submit", "case.approve", "case.start_handover", "case.close"} <= set(events)
    assert events.count("case.step.approve") == len(expected)
    assert verify().ok


def test_a_layoff_counts_its_family_and_the_company(staffed, soon):
    """A layoff is one batch (cases/layoffs.py): the members' cases follow the batch's single approval."""
    world = staffed
    hr = world.users["hrbp_sales"]
    family = layoffs.create_batch(world.company, [world.lisi, world.zhaoliu], acting_user=hr, title="2026 销售部裁员",
                                  planned_date=soon, reason_code="difficulty")
    case = family.cases.get(employee=world.lisi)
    run = services.latest_run(case)
    assert run.input["layoff_headcount"] == 2
    assert run.input["employer_headcount"] == 4  # the four active employees of the company
    layoffs.answer_members(family, {c.pk: layoffs.Answer(sole_earner=False, retention_reason="岗位撤销")
                                    for c in family.cases.all()}, acting_user=hr)
    layoffs.record_filing(family, "explanation", acting_user=hr, done_on=timezone.localdate(), addressee="工会",
                          upload=union_letter())
    layoffs.record_filing(family, "report", acting_user=hr, done_on=timezone.localdate(), addressee="人社局",
                          upload=union_letter())
    layoffs.submit_batch(family, acting_user=hr)
    decided = []
    while (step := family.steps.filter(status="active").first()) is not None:
        user = world.users[PERSONA_FOR_ROLE[STEP_ROLES[step.kind]]]
        layoffs.decide_step(step, "approve", acting_user=user, comment="同意")
        decided.append(step.kind)
    assert decided == ["hr_review", "legal_review", "union_notification", "leadership_approval"]
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED


def test_a_resignation_is_received_acknowledged_and_closed_without_review(staffed):
    world = staffed
    notice = timezone.localdate()
    case = services.give_notice(world.lisi, actor=world.users["employee"], notice_date=notice)
    assert case.status == CaseStatus.NOTICE_RECEIVED
    assert case.separation_date == notice + dt.timedelta(days=30)
    assert services.latest_run(case).output["lawful"] is True
    with pytest.raises(CaseError):
        services.submit_case(case, actor=world.users["hrbp_sales"])
    with pytest.raises(CaseError):
        services._transition(case, "reject", actor=world.users["hrbp_sales"])
    services.acknowledge_notice(case, actor=world.users["hrbp_sales"])
    finish_offboarding(case, world.users["hrbp_sales"])
    services.close_case(case, actor=world.users["hrbp_sales"])
    case.refresh_from_db()
    assert case.status == CaseStatus.CLOSED
    assert not case.steps.exists()


def test_a_resignation_in_probation_ends_three_days_after_notice(world):
    employee = _probationer(world)
    notice = timezone.localdate()
    case = services.give_notice(employee, actor=None, notice_date=notice)
    assert case.separation_date == notice + dt.timedelta(days=3)


class TestConditionalSteps:
    def test_legal_review_joins_when_the_extra_exceeds_the_cap(self, staffed, soon):
        world = staffed
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon,
                                  extra_compensation=Decimal(20000))  # cap: one month = 12,000
        assert case.extra_cap == Decimal("12000.00")
        services.submit_case(case, actor=hr)
        assert list(case.steps.values_list("kind", flat=True)) == ["hr_review", "legal_review", "leadership_approval"]

    def test_leadership_stays_out_under_the_amount(self, staffed):
        world = staffed
        hr = world.users["hrbp_sales"]
        # Hired 2026 → N is small, the total under 50,000.
        employee = make_employee(world.sales, "周十", manager=world.boss,
                                 hire_date=timezone.localdate() - dt.timedelta(days=200))
        give_wages(employee, Decimal(8000))
        case = services.open_case(employee, CaseType.MUTUAL_EMPLOYER, actor=hr,
                                  separation_date=timezone.localdate() + dt.timedelta(days=10))
        services.submit_case(case, actor=hr)
        assert list(case.steps.values_list("kind", flat=True)) == ["hr_review"]


class TestTemplateVersions:
    def test_a_used_template_is_kept_and_editing_creates_a_new_version(self, staffed, soon):
        world = staffed
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
        v1 = case.workflow
        new = services.save_workflow(world.company, CaseType.MUTUAL_EMPLOYER, [
            {"kind": StepKind.HR_REVIEW, "condition": "always", "due_working_days": 1},
            {"kind": StepKind.MANAGER_CONFIRMATION, "condition": "always", "due_working_days": 1},
        ], actor=world.users["hr_admin"])
        assert new.version == v1.version + 1
        assert v1.steps.count() == 3  # unchanged
        services.submit_case(case, actor=hr)
        assert list(case.steps.values_list("kind", flat=True)) == ["hr_review", "leadership_approval"]
        other = services.open_case(world.zhaoliu, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
        assert other.workflow == new

    def test_an_unused_version_is_edited_in_place(self, world):
        before = WorkflowTemplate.objects.filter(company=world.company, case_type=CaseType.RETIREMENT).count()
        template = services.save_workflow(world.company, CaseType.RETIREMENT, [
            {"kind": StepKind.HR_REVIEW, "condition": "always", "due_working_days": 2},
        ], actor=world.users["hr_admin"])
        assert WorkflowTemplate.objects.filter(company=world.company, case_type=CaseType.RETIREMENT).count() == before
        assert template.steps.get().due_working_days == 2


class TestDecisions:
    def test_reject_and_return_need_a_comment_and_return_starts_a_new_round(self, staffed, soon):
        world = staffed
        hr = world.users["hrbp_sales"]
        opener = world.users["hr_admin"]  # four eyes: hrbp_sales decides what someone else opened
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener, separation_date=soon)
        services.submit_case(case, actor=opener)
        step = case.steps.get(status="active")
        with pytest.raises(CaseError):
            services.decide_step(step, "return", actor=hr, comment=" ")
        services.decide_step(step, "return", actor=hr, comment="补充事实")
        case.refresh_from_db()
        assert case.status == CaseStatus.DRAFT
        services.submit_case(case, actor=hr)
        case.refresh_from_db()
        assert case.round == 2
        step = case.steps.get(status="active")
        assert step.round == 2
        services.decide_step(step, "reject", actor=hr, comment="不同意")
        case.refresh_from_db()
        assert case.status == CaseStatus.REJECTED

    def test_the_wrong_role_cannot_decide(self, staffed, soon):
        from django.core.exceptions import PermissionDenied

        world = staffed
        hr = world.users["hrbp_sales"]
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
        services.submit_case(case, actor=hr)
        step = case.steps.get(status="active")
        for persona in ("legal", "approver", "manager", "hr_admin", "employee", "auditor", "outsider"):
            with pytest.raises(PermissionDenied):
                services.decide_step(step, "approve", actor=world.users[persona])

    def test_an_hrbp_of_another_unit_cannot_decide(self, staffed, soon):
        from django.core.exceptions import PermissionDenied

        from tests.factories import Role, make_user

        world = staffed
        other = make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd)
        case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                                  separation_date=soon)
        services.submit_case(case, actor=world.users["hrbp_sales"])
        with pytest.raises(PermissionDenied):
            services.decide_step(case.steps.get(status="active"), "approve", actor=other)

    def test_the_union_step_needs_a_date_and_a_document_and_sets_the_fact(self, staffed, soon):
        world = staffed
        _trained(world.lisi)
        hr = world.users["hrbp_sales"]
        opener = world.users["hr_admin"]  # four eyes: hrbp_sales decides what someone else opened
        case = services.open_case(world.lisi, CaseType.MISCONDUCT, actor=opener, separation_date=soon)
        services.submit_case(case, actor=opener)
        walk_until = ["hr_review", "legal_review"]
        for kind in walk_until:
            step = case.steps.get(status="active", kind=kind)
            actor = hr if kind == "hr_review" else world.users["legal"]
            services.decide_step(step, "approve", actor=actor)
        step = case.steps.get(status="active")
        assert step.kind == "union_notification"
        with pytest.raises(CaseError):
            services.decide_step(step, "approve", actor=hr)
        services.decide_step(step, "approve", actor=hr, document_date=timezone.localdate(), document_file=union_letter())
        case.refresh_from_db()
        assert case.facts["union_notified"] is True
        assert services.latest_run(case).input["union_notified"] is True
