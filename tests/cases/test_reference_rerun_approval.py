"""A reference change (设置 › 当地工资标准, 节假日) computes the open cases again (cases.tasks), and what the new
result does depends on where the case is (review: approval integrity). While the facts are editable the new
run is stored; in review it is stored and the approvals it touches are reopened as a save of the facts reopens
them, the reason naming the table; once approved the approved run and amount stand, the difference is recorded
once (ledger, a notification to its HR) and the case page says what changed and what HR can do."""

from __future__ import annotations

import json
from decimal import Decimal

import pytest

from farewell.cases import services
from farewell.cases.models import CaseStatus, CaseType, StepKind, StepStatus
from farewell.common.notifications import Notification
from farewell.ledger.models import LedgerEntry
from tests.cases.conftest import walk

WAGES_URL = "/settings/wages/"
DRIFT_SUBJECT = "已批准案件的计算结果不同"


def _events(case, event):
    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(object_id=str(case.code), event=event)]


def _steps(case):
    return [(s.kind, s.status) for s in case.steps.filter(round=case.round).order_by("order", "id")]


def _open(world, soon):
    # 李四: hired 2020, 12,000 a month; N × 12,000 until the local average caps it (LCL 47 ¶2).
    return services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=world.users["hr_admin"],
                              separation_date=soon)


def _correct_local_average(client, world, case, amount="1000"):
    """HR saves a corrected local average on the settings page; the re-run runs on commit (as the worker would)."""
    client.force_login(world.users["hr_admin"])
    response = client.post(WAGES_URL, {"city": "上海", "kind": "average", "year": str(case.separation_date.year - 1),
                                       "amount": amount, "source": "测试：更正后的统计公报"})
    assert response.status_code == 302, response.content.decode()[:1500]


def _drift_notes(world):
    return Notification.objects.filter(user=world.users["hr_admin"], subject__contains=DRIFT_SUBJECT)


def test_a_draft_case_stores_the_new_run(client, staffed, soon, django_capture_on_commit_callbacks):
    world = staffed
    case = _open(world, soon)
    before, runs = case.statutory_amount, case.engine_runs.count()
    with django_capture_on_commit_callbacks(execute=True):
        _correct_local_average(client, world, case)
    case.refresh_from_db()
    assert case.engine_runs.count() == runs + 1
    assert case.statutory_amount < before
    assert not _events(case, services.REFERENCE_DRIFT)


