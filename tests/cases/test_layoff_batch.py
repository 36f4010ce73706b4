"""A layoff is one batch (issue 12): one submission and one approval for all members, the engine again
for every member at every decision, warnings passed only by legal, the LCL 41 procedure recorded once
and checked against the planned date, the ¶2 priority groups, dispatched workers kept out, the ¶3
rehiring duty dated on the batch."""

from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from farewell.cases import layoff_rules, layoffs, services
from farewell.cases.layoff_choices import BatchStatus, FilingKind
from farewell.cases.models import CaseStatus, CaseStep, StepKind, StepStatus
from farewell.cases.workflow import CaseError
from farewell.ledger.services import entries_for
from farewell.org.models import StatusPeriod
from tests.cases.layoff_support import (
    answer_all,
    headcount_filler,
    make_staff,
    new_batch,
    pdf,
    record_procedure,
    walk_batch,
)
from tests.factories import make_contract, make_employee


@pytest.fixture
def hr(world):
    return world.users["hrbp_sales"]


@pytest.fixture
def batch(world, hr):
    """3 of a company of 7 (42%): the LCL 41 procedure applies; answered, ready to submit."""
    family = new_batch(world, make_staff(world.sales, 3))
    answer_all(family, hr)
    return family


def _payload(entry) -> dict:
    return json.loads(entry.payload)


def _active(family):
    return family.steps.get(status=StepStatus.ACTIVE)


class TestOneSubmissionOneApproval:
    def test_the_batch_is_submitted_once_and_approved_once_and_the_members_follow(self, world, hr, batch):
        record_procedure(batch, hr)
        layoffs.submit_batch(batch, acting_user=hr)
        batch.refresh_from_db()
        assert batch.status == BatchStatus.IN_REVIEW and batch.round == 1
        assert set(batch.cases.values_list("status", flat=True)) == {CaseStatus.IN_REVIEW}
        assert not CaseStep.objects.filter(case__family=batch).exists()  # no step per member
        assert walk_batch(batch, world) == ["hr_review", "legal_review", "union_notification", "leadership_approval"]
        assert batch.status == BatchStatus.APPROVED
        assert set(batch.cases.values_list("status", flat=True)) == {CaseStatus.APPROVED}
        events = [e.event for e in entries_for(layoffs.LEDGER_TYPE, batch.code)]
        assert events.count("layoff.submit") == 1 and events.count("layoff.approve") == 1
        for case in batch.cases.all():
            case_events = [e.event for e in entries_for(services.LEDGER_TYPE, case.code)]
            assert case_events.count("case.submit") == 1 and case_events.count("case.approve") == 1
            assert "case.step.approve" not in case_events

    def test_a_rejection_rejects_every_member(self, world, hr, batch):
        layoffs.submit_batch(batch, acting_user=hr)
        layoffs.decide_step(_active(batch), "reject", acting_user=world.users["hr_reviewer"], comment="裁员理由不足")
        batch.refresh_from_db()
        assert batch.status == BatchStatus.REJECTED
        assert set(batch.cases.values_list("status", flat=True)) == {CaseStatus.REJECTED}

    def test_a_return_sends_every_member_back_to_draft_and_a_new_round_follows(self, world, hr, batch):
        layoffs.submit_batch(batch, acting_user=hr)
        layoffs.decide_step(_active(batch), "return", acting_user=world.users["hr_reviewer"], comment="补充材料")
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DRAFT
        assert set(batch.cases.values_list("status", flat=True)) == {CaseStatus.DRAFT}
        layoffs.submit_batch(batch, acting_user=hr)
        batch.refresh_from_db()
        assert batch.round == 2 and _active(batch).round == 2

    def test_the_creator_does_not_decide_the_batch(self, world, hr, batch):
        layoffs.submit_batch(batch, acting_user=hr)
        with pytest.raises(CaseError, match="四眼原则"):
            layoffs.decide_step(_active(batch), "approve", acting_user=hr, comment="")

    def test_a_decider_must_cover_every_member(self, world, hr):
        """The sales HRBP reviewer cannot decide a batch with an R&D member in it."""
        family = new_batch(world, make_staff(world.sales, 1) + make_staff(world.rnd, 1, prefix="研发"),
                           actor=world.users["hr_admin"])
        answer_all(family, world.users["hr_admin"])
        layoffs.submit_batch(family, acting_user=world.users["hr_admin"])
        step = _active(family)
        assert world.users["hr_reviewer"] not in step.assignees.all()
        assert world.users["hrbp_sales"] in step.assignees.all() or step.unrouted
        from django.core.exceptions import PermissionDenied

        with pytest.raises(PermissionDenied):
            layoffs.decide_step(step, "approve", acting_user=world.users["hr_reviewer"], comment="")


