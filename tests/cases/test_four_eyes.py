"""Four eyes: the person who opened a case decides none of its steps (refused in the service, no button
on the page, skipped by the routing) — except HR review where the company's setting allows it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from farewell.accounts.models import RoleGrant
from farewell.cases import services
from farewell.cases.models import CaseSettings, CaseType, StepKind
from farewell.cases.workflow import CaseError
from farewell.ledger.models import LedgerEntry
from tests.cases.conftest import union_letter
from tests.factories import Role, make_user

ALL_REVIEW_KINDS = [StepKind.HR_REVIEW, StepKind.LEGAL_REVIEW, StepKind.MANAGER_CONFIRMATION,
                    StepKind.LEADERSHIP_APPROVAL, StepKind.UNION_NOTIFICATION]
# Who decides each step once the opener has been refused.
DECIDER = {StepKind.HR_REVIEW: "hr_reviewer", StepKind.LEGAL_REVIEW: "legal", StepKind.LEADERSHIP_APPROVAL: "approver",
           StepKind.UNION_NOTIFICATION: "hr_reviewer", StepKind.EMPLOYEE_CONFIRMATION: "employee"}


def _workflow(world, kinds, case_type=CaseType.MUTUAL_EMPLOYER):
    services.save_workflow(world.company, case_type, [
        {"kind": kind, "condition": "always", "due_working_days": 2} for kind in kinds
    ], actor=world.users["hr_admin"])


@pytest.fixture
def everything(staffed):
    """王经理's login also holds every deciding role company-wide: as opener he is refused each step."""
    world = staffed
    boss = world.users["manager"]
    for role in (Role.HRBP, Role.LEGAL, Role.APPROVER):
        RoleGrant.objects.create(user=boss, role=role, company=world.company)
    _workflow(world, ALL_REVIEW_KINDS)
    return world


def _decide_kwargs(step):
    if step.kind == StepKind.UNION_NOTIFICATION:
        return {"document_date": timezone.localdate(), "document_file": union_letter()}
    return {}


def test_the_opener_is_refused_on_every_step_kind_and_routing_skips_them(everything, soon):
    world = everything
    opener = world.users["manager"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener, separation_date=soon)
    services.submit_case(case, actor=opener)
    seen = []
    for _ in ALL_REVIEW_KINDS:
        step = case.steps.get(status="active")
        seen.append(step.kind)
        assert opener not in step.assignees.all(), step.kind
        with pytest.raises(CaseError, match="四眼原则"):
            services.decide_step(step, "approve", actor=opener, **_decide_kwargs(step))
        step.refresh_from_db()
        assert step.status == "active"
        if step.kind == StepKind.MANAGER_CONFIRMATION:
            # 李四's manager opened the case: it goes past him (no manager above him, no unit head) to HR admin
            assert "王经理：是案件发起人" in step.routing_note
            assert list(step.assignees.all()) == [world.users["hr_admin"]]
            decider = world.users["hr_admin"]
        else:
            decider = world.users[DECIDER[step.kind]]
        services.decide_step(step, "approve", actor=decider, **_decide_kwargs(step))
        case.refresh_from_db()
    assert seen == ALL_REVIEW_KINDS
    assert case.status == "approved"


def test_the_opener_cannot_do_hr_review_by_default_and_may_with_the_setting(staffed, soon, client):
    world = staffed
    _workflow(world, [StepKind.HR_REVIEW, StepKind.UNION_NOTIFICATION])
    opener = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener, separation_date=soon)
    services.submit_case(case, actor=opener)
    step = case.steps.get(status="active")
    assert list(step.assignees.all()) == [world.users["hr_reviewer"]]
    with pytest.raises(CaseError, match="四眼原则"):
        services.decide_step(step, "approve", actor=opener)

    # The HR admin allows it on the settings page (in the ledger).
    client.force_login(world.users["hr_admin"])
    assert client.post("/cases/settings/", {"opener_may_do_hr_review": "on"}).status_code == 302
    assert CaseSettings.for_company(world.company.pk).opener_may_do_hr_review
    assert LedgerEntry.objects.filter(event="case_settings.saved").exists()

    client.force_login(opener)
    assert 'id="decide-hr_review"' in client.get(f"/cases/{case.code}/").content.decode()
    services.decide_step(step, "approve", actor=opener)
    union = case.steps.get(status="active")
    assert union.kind == StepKind.UNION_NOTIFICATION
    assert opener not in union.assignees.all()  # still four eyes for every other step
    with pytest.raises(CaseError, match="四眼原则"):
        services.decide_step(union, "approve", actor=opener, **_decide_kwargs(union))


