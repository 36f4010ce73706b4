"""Every step reaches a person: routing on activation, its fallbacks (recorded on the step, in the
ledger and on the case page) and the no-one-can-decide state (issue 11)."""

from __future__ import annotations

import json

import pytest
from django.core.exceptions import PermissionDenied

from farewell.accounts.models import RoleGrant, User
from farewell.cases import services
from farewell.cases.models import CaseStep, CaseType, StepKind
from farewell.common.notifications import Notification
from farewell.ledger.models import LedgerEntry
from farewell.org.models import WageMonth
from tests.cases.conftest import give_wages
from tests.factories import Role, make_employee, make_unit, make_user


def _only(world, *kinds):
    """The mutual-agreement workflow reduced to `kinds` (saved by the HR admin as a new version)."""
    services.save_workflow(world.company, CaseType.MUTUAL_EMPLOYER, [
        {"kind": kind, "condition": "always", "due_working_days": 2} for kind in kinds
    ], actor=world.users["hr_admin"])


def _submitted(world, employee, soon, opener="hrbp_sales"):
    actor = world.users[opener]
    if not WageMonth.objects.filter(employee=employee).exists():
        give_wages(employee)  # no wages, no result: a case without them cannot be submitted
    case = services.open_case(employee, CaseType.MUTUAL_EMPLOYER, actor=actor, separation_date=soon)
    services.submit_case(case, actor=actor)
    return case, case.steps.get(status="active")


def _activation(step):
    entries = LedgerEntry.objects.filter(object_id=str(step.case.code), event__in=["case.step.activated",
                                                                                   "case.step.rerouted"])
    return [json.loads(e.payload) for e in entries.order_by("seq") if str(step.code) in e.payload][-1]


@pytest.fixture
def confirm(world):
    _only(world, StepKind.MANAGER_CONFIRMATION)
    return world