class TestTheEngineAtEveryDecision:
    def test_a_protected_member_blocks_the_submission(self, world, hr, batch):
        member = batch.cases.first()
        StatusPeriod.objects.create(employee=member.employee, kind="pregnancy", start_date=timezone.localdate())
        with pytest.raises(CaseError, match=member.employee.name):
            layoffs.submit_batch(batch, acting_user=hr)
        batch.refresh_from_db()
        assert batch.status == BatchStatus.DRAFT

    def test_a_status_recorded_after_submission_blocks_every_later_approval(self, world, hr, batch):
        record_procedure(batch, hr)
        layoffs.submit_batch(batch, acting_user=hr)
        layoffs.decide_step(_active(batch), "approve", acting_user=world.users["hr_reviewer"], comment="")
        member = batch.cases.first()
        StatusPeriod.objects.create(employee=member.employee, kind="medical_period",
                                    start_date=timezone.localdate())
        with pytest.raises(CaseError, match="批次不能通过"):
            layoffs.decide_step(_active(batch), "approve", acting_user=world.users["legal"], comment="已核实")
        batch.refresh_from_db()
        assert batch.status == BatchStatus.IN_REVIEW and _active(batch).kind == StepKind.LEGAL_REVIEW
        member.refresh_from_db()
        assert member.risk == "blocked"  # the run at the decision was stored

    def test_below_the_size_legal_must_pass_the_warning_with_a_reason(self, world, hr):
        headcount_filler(world.sales, 40)
        family = new_batch(world, make_staff(world.sales, 1))  # 1 of 45: under 20 and under 10%
        answer_all(family, hr)
        layoffs.submit_batch(family, acting_user=hr)
        layoffs.decide_step(_active(family), "approve", acting_user=world.users["hr_reviewer"], comment="")
        legal = _active(family)
        with pytest.raises(CaseError, match="须写明理由"):
            layoffs.decide_step(legal, "approve", acting_user=world.users["legal"], comment="")
        layoffs.decide_step(legal, "approve", acting_user=world.users["legal"], comment="按第四十条第三项评估后同意")
        legal.refresh_from_db()
        assert "batch:layoff_below_threshold" in legal.passed_warnings
        assert walk_batch(family, world) == ["union_notification", "leadership_approval"]
        assert family.status == BatchStatus.APPROVED  # no procedure is required under the size


