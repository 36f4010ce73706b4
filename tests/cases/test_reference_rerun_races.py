"""The re-run after a change of the holiday table or the wage figures (cases.tasks) runs in the background while
HR works on the cases and while another change may be committed. What it stores must be what the case's facts
and the tables are when it stores it: a case saved, closed or a table changed during the pass never keeps a run
computed on what was there before."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from farewell.cases import services, tasks
from farewell.cases.models import CaseStatus, CaseType, SeparationCase
from farewell.org import holidays

NOTICE = "国务院办公厅关于测试节假日安排的通知"


def _transfer_due(case) -> str:
    run = services.latest_run(case)
    return next(s["due_date"] for s in run.output["procedure"] if s["step"] == "file_and_social_insurance_transfer")


@pytest.fixture
def two_cases(staffed, soon):
    world = staffed
    hr = world.users["hr_admin"]
    first = services.open_case(world.lisi, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    second = services.open_case(world.zhaoliu, CaseType.MUTUAL_EMPLOYER, actor=hr, separation_date=soon)
    return world, first, second


def _during_the_first_evaluation(monkeypatch, action):
    """`action(case_being_evaluated)` once, right after the pass's first evaluation (another request's work,
    committed while the pass runs)."""
    real = services.evaluate
    done = []

    def evaluate(case):
        result = real(case)
        if not done:
            done.append(case.pk)
            action(case)
        return result

    monkeypatch.setattr(services, "evaluate", evaluate)
    return done


def test_a_case_saved_during_the_pass_keeps_the_run_of_its_new_facts(two_cases, monkeypatch):
    world, first, second = two_cases
    hr = world.users["hr_admin"]

    def hr_saves_the_other(evaluated):
        other = second if evaluated.pk == first.pk else first
        services.update_case(SeparationCase.objects.get(pk=other.pk), actor=hr, extra_compensation=Decimal("5000"))

    done = _during_the_first_evaluation(monkeypatch, hr_saves_the_other)
    tasks.rerun_after_reference_change.enqueue(None)
    saved = SeparationCase.objects.get(pk=second.pk if done[0] == first.pk else first.pk)
    run = services.latest_run(saved)
    assert run.input.get("extra_compensation") in ("5000", "5000.00"), run.input.get("extra_compensation")
    assert saved.extra_compensation == Decimal("5000")
    assert saved.statutory_amount == Decimal(str(run.output["total"])) - Decimal("5000")


def test_a_case_closed_during_the_pass_gets_no_run(two_cases, monkeypatch):
    world, first, second = two_cases
    runs = {case.pk: case.engine_runs.count() for case in (first, second)}

    def the_other_is_closed(evaluated):
        other = second if evaluated.pk == first.pk else first
        SeparationCase.objects.filter(pk=other.pk).update(status=CaseStatus.CLOSED)
        # and a day added that would move its deadline if it were computed again
        holidays.add_holiday(day=dt.date.fromisoformat(_transfer_due(other)), kind="holiday", notice=NOTICE,
                             acting_user=world.users["hr_admin"])

    done = _during_the_first_evaluation(monkeypatch, the_other_is_closed)
    tasks.rerun_after_reference_change.enqueue(None)
    closed = second if done[0] == first.pk else first
    assert closed.engine_runs.count() == runs[closed.pk]


def test_a_change_committed_during_the_pass_is_not_overwritten_by_the_old_table(two_cases, monkeypatch):
    """Two workers: the pass of the first change has computed a case on the table as it was when a second change
    commits and that change's own pass stores the moved deadline; the first pass must not then store its result
    from the old table over it (it goes round again on the new table)."""
    world, first, _second = two_cases
    due = dt.date.fromisoformat(_transfer_due(first))

    def second_change_and_its_pass(evaluated):
        if evaluated.pk != first.pk:
            return
        holidays.add_holiday(day=due, kind="holiday", notice=NOTICE, acting_user=world.users["hr_admin"])
        tasks.rerun_after_reference_change.enqueue(None)  # the other worker's pass, done before this one goes on
        assert dt.date.fromisoformat(_transfer_due(first)) > due

    real = services.evaluate
    once = []

    def evaluate(case):
        result = real(case)
        if case.pk == first.pk and not once:
            once.append(case.pk)
            second_change_and_its_pass(case)
        return result

    monkeypatch.setattr(services, "evaluate", evaluate)
    tasks.rerun_after_reference_change.enqueue(None)
    assert dt.date.fromisoformat(_transfer_due(first)) > due
    assert services._same_as_stored(services.latest_run(first), real(SeparationCase.objects.get(pk=first.pk)))