class TestLineManager:
    def test_the_direct_manager_gets_it_without_a_note(self, confirm, soon):
        world = confirm
        _case, step = _submitted(world, world.lisi, soon)
        assert list(step.assignees.all()) == [world.users["manager"]]
        assert step.routing_note == "" and not step.unrouted
        assert Notification.objects.filter(user=world.users["manager"], subject__startswith="待办").exists()

    def test_a_manager_without_a_login_falls_back_to_the_managers_manager(self, confirm, soon, client):
        world = confirm
        middle = make_employee(world.sales, "孙经理", manager=world.boss)  # no login
        worker = make_employee(world.sales, "钱八", manager=middle)
        case, step = _submitted(world, worker, soon)
        assert list(step.assignees.all()) == [world.users["manager"]]
        assert "孙经理：无登录账号" in step.routing_note and "已转至上级 王经理" in step.routing_note
        entry = _activation(step)
        assert entry["assignees"] == [world.users["manager"].pk] and entry["fallbacks"] == [step.routing_note]
        client.force_login(world.users["hrbp_sales"])
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert "直接上级无可用账号" in page and "已转至上级 王经理" in page
        # 王经理 decides it (an indirect report, routed to him)
        services.decide_step(step, "approve", actor=world.users["manager"])
        step.refresh_from_db()
        assert step.status == "done"

    def test_a_login_without_the_manager_role_is_passed_over(self, confirm, soon):
        world = confirm  # 赵六 reports to 李四, whose login is an employee's
        _case, step = _submitted(world, world.zhaoliu, soon)
        assert list(step.assignees.all()) == [world.users["manager"]]
        assert "李四：无直线经理角色" in step.routing_note

    def test_an_inactive_manager_login_is_skipped(self, confirm, soon):
        world = confirm
        User.objects.filter(pk=world.users["manager"].pk).update(is_active=False)
        _case, step = _submitted(world, world.lisi, soon)
        assert world.users["manager"] not in step.assignees.all()
        assert "王经理：账号已停用" in step.routing_note

    def test_a_chain_without_logins_goes_to_the_head_of_an_ancestor_unit(self, confirm, soon, client):
        world = confirm
        head = make_employee(world.root, "总经理")
        head_user = make_user("ceo", Role.APPROVER, company=world.company, employee=head)
        world.root.head = head
        world.root.save()
        orphan_manager = make_employee(world.sales, "无账号经理")
        worker = make_employee(world.sales, "吴九", manager=orphan_manager)
        case, step = _submitted(world, worker, soon)
        assert list(step.assignees.all()) == [head_user]
        assert "已转至部门负责人 总经理（总部）" in step.routing_note
        # the head sees the case in the inbox and on the page, and decides it there
        client.force_login(head_user)
        assert str(step.code) in client.get("/cases/inbox/").content.decode()
        assert 'id="decide-manager_confirmation"' in client.get(f"/cases/{case.code}/").content.decode()
        response = client.post(f"/cases/steps/{step.code}/decide/", {"decision": "approve", "comment": "同意"})
        assert response.status_code == 302
        step.refresh_from_db()
        assert step.status == "done" and step.decided_by == head_user

    def test_no_one_in_the_chain_or_the_units_goes_to_the_hr_admins(self, confirm, soon, client):
        world = confirm
        worker = make_employee(world.sales, "郑十")  # no manager, no unit heads
        case, step = _submitted(world, worker, soon)
        admin = world.users["hr_admin"]
        assert list(step.assignees.all()) == [admin]
        assert "已转至HR管理员" in step.routing_note and "未设置直接上级" in step.routing_note
        client.force_login(admin)
        assert str(step.code) in client.get("/cases/inbox/").content.decode()
        client.post(f"/cases/steps/{step.code}/decide/", {"decision": "approve", "comment": "同意"})
        step.refresh_from_db()
        assert step.status == "done"

    def test_with_no_hr_admin_either_no_one_can_decide_until_a_grant_exists(self, confirm, soon, client):
        world = confirm
        RoleGrant.objects.filter(role=Role.HR_ADMIN).delete()
        worker = make_employee(world.sales, "冯十一")
        case, step = _submitted(world, worker, soon)
        assert step.unrouted and not step.assignees.exists()
        assert step.routing_note == "无人可审批：需为 销售部 授予 直线经理 角色"
        client.force_login(world.users["hrbp_sales"])
        page = client.get(f"/cases/{case.code}/").content.decode()
        assert "data-unrouted" in page and "无人可审批：需为 销售部 授予 直线经理 角色" in page
        assert services.sweep().unrouted == 1
        # an HR admin is granted: the page (or the next sweep) routes the step to them
        admin = make_user("newadmin", Role.HR_ADMIN, company=world.company)
        client.get(f"/cases/{case.code}/")
        step.refresh_from_db()
        assert not step.unrouted and list(step.assignees.all()) == [admin]
        assert _activation(step)["assignees"] == [admin.pk]
        assert Notification.objects.filter(user=admin, subject__startswith="待办").exists()

    def test_a_manager_outside_the_chain_cannot_decide(self, confirm, soon):
        world = confirm
        other_boss = make_employee(world.rnd, "研发经理")
        other = make_user("rndboss", Role.MANAGER, company=world.company, employee=other_boss)
        _case, step = _submitted(world, world.lisi, soon)
        with pytest.raises(PermissionDenied):
            services.decide_step(step, "approve", actor=other)