class TestTheProcedureOnceForTheBatch:
    def test_the_union_step_needs_the_explanation_on_record(self, world, hr, batch):
        layoffs.submit_batch(batch, acting_user=hr)
        walk = [_active(batch)]
        layoffs.decide_step(walk[0], "approve", acting_user=world.users["hr_reviewer"], comment="")
        layoffs.decide_step(_active(batch), "approve", acting_user=world.users["legal"], comment="同意")
        union = _active(batch)
        assert union.kind == StepKind.UNION_NOTIFICATION
        with pytest.raises(CaseError, match="说明情况"):
            layoffs.decide_step(union, "approve", acting_user=world.users["hr_reviewer"], comment="")
        layoffs.record_filing(batch, FilingKind.EXPLANATION, acting_user=hr, done_on=timezone.localdate(),
                              addressee="公司工会委员会", upload=pdf())
        layoffs.decide_step(union, "approve", acting_user=world.users["hr_reviewer"], comment="")
        with pytest.raises(CaseError, match="劳动行政部门"):  # the last step needs the report too
            layoffs.decide_step(_active(batch), "approve", acting_user=world.users["approver"], comment="")
        layoffs.record_filing(batch, FilingKind.REPORT, acting_user=hr, done_on=timezone.localdate(),
                              addressee="区人社局", upload=pdf())
        layoffs.decide_step(_active(batch), "approve", acting_user=world.users["approver"], comment="")
        batch.refresh_from_db()
        assert batch.status == BatchStatus.APPROVED

    def test_an_explanation_under_30_days_before_the_planned_date_blocks_the_approval(self, world, hr):
        today = timezone.localdate()
        family = new_batch(world, make_staff(world.sales, 3), planned=today + dt.timedelta(days=29))
        answer_all(family, hr)
        record_procedure(family, hr)  # explained today: 29 days ahead, one short
        assert layoff_rules.explanation_due(family) == today - dt.timedelta(days=1)
        problems = layoff_rules.procedure_problems(family, layoffs.layoff_size(family), layoff_rules.current_filings(family))
        assert any("晚于" in p for p in problems)
        layoffs.submit_batch(family, acting_user=hr)
        layoffs.decide_step(_active(family), "approve", acting_user=world.users["hr_reviewer"], comment="")
        layoffs.decide_step(_active(family), "approve", acting_user=world.users["legal"], comment="同意")
        with pytest.raises(CaseError, match="说明情况"):
            layoffs.decide_step(_active(family), "approve", acting_user=world.users["hr_reviewer"], comment="")

    def test_exactly_30_days_ahead_is_in_time(self, world, hr):
        today = timezone.localdate()
        family = new_batch(world, make_staff(world.sales, 3), planned=today + dt.timedelta(days=30))
        record_procedure(family, hr)
        assert layoff_rules.procedure_problems(family, layoffs.layoff_size(family), layoff_rules.current_filings(family)) == []

    def test_it_is_recorded_once_then_only_corrected_with_a_reason(self, world, hr, batch):
        today = timezone.localdate()
        layoffs.record_filing(batch, FilingKind.EXPLANATION, acting_user=hr, done_on=today - dt.timedelta(days=1),
                              addressee="工会", upload=pdf())
        with pytest.raises(CaseError, match="更正理由"):
            layoffs.record_filing(batch, FilingKind.EXPLANATION, acting_user=hr, done_on=today, addressee="工会",
                                  upload=pdf())
        first = layoff_rules.current_filings(batch)[FilingKind.EXPLANATION]
        fixed = layoffs.record_filing(batch, FilingKind.EXPLANATION, acting_user=hr, done_on=today,
                                      addressee="全体职工", upload=pdf(), correction_reason="日期录错")
        assert fixed.corrects == first and layoff_rules.current_filings(batch)[FilingKind.EXPLANATION] == fixed
        entry = [e for e in entries_for(layoffs.LEDGER_TYPE, batch.code) if e.event == "layoff.filing_recorded"][-1]
        assert _payload(entry)["corrects"] == str(first.code) and len(_payload(entry)["document_sha256"]) == 64

    def test_it_refuses_a_future_date_a_report_first_and_a_bad_document(self, world, hr, batch):
        today = timezone.localdate()
        with pytest.raises(CaseError, match="尚未到来"):
            layoffs.record_filing(batch, FilingKind.EXPLANATION, acting_user=hr, done_on=today + dt.timedelta(days=1),
                                  addressee="工会", upload=pdf())
        with pytest.raises(CaseError, match="请先记录"):
            layoffs.record_filing(batch, FilingKind.REPORT, acting_user=hr, done_on=today, addressee="人社局",
                                  upload=pdf())
        fake = SimpleUploadedFile("x.pdf", b"not a pdf", content_type="application/pdf")
        with pytest.raises(CaseError, match="不符"):
            layoffs.record_filing(batch, FilingKind.EXPLANATION, acting_user=hr, done_on=today, addressee="工会",
                                  upload=fake)
        assert not batch.filings.exists()

    def test_a_report_before_the_explanation_is_a_problem(self, world, hr, batch):
        today = timezone.localdate()
        record_procedure(batch, hr, explained_on=today - dt.timedelta(days=1), reported_on=today - dt.timedelta(days=1))
        layoffs.record_filing(batch, FilingKind.EXPLANATION, acting_user=hr, done_on=today, addressee="工会",
                              upload=pdf(), correction_reason="重新召开说明会")
        problems = layoff_rules.procedure_problems(batch, layoffs.layoff_size(batch), layoff_rules.current_filings(batch))
        assert any("早于说明情况" in p for p in problems)