def test_a_case_in_review_reopens_the_approval_the_new_total_touches(client, staffed, soon,
                                                                     django_capture_on_commit_callbacks):
    """Leadership approved the total, the employee has still to confirm: the corrected average moves the
    total, so leadership decides again (as when HR saves the facts), the reason naming the table."""
    world = staffed
    services.save_workflow(world.company, CaseType.MUTUAL_EMPLOYER, [
        {"kind": StepKind.HR_REVIEW, "condition": "always", "due_working_days": 1},
        {"kind": StepKind.LEADERSHIP_APPROVAL, "condition": "always", "due_working_days": 1},
        {"kind": StepKind.EMPLOYEE_CONFIRMATION, "condition": "always", "due_working_days": 1},
    ], actor=world.users["hr_admin"])
    case = _open(world, soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    case.refresh_from_db()
    for kind, persona in (("hr_review", "hrbp_sales"), ("leadership_approval", "approver")):
        services.decide_step(case.steps.get(kind=kind, status=StepStatus.ACTIVE), "approve",
                             actor=world.users[persona], comment="同意")
    case.refresh_from_db()
    assert case.status == CaseStatus.IN_REVIEW
    assert _steps(case)[-2:] == [("leadership_approval", "done"), ("employee_confirmation", "active")]
    old_total, runs = case.offered_amount, case.engine_runs.count()

    with django_capture_on_commit_callbacks(execute=True):
        _correct_local_average(client, world, case)
    case.refresh_from_db()
    assert case.engine_runs.count() == runs + 1 and case.offered_amount < old_total
    assert _steps(case)[-2:] == [("leadership_approval", "active"), ("employee_confirmation", "waiting")]
    [reopened] = _events(case, "case.step.reopened")
    assert reopened["kind"] == "leadership_approval"
    assert "参考数据变更" in reopened["reason"] and "当地社平工资" in reopened["reason"]
    assert reopened["changes"]["total"]["old"] == str(old_total)
    # The approver is asked again (the notification the reopening's routing sends).
    assert Notification.objects.filter(user=world.users["approver"], link__contains=case.code).count() == 2


@pytest.mark.parametrize("status", [CaseStatus.APPROVED, CaseStatus.IN_HANDOVER])
def test_an_approved_case_keeps_its_amount_and_shows_the_difference(client, staffed, soon, status,
                                                                    django_capture_on_commit_callbacks):
    world = staffed
    case = _open(world, soon)
    services.submit_case(case, actor=world.users["hr_admin"])
    case.refresh_from_db()
    walk(case, world)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    if status == CaseStatus.IN_HANDOVER:
        services.start_handover(case, actor=world.users["hr_admin"])
    approved, runs = case.statutory_amount, case.engine_runs.count()
    run_id = services.latest_run(case).pk

    with django_capture_on_commit_callbacks(execute=True):
        _correct_local_average(client, world, case)
    case.refresh_from_db()
    assert case.status == status
    assert case.statutory_amount == approved and case.engine_runs.count() == runs
    assert services.latest_run(case).pk == run_id
    [drift] = _events(case, services.REFERENCE_DRIFT)
    assert drift["causes"] == ["local_average"]
    assert drift["old"]["statutory_amount"] == str(approved)
    new_amount = Decimal(drift["new"]["statutory_amount"])
    assert new_amount < approved
    [note] = _drift_notes(world)
    assert note.words  # worded in the recipient's language when shown (common.wording)

    page = client.get(f"/cases/{case.code}/").content.decode()
    assert 'id="reference-drift"' in page
    banner = page.split('id="reference-drift"')[1].split("</div>")[0]
    assert "当地社平工资" in banner
    assert f"{approved:,.2f}" in banner and f"{new_amount:,.2f}" in banner
    assert 'id="reference-drift-reopen"' in banner  # HR is offered 重新提交审批 (tests/cases/test_reopen_approved.py)
    assert f"{approved:,.2f}" in page.split('id="statutory"')[1][:80]  # the money card: still the approved

    # The same difference found again (another pass, another table change moving nothing else) is not repeated.
    services.rerun_where_references_move(actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        _correct_local_average(client, world, case)
    assert len(_events(case, services.REFERENCE_DRIFT)) == 1 and _drift_notes(world).count() == 1

    # A different one is recorded (and told) again; the table put back closes it and the banner goes.
    with django_capture_on_commit_callbacks(execute=True):
        _correct_local_average(client, world, case, amount="2000")
    assert len(_events(case, services.REFERENCE_DRIFT)) == 2 and _drift_notes(world).count() == 2
    from farewell.org.models import LocalWageFigure

    with django_capture_on_commit_callbacks(execute=True):
        LocalWageFigure.objects.all().delete()
        services.rerun_where_references_move(actor=None)
    assert len(_events(case, services.REFERENCE_DRIFT_GONE)) == 1
    assert 'id="reference-drift"' not in client.get(f"/cases/{case.code}/").content.decode()


def _raise_last_wage(world, django_capture_on_commit_callbacks):
    """HR corrects 李四's last month's wage (org.services, as the wage page and the import do): the employee's
    facts changed, the open case runs again on commit (cases.receivers.rerun_open_cases)."""
    import datetime as dt

    from farewell.org.services import save_wage_month

    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        save_wage_month(world.lisi, acting_user=world.users["hr_admin"], month=month, base=Decimal("40000"))


def test_a_wage_correction_moves_a_draft_but_not_an_approved_amount(staffed, soon, django_capture_on_commit_callbacks):
    """The same rule when the employee's own records change (a wage import after approval): a draft's run is
    stored, an approved case keeps the amount leadership approved and the difference is recorded, named as the
    records (not a reference table)."""
    world = staffed
    case = _open(world, soon)
    before, runs = case.statutory_amount, case.engine_runs.count()
    _raise_last_wage(world, django_capture_on_commit_callbacks)
    case.refresh_from_db()
    assert case.engine_runs.count() == runs + 1 and case.statutory_amount > before
    services.submit_case(case, actor=world.users["hr_admin"])
    case.refresh_from_db()
    walk(case, world)
    case.refresh_from_db()
    assert case.status == CaseStatus.APPROVED
    approved, runs = case.statutory_amount, case.engine_runs.count()
    import datetime as dt

    from farewell.org.services import save_wage_month

    month = (dt.date.today().replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    with django_capture_on_commit_callbacks(execute=True):
        save_wage_month(world.lisi, acting_user=world.users["hr_admin"], month=month, base=Decimal("12000"))
    case.refresh_from_db()
    assert case.statutory_amount == approved and case.engine_runs.count() == runs
    [drift] = _events(case, services.REFERENCE_DRIFT)
    assert drift["causes"] == ["records"] and Decimal(drift["new"]["statutory_amount"]) < approved