class TestUnitScopedRoles:
    def test_an_hrbp_of_a_parent_unit_gets_a_sub_units_review_and_a_sibling_hrbp_does_not(self, world, soon):
        _only(world, StepKind.HR_REVIEW)
        east = make_unit(world.company, "华东区", parent=world.sales)
        worker = make_employee(east, "华东员工")
        sibling = make_unit(world.company, "华南区", parent=world.sales)
        parent_hrbp = world.users["hrbp_sales"]
        reviewer = world.users["hr_reviewer"]
        sibling_hrbp = make_user("hrbp_south", Role.HRBP, company=world.company, unit=sibling)
        rnd_hrbp = make_user("hrbp_rnd", Role.HRBP, company=world.company, unit=world.rnd)
        _case, step = _submitted(world, worker, soon, opener="hr_admin")
        assert set(step.assignees.all()) == {parent_hrbp, reviewer}
        assert Notification.objects.filter(user=parent_hrbp, subject__startswith="待办").exists()
        for outsider in (sibling_hrbp, rnd_hrbp):
            assert not Notification.objects.filter(user=outsider).exists()
            with pytest.raises(PermissionDenied):
                services.decide_step(step, "approve", actor=outsider)

    def test_inactive_logins_are_skipped(self, world, soon):
        _only(world, StepKind.HR_REVIEW)
        User.objects.filter(pk=world.users["hr_reviewer"].pk).update(is_active=False)
        _case, step = _submitted(world, world.lisi, soon, opener="hr_admin")
        assert list(step.assignees.all()) == [world.users["hrbp_sales"]]
        world.users["hr_reviewer"].refresh_from_db()
        with pytest.raises(PermissionDenied):
            services.decide_step(step, "approve", actor=world.users["hr_reviewer"])

    def test_a_missing_role_is_named_in_the_hr_admins_inbox_and_a_later_grant_is_picked_up(
            self, world, soon, client, django_capture_on_commit_callbacks):
        _only(world, StepKind.HR_REVIEW, StepKind.LEGAL_REVIEW)
        RoleGrant.objects.filter(role=Role.LEGAL).delete()
        case, step = _submitted(world, world.lisi, soon, opener="hr_admin")
        services.decide_step(step, "approve", actor=world.users["hrbp_sales"])
        legal_step = case.steps.get(status="active")
        assert legal_step.kind == "legal_review" and legal_step.unrouted
        assert legal_step.routing_note == "无人可审批：需为 销售部 授予 法务 角色"
        admin = world.users["hr_admin"]
        assert Notification.objects.filter(user=admin, subject__startswith="无人可审批").exists()
        client.force_login(admin)
        inbox = client.get("/cases/inbox/").content.decode()
        assert 'id="unrouted"' in inbox and "无人可审批：需为 销售部 授予 法务 角色" in inbox
        lawyer = make_user("lawyer2", Role.LEGAL, company=world.company)
        before = Notification.objects.count()
        with django_capture_on_commit_callbacks(execute=True):
            result = services.sweep()
        assert result.rerouted == 1 and result.unrouted == 0
        assert result.notifications == Notification.objects.count() - before == 1
        legal_step.refresh_from_db()
        assert list(legal_step.assignees.all()) == [lawyer] and not legal_step.unrouted
        assert 'id="unrouted"' not in client.get("/cases/inbox/").content.decode()


def test_the_case_page_lists_the_assignees(client, world, soon):
    _only(world, StepKind.HR_REVIEW)
    case, _step = _submitted(world, world.lisi, soon, opener="hr_admin")
    client.force_login(world.users["hr_admin"])
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "data-assignees" in page and "hrbp" in page and "hrreviewer" in page


def test_a_step_routed_to_someone_does_not_open_other_cases_to_them(client, world, soon):
    """The routing lets a fallback see the case it was routed to — nothing else."""
    _only(world, StepKind.MANAGER_CONFIRMATION)
    head = make_employee(world.root, "总经理")
    head_user = make_user("ceo", Role.APPROVER, company=world.company, unit=world.rnd, employee=head)
    world.root.head = head
    world.root.save()
    routed_case, _ = _submitted(world, make_employee(world.sales, "甲", manager=make_employee(world.sales, "乙")), soon)
    other_case, _ = _submitted(world, world.lisi, soon)  # routed to 王经理
    client.force_login(head_user)
    assert client.get(f"/cases/{routed_case.code}/").status_code == 200
    assert client.get(f"/cases/{other_case.code}/").status_code == 404
    step = CaseStep.objects.get(case=other_case, status="active")
    assert client.post(f"/cases/steps/{step.code}/decide/", {"decision": "approve"}).status_code == 404


def test_a_step_whose_people_were_all_deactivated_is_routed_again_by_the_sweep(
        world, soon, django_capture_on_commit_callbacks):
    _only(world, StepKind.HR_REVIEW)
    case, step = _submitted(world, world.lisi, soon, opener="hr_admin")
    User.objects.filter(pk__in=[world.users["hrbp_sales"].pk, world.users["hr_reviewer"].pk]).update(is_active=False)
    admin = world.users["hr_admin"]
    before = Notification.objects.filter(user=admin).count()
    result = services.sweep()
    step.refresh_from_db()
    assert step.unrouted and result.unrouted == 1 and result.rerouted == 0
    assert step.routing_note == "无人可审批：需为 销售部 授予 HRBP 角色"
    assert result.notifications == Notification.objects.filter(user=admin).count() - before == 1
    assert services.sweep().notifications == 0  # still no one: HR admins are told once, not every sweep
    newcomer = make_user("hrbp_new", Role.HRBP, company=world.company, unit=world.sales)
    result = services.sweep()
    step.refresh_from_db()
    assert result.rerouted == 1 and list(step.assignees.all()) == [newcomer] and not step.unrouted