class TestPriorityRetention:
    def test_open_ended_and_long_fixed_term_contracts_are_flagged_from_the_records(self, world, hr):
        open_ended = make_staff(world.sales, 1, prefix="无固定", contract="open_ended")[0]
        long_term = make_staff(world.sales, 1, prefix="五年", contract=None)[0]
        make_contract(long_term, kind="fixed_term", start_date=dt.date(2024, 1, 1), end_date=dt.date(2028, 12, 31))
        short = make_staff(world.sales, 1, prefix="短期")[0]
        family = new_batch(world, [open_ended, long_term, short])
        by_employee = {c.employee_id: c for c in family.cases.select_related("employee", "layoff_member")}

        def flags(employee):
            case = by_employee[employee.pk]
            return layoff_rules.priority_for(case, case.layoff_member, family.long_term_months)

        assert flags(open_ended).open_ended and not flags(open_ended).long_fixed_term
        assert flags(long_term).long_fixed_term and flags(long_term).term_months == 60
        assert not flags(short).flagged
        family.long_term_months = 61  # HR sets what "longer" means for this batch
        assert not flags(long_term).flagged

    def test_every_member_is_answered_and_a_flagged_one_needs_a_reason(self, world, hr):
        staff = make_staff(world.sales, 2)
        family = new_batch(world, staff)
        with pytest.raises(CaseError, match="请回答"):
            layoffs.submit_batch(family, acting_user=hr)
        cases = list(family.cases.order_by("id"))
        with pytest.raises(CaseError, match="请写明依据"):
            layoffs.answer_members(family, {cases[0].pk: layoffs.Answer(sole_earner=True)}, acting_user=hr)
        layoffs.answer_members(family, {
            cases[0].pk: layoffs.Answer(sole_earner=True, reason="配偶无业，育有两名未成年子女"),
            cases[1].pk: layoffs.Answer(sole_earner=False),
        }, acting_user=hr)
        with pytest.raises(CaseError, match="仍列入裁减的理由"):
            layoffs.submit_batch(family, acting_user=hr)
        layoffs.answer_members(family, {
            cases[0].pk: layoffs.Answer(sole_earner=True, reason="配偶无业，育有两名未成年子女",
                                        retention_reason="本人申请协商离职，已另行安置"),
        }, acting_user=hr)
        layoffs.submit_batch(family, acting_user=hr)
        submitted = [e for e in entries_for(layoffs.LEDGER_TYPE, family.code) if e.event == "layoff.submitted"][0]
        groups = {p["case"]: p["groups"] for p in _payload(submitted)["priority"]}
        assert groups[str(cases[0].code)] == ["sole_earner"] and groups[str(cases[1].code)] == []


class TestDispatchedWorkers:
    def test_a_dispatched_worker_cannot_be_a_member_and_the_rule_is_cited(self, world, hr):
        dispatched = make_employee(world.sales, "派遣工", employment_type="dispatch")
        with pytest.raises(CaseError) as refused:
            new_batch(world, make_staff(world.sales, 1) + [dispatched])
        text = str(refused.value)
        assert "派遣工" in text and "退回劳务派遣单位" in text
        assert "《劳务派遣暂行规定》第十二条第一款第一项" in text and "第十三条" in text
        assert not dispatched.separation_cases.exists()

    def test_part_time_staff_are_not_laid_off_under_lcl_41(self, world, hr):
        part_time = make_employee(world.sales, "小时工", employment_type="part_time")
        with pytest.raises(CaseError, match="不适用经济性裁员"):
            new_batch(world, [part_time])


class TestRehiringPriority:
    def test_the_duty_runs_six_months_from_the_planned_date(self, world, hr, batch):
        record_procedure(batch, hr)
        layoffs.submit_batch(batch, acting_user=hr)
        walk_batch(batch, world)
        planned = batch.planned_date
        months = planned.month + 6
        expected = dt.date(planned.year + (months - 1) // 12, (months - 1) % 12 + 1, planned.day)
        assert batch.rehire_until == expected == layoff_rules.rehire_deadline(batch)
        approve = [e for e in entries_for(layoffs.LEDGER_TYPE, batch.code) if e.event == "layoff.approve"][0]
        assert _payload(approve)["rehire_until"] == expected.isoformat()