def test_routing_includes_the_opener_for_hr_review_when_allowed(staffed, soon):
    world = staffed
    CaseSettings.objects.create(company=world.company, opener_may_do_hr_review=True)
    _workflow(world, [StepKind.HR_REVIEW])
    RoleGrant.objects.filter(user=world.users["hr_reviewer"]).delete()
    opener = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener, separation_date=soon)
    services.submit_case(case, actor=opener)
    step = case.steps.get(status="active")
    assert list(step.assignees.all()) == [opener] and not step.unrouted


def test_the_only_eligible_person_being_the_opener_is_a_no_one_can_decide_step(staffed, soon):
    world = staffed
    _workflow(world, [StepKind.HR_REVIEW])
    RoleGrant.objects.filter(user=world.users["hr_reviewer"]).delete()
    opener = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener, separation_date=soon)
    services.submit_case(case, actor=opener)
    step = case.steps.get(status="active")
    assert step.unrouted
    assert "需为 销售部 授予 HRBP 角色" in step.routing_note and "案件发起人" in step.routing_note


def test_the_employee_confirms_the_agreement_they_asked_for(staffed, soon):
    """Employee confirmation is the employee's consent, not a review: opening from the portal is no bar."""
    world = staffed
    _workflow(world, [StepKind.EMPLOYEE_CONFIRMATION], CaseType.MUTUAL_EMPLOYEE)
    employee_user = world.users["employee"]
    case = services.request_negotiation(world.lisi, actor=employee_user, separation_date=soon, message="希望协商")
    services.submit_case(case, actor=world.users["hrbp_sales"])
    step = case.steps.get(status="active")
    assert list(step.assignees.all()) == [employee_user]
    services.decide_step(step, "approve", actor=employee_user)
    case.refresh_from_db()
    assert case.status == "approved"


def test_the_api_refuses_the_opener_with_the_reason(staffed, soon, client):
    world = staffed
    opener = world.users["hrbp_sales"]
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener, separation_date=soon)
    services.submit_case(case, actor=opener)
    client.force_login(opener)
    response = client.post(f"/api/cases/{case.code}/transition/", {"action": "approve"},
                           content_type="application/json")
    assert response.status_code == 409 and "四眼原则" in response.json()["error"]


@pytest.mark.parametrize("persona, status", [("hrbp_sales", 403), ("manager", 403), ("outsider", 403)])
def test_only_the_hr_admin_changes_the_setting(staffed, client, persona, status):
    client.force_login(staffed.users[persona])
    assert client.get("/cases/settings/").status_code == status
    assert client.post("/cases/settings/", {"opener_may_do_hr_review": "on"}).status_code == status
    assert not CaseSettings.objects.exists()


def test_the_settings_page_is_linked_from_the_workflows(staffed, client):
    client.force_login(staffed.users["hr_admin"])
    assert 'id="case-settings-link"' in client.get("/cases/workflows/").content.decode()
    assert 'name="opener_may_do_hr_review"' in client.get("/cases/settings/").content.decode()


def test_a_user_outside_the_setting_cannot_be_made_an_assignee_by_it(staffed, soon):
    """The setting concerns the opener only: another HRBP's scope is unchanged by it."""
    world = staffed
    CaseSettings.objects.create(company=world.company, opener_may_do_hr_review=True)
    other = make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd)
    case = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hrbp_sales"],
                              separation_date=soon)
    services.submit_case(case, actor=world.users["hrbp_sales"])
    assert other not in case.steps.get(status="active").assignees.all()
