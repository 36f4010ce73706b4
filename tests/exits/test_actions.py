"""Improvement actions: created from a reason cluster, their effect (the group's turnover and the
reason's share before and after), overdue reminders through `farewell sweep`."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.utils import timezone

from farewell.common.notifications import Notification
from farewell.exits import actions, services
from farewell.exits.models import ActionStatus, ExitReason
from tests.exits.conftest import leave, staff

pytestmark = pytest.mark.django_db


def _state(departure, hr, code):
    interview = services.start_interview(departure, acting_user=hr, held_at=timezone.now())
    services.update_interview(interview, acting_user=hr, fields={},
                              reasons=[{"reason": ExitReason.objects.get(code=code), "primary": True}])
    services.sign_interview(interview, acting_user=hr)


@pytest.fixture
def cluster(world):
    """销售部: 20 people; Q1 2026 six leave, five of them for pay; Q3 2026 two leave, one for pay."""
    hr = world.users["hr_admin"]
    people = staff(world.sales, 17, prefix="销售")  # + 王经理, 李四, 赵六 = 20
    for i, person in enumerate(people[:6]):
        departure = leave(person, dt.date(2026, 1, 10 + i), actor=hr)
        _state(departure, hr, "pay_below_market" if i < 5 else "family")
    for i, person in enumerate(people[6:8]):
        departure = leave(person, dt.date(2026, 8, 10 + i), actor=hr)
        _state(departure, hr, "pay_bonus" if i == 0 else "relocation")
    return world


def _action(world, **kw):
    defaults = {"acting_user": world.users["hr_admin"], "company": world.company, "title": "销售岗调薪",
                "reason": ExitReason.objects.get(code="pay"), "org_unit": world.sales,
                "cluster_start": dt.date(2026, 1, 1), "cluster_end": dt.date(2026, 3, 31),
                "owner": world.users["approver"], "due_date": dt.date(2026, 6, 30),
                "started_on": dt.date(2026, 7, 1)}
    defaults.update(kw)
    return actions.create_action(**defaults)


def test_the_effect_before_and_after(cluster):
    action = _action(cluster)
    effect = actions.effect(action, today=dt.date(2026, 12, 31))
    before, after = effect.before, effect.after
    # before: 20 → 14, average 17, 6 leavers in 90 days; 5 of 6 for pay
    assert (before.headcount, before.leavers, before.with_reason) == (Decimal(17), 6, 5)
    assert before.turnover_rate == Decimal("35.3") and before.reason_share == Decimal("83.3")
    assert before.annualised_rate == Decimal("143.2")  # 35.3 × 365 / 90
    # after: 1 July – 28 September (90 days, both included): 14 → 12, average 13, 2 leavers, 1 for pay
    assert (after.start, after.end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 28))
    assert (after.headcount, after.leavers, after.with_reason) == (Decimal(13), 2, 1)
    assert after.reason_share == Decimal("50.0")
    assert effect.improved is True and effect.rate_change < 0


def test_no_after_before_the_action_starts(cluster):
    action = _action(cluster, started_on=dt.date(2027, 1, 1))
    assert actions.effect(action, today=dt.date(2026, 12, 31)).after is None


def test_the_action_page_shows_the_effect(client, cluster):
    action = _action(cluster)
    client.force_login(cluster.users["approver"])
    page = client.get(f"/exits/actions/{action.code}/").content.decode()
    assert 'id="effect-before"' in page and "83.3%" in page and 'id="effect-verdict"' in page


def test_the_owner_updates_status_with_evidence(client, cluster):
    action = _action(cluster)
    client.force_login(cluster.users["approver"])
    response = client.post(f"/exits/actions/{action.code}/", {
        "status": "done", "due_date": "2026-06-30", "evidence": "7月起销售代表薪档上调8%"})
    assert response.status_code == 302
    action.refresh_from_db()
    assert action.status == ActionStatus.DONE and action.completed_on == timezone.localdate()


def test_a_stale_update_is_refused(cluster):
    action = _action(cluster)
    stale = type(action).objects.get(pk=action.pk)
    actions.update_action(action, acting_user=cluster.users["hr_admin"], status="in_progress", evidence="")
    with pytest.raises(services.ExitError):
        actions.update_action(stale, acting_user=cluster.users["hr_admin"], status="cancelled", evidence="")


def test_hr_creates_an_action_from_the_report_cluster(client, cluster):
    from farewell.exits import report

    clusters = report.clusters(report.Scope(cluster.company.pk, None), report.period_for("quarter", 2026, 1))
    assert [(c.unit.name, c.reason.code, c.leavers) for c in clusters] == [("销售部", "pay", 5)]
    client.force_login(cluster.users["hr_admin"])
    page = client.get("/exits/report/?granularity=quarter&year=2026&index=1").content.decode()
    assert 'id="clusters"' in page
    reason = ExitReason.objects.get(code="pay")
    response = client.post("/exits/actions/new/", {
        "title": "调薪", "reason": reason.pk, "org_unit": cluster.sales.pk, "cluster_start": "2026-01-01",
        "cluster_end": "2026-03-31", "measure": "销售部薪酬原因占比降到30%以下", "owner": cluster.users["approver"].pk,
        "due_date": "2026-09-30", "started_on": "2026-07-01"})
    assert response.status_code == 302
    assert Notification.objects.filter(user=cluster.users["approver"], subject__contains="调薪").exists()


def test_overdue_actions_remind_once_a_day_through_the_sweep(cluster):
    _action(cluster, due_date=dt.date(2026, 6, 30))
    out = StringIO()
    call_command("sweep", today="2026-07-02", stdout=out)
    assert "improvement action reminders: 1" in out.getvalue()
    call_command("sweep", today="2026-07-02", stdout=StringIO())
    assert Notification.objects.filter(user=cluster.users["approver"], subject__startswith="改进措施已逾期").count() == 1
    assert actions.remind_overdue(today=dt.date(2026, 7, 3)) == 1


@pytest.mark.parametrize("persona", ["legal", "manager", "employee", "auditor"])
def test_actions_are_for_hr_and_leadership(client, cluster, persona):
    action = _action(cluster)
    client.force_login(cluster.users[persona])
    assert client.get("/exits/actions/").status_code == 403
    assert client.get(f"/exits/actions/{action.code}/").status_code == 404


def test_the_report_shows_whether_the_measure_moved(client, cluster):
    _action(cluster)
    client.force_login(cluster.users["approver"])
    page = client.get("/exits/report/?granularity=year&year=2026").content.decode()
    assert 'id="report-actions"' in page and "销售岗调薪" in page and "83.3%" in page


def test_a_unit_scoped_reader_sees_the_actions_of_their_units_only(client, world):
    """Issue 13 (the object-URL check found it): an R&D-scoped HR admin read 销售部's improvement action."""
    from tests.factories import Role, make_user

    sales_action = _action(world)
    rnd_action = _action(world, title="研发加班", org_unit=world.rnd)
    company_wide = _action(world, title="全公司", org_unit=None)
    rnd_hr = make_user("rnd_hr", Role.HR_ADMIN, company=world.company, unit=world.rnd)
    client.force_login(rnd_hr)
    assert client.get(f"/exits/actions/{sales_action.code}/").status_code == 404
    assert client.get(f"/api/exits/actions/{sales_action.code}/").status_code == 404
    assert client.get(f"/exits/actions/{company_wide.code}/").status_code == 404
    assert client.get(f"/exits/actions/{rnd_action.code}/").status_code == 200
    assert [a["code"] for a in client.get("/api/exits/actions/").json()["results"]] == [str(rnd_action.code)]
    # The whole-company HR admin and the owner still see theirs.
    client.force_login(world.users["hr_admin"])
    assert client.get(f"/exits/actions/{sales_action.code}/").status_code == 200
    client.force_login(world.users["approver"])  # the owner (and a whole-company approver)
    assert client.get(f"/exits/actions/{company_wide.code}/").status_code == 200
