"""Facts that change during review re-plan the steps not yet decided: a step no longer needed is
skipped with the reason, a newly needed one is added, both in the ledger; decided steps stay."""

from __future__ import annotations

import datetime as dt
import json
from decimal import Decimal

from django.utils import timezone

from farewell.cases import services, workflow
from farewell.cases.models import CaseStatus, CaseType, StepStatus
from farewell.ledger.models import LedgerEntry
from tests.cases.conftest import give_wages
from tests.factories import make_employee


def _steps(case):
    return [(s.kind, s.status) for s in case.steps.order_by("order", "id")]


def _events(case, event):
    return [json.loads(e.payload) for e in LedgerEntry.objects.filter(object_id=str(case.code), event=event)]


def _open(world, soon, employee=None, **kw):
    # Opened by the HR admin, so that hrbp_sales may decide (four eyes).
    opener = world.users["hr_admin"]
    case = services.open_case(employee or world.lisi, CaseType.MUTUAL_EMPLOYER, actor=opener, separation_date=soon, **kw)
    services.submit_case(case, actor=opener)
    case.refresh_from_db()
    return case


def test_an_extra_over_the_cap_adds_legal_review_and_back_under_skips_it(staffed, soon):
    world = staffed
    hr = world.users["hrbp_sales"]
    case = _open(world, soon)
    assert _steps(case) == [("hr_review", "active"), ("leadership_approval", "waiting")]

    services.update_case(case, actor=hr, extra_compensation=Decimal(20000))  # cap: one month, 12,000
    assert _steps(case) == [("hr_review", "active"), ("legal_review", "waiting"), ("leadership_approval", "waiting")]
    [added] = _events(case, "case.step.added")
    assert added["kind"] == "legal_review" and "20000" in added["reason"] and "12000" in added["reason"]

    services.update_case(case, actor=hr, extra_compensation=Decimal(0))
    assert _steps(case) == [("hr_review", "active"), ("legal_review", "skipped"), ("leadership_approval", "waiting")]
    legal = case.steps.get(kind="legal_review")
    # Kept as facts, worded for the reader (workflow.shown_comment); the ledger has the reason in full.
    assert legal.comment == "" and legal.reason == {"why": "extra_within_cap", "extra": "0", "cap": "12000.00"}
    assert "不再需要" in workflow.shown_comment(legal, sees_cap=True)
    [skipped] = _events(case, "case.step.skipped")
    assert skipped["kind"] == "legal_review" and skipped["reason"] == workflow.shown_comment(legal, sees_cap=True)


def test_decided_steps_are_never_changed(staffed, soon):
    world = staffed
    hr = world.users["hrbp_sales"]
    case = _open(world, soon, extra_compensation=Decimal(20000))
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=hr, comment="同意")
    services.decide_step(case.steps.get(kind="legal_review"), "approve", actor=world.users["legal"], comment="可以")
    before = {s.kind: (s.status, s.decided_at, s.comment) for s in case.steps.all()}
    services.update_case(case, actor=hr, extra_compensation=Decimal(0))  # legal review no longer needed ...
    after = {s.kind: (s.status, s.decided_at, s.comment) for s in case.steps.all()}
    assert after["legal_review"] == before["legal_review"] == (StepStatus.DONE, before["legal_review"][1], "可以")
    assert after["hr_review"] == before["hr_review"]
    assert _events(case, "case.step.skipped") == []


def test_skipping_the_active_step_activates_the_next_or_approves(staffed, soon):
    world = staffed
    hr = world.users["hrbp_sales"]
    newcomer = make_employee(world.sales, "孙九", manager=world.boss, hire_date=timezone.localdate() - dt.timedelta(days=400))
    give_wages(newcomer, Decimal(8000))  # N = 1.5 → 12,000, under the 50,000 leadership amount
    case = _open(world, soon, employee=newcomer, extra_compensation=Decimal(45000))  # over cap and total
    services.decide_step(case.steps.get(kind="hr_review"), "approve", actor=hr)
    assert _steps(case) == [("hr_review", "done"), ("legal_review", "active"), ("leadership_approval", "waiting")]
    services.update_case(case, actor=hr, extra_compensation=Decimal(8000))  # within the cap, total 20,000
    case.refresh_from_db()
    assert _steps(case) == [("hr_review", "done"), ("legal_review", "skipped"), ("leadership_approval", "skipped")]
    assert case.status == CaseStatus.APPROVED


def test_a_higher_total_adds_leadership_approval(staffed, soon):
    world = staffed
    hr = world.users["hrbp_sales"]
    newcomer = make_employee(world.sales, "孙九", manager=world.boss, hire_date=timezone.localdate() - dt.timedelta(days=400))
    give_wages(newcomer, Decimal(8000))
    case = _open(world, soon, employee=newcomer)
    assert _steps(case) == [("hr_review", "active")]
    services.update_case(case, actor=hr, extra_compensation=Decimal(8000), employee_demand=None)
    assert _steps(case) == [("hr_review", "active")]  # 20,000: still under 50,000
    services.update_case(case, actor=hr, extra_compensation=Decimal(40000))
    assert _steps(case) == [("hr_review", "active"), ("legal_review", "waiting"), ("leadership_approval", "waiting")]
    assert {e["kind"] for e in _events(case, "case.step.added")} == {"legal_review", "leadership_approval"}


def test_the_case_page_shows_the_skip_reason(client, staffed, soon):
    world = staffed
    hr = world.users["hrbp_sales"]
    case = _open(world, soon, extra_compensation=Decimal(20000))
    services.update_case(case, actor=hr, extra_compensation=Decimal(0))
    client.force_login(hr)
    page = client.get(f"/cases/{case.code}/").content.decode()
    assert "data-skip-reason" in page and "不再需要此步骤" in page
