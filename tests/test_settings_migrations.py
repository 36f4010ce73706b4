"""The data migrations that gave each company its own settings (issue 13): cases 0013–0015
(workflows, compensation policies), insights 0005–0007 (flag rules), talks 0005–0007 (plan
templates, escalation phrases) and exits 0006–0008 (exit reasons, survey questions).

The database is taken back to the state before them (Django's MigrationExecutor), three companies
get cases, a layoff batch, departures, interviews, survey answers and an improvement action on the
installation-wide rows as HR admins had edited them (historical models), then the migrations run
forward: each company must have its own copies, as edited, and every record must point at its own
company's copy. The database is migrated forward again whatever happens (the rest of the suite runs
on the latest schema); the seeded rows come back by serialized rollback.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from importlib import import_module

import pytest
from django.db import connection
from django.db.migrations.executor import MigrationExecutor

from farewell.cases.defaults import seed_defaults

# transaction=True (migrations cannot run inside the test's transaction); serialized_rollback as every
# transactional test (tests/conftest.py says why).
pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)

# The last migration of each app before its settings belonged to a company.
BEFORE = [("cases", "0012_cs_delivery_deadline"), ("insights", "0004_flag_list_index"),
          ("talks", "0004_classifier_readings"), ("exits", "0005_text_limits")]
DAY = dt.date(2026, 3, 31)


def _leaves(executor: MigrationExecutor) -> list:
    return executor.loader.graph.leaf_nodes()


@pytest.fixture
def migrated_back():
    """The before state's historical models (the other apps as they are now), and the executor's state to
    migrate forward from; forward to the latest again afterwards, whatever happened."""
    executor = MigrationExecutor(connection)
    executor.migrate(BEFORE)
    apps_before = {app for app, _name in BEFORE}
    others = [node for node in _leaves(executor) if node[0] not in apps_before]
    state = executor.loader.project_state(BEFORE + others)
    try:
        yield state
    finally:
        executor = MigrationExecutor(connection)
        if executor.migration_plan(_leaves(executor)):  # the test failed before migrating forward
            executor.migrate(_leaves(executor))


def _world(apps) -> dict:
    """Three companies on shared settings, with what points at them (historical models only)."""
    Company = apps.get_model("org", "Company")
    OrgUnit = apps.get_model("org", "OrgUnit")
    Employee = apps.get_model("org", "Employee")
    User = apps.get_model("accounts", "User")
    Template = apps.get_model("cases", "WorkflowTemplate")
    Step = apps.get_model("cases", "WorkflowStepTemplate")
    Policy = apps.get_model("cases", "CompensationPolicy")
    Case = apps.get_model("cases", "SeparationCase")
    CaseStep = apps.get_model("cases", "CaseStep")
    Family = apps.get_model("cases", "CaseFamily")
    LayoffStep = apps.get_model("cases", "LayoffStep")
    FlagRule = apps.get_model("insights", "FlagRule")
    PlanTemplate = apps.get_model("talks", "PlanTemplate")
    Phrase = apps.get_model("talks", "EscalationPhrase")
    Reason = apps.get_model("exits", "ExitReason")
    Question = apps.get_model("exits", "SurveyQuestion")
    Departure = apps.get_model("exits", "Departure")
    Interview = apps.get_model("exits", "ExitInterview")
    StatedReason = apps.get_model("exits", "StatedReason")
    Survey = apps.get_model("exits", "ExitSurvey")
    Answer = apps.get_model("exits", "SurveyAnswer")
    Action = apps.get_model("exits", "ImprovementAction")

    # The installation-wide settings as migrations seeded them, then edited by an HR admin.
    seed_defaults(Template, Step, Policy)
    Policy.objects.filter(company=None, case_type="").update(extra_cap_months=Decimal(2))
    v1 = Template.objects.get(case_type="misconduct", version=1)
    v2 = Template.objects.create(case_type="misconduct", version=2, name="过失性解除（改）")
    Step.objects.create(template=v2, order=1, kind="hr_review", condition="always", due_working_days=7)
    Template.objects.create(case_type="retirement", version=0, name="从未使用的旧版")  # older, unused: dropped
    FlagRule.objects.create(code="values_low", count=3, threshold=Decimal("2.5"))
    PlanTemplate.objects.create(situation="misconduct", title="违纪谈话（改）", opening="开场", compliance="告知")
    Phrase.objects.create(phrase="劳动仲裁")
    Phrase.objects.create(phrase="不再用的词", active=False)
    import_module("farewell.exits.migrations.0002_seed_reasons_and_questions").seed(apps, None)
    Reason.objects.filter(code="pay").update(name="薪酬（改）")
    Question.objects.filter(kind="text").update(text="您希望公司改进什么？（改）")
    Question.objects.create(text="停用的问题", kind="scale", active=False, order=99)

    owner = User.objects.create(username="hr")
    companies = []
    for n in range(3):
        company = Company.objects.create(name=f"公司{n}", credit_code=f"91310000MIGR{n:06d}", city="上海")
        unit = OrgUnit.objects.create(company=company, name="总部", code=f"U{n}", path=f"{n:04d}.")
        people = [Employee.objects.create(company=company, employee_number=f"M{n}{i}", name=f"员工{n}{i}",
                                          gender="male", birth_date=dt.date(1990, 1, 1),
                                          hire_date=dt.date(2020, 1, 1), org_unit=unit) for i in range(2)]
        companies.append((company, unit, people))

    # Company 0 ran a case on misconduct v1, company 1 on v2; company 2 a layoff batch; every one a departure.
    for (company, unit, people), template in zip(companies, [v1, v2, None], strict=True):
        if template is not None:
            case = Case.objects.create(company=company, employee=people[0], case_type="misconduct",
                                       ground="misconduct", workflow=template, separation_date=DAY)
            for step in Step.objects.filter(template=template):
                CaseStep.objects.create(case=case, template_step=step, order=step.order, kind=step.kind)
        else:
            layoff = Template.objects.get(case_type="layoff")
            family = Family.objects.create(company=company, title="裁员", workflow=layoff)
            for step in Step.objects.filter(template=layoff):
                LayoffStep.objects.create(family=family, template_step=step, order=step.order, kind=step.kind)
        departure = Departure.objects.create(
            company=company, employee=people[1], separation_date=DAY, org_unit=unit, hire_date=dt.date(2020, 1, 1),
            tenure_months=74, kind="voluntary", rehire_proposal="eligible",
            stated_reason=Reason.objects.get(code="pay_below_market"), verified_reason=Reason.objects.get(code="pay"))
        interview = Interview.objects.create(departure=departure, held_at=dt.datetime(2026, 3, 30, tzinfo=dt.UTC),
                                             interviewer="HR")
        StatedReason.objects.create(interview=interview, reason=Reason.objects.get(code="pay_below_market"),
                                    primary=True)
        survey = Survey.objects.create(departure=departure, status="answered")
        for question in Question.objects.all():
            Answer.objects.create(survey=survey, question=question, question_text=question.text,
                                  reason=Reason.objects.get(code="pay") if question.kind == "reason" else None)
        Action.objects.create(company=company, title="调薪", reason=Reason.objects.get(code="pay"),
                              cluster_start=DAY, cluster_end=DAY, owner=owner, due_date=DAY, started_on=DAY)
    return {"companies": [c for c, _u, _p in companies]}


def test_every_company_gets_its_own_settings_and_its_records_point_at_them(migrated_back):
    made = _world(migrated_back.apps)
    executor = MigrationExecutor(connection)
    executor.migrate(_leaves(executor), state=migrated_back)

    from farewell.cases.models import CaseFamily, CaseStep, CompensationPolicy, LayoffStep, SeparationCase
    from farewell.cases.models import WorkflowTemplate as Template
    from farewell.exits.models import (
        Departure,
        ExitReason,
        ImprovementAction,
        StatedReason,
        SurveyAnswer,
        SurveyQuestion,
    )
    from farewell.insights.models import FlagRule
    from farewell.talks.models import EscalationPhrase, PlanTemplate

    companies = [c.pk for c in made["companies"]]
    for company in companies:
        # Workflows: the newest version of each type, steps as edited; the old unused one is gone.
        newest = Template.objects.filter(company_id=company, case_type="misconduct").order_by("-version").first()
        assert newest.version == 2 and newest.name == "过失性解除（改）"
        assert list(newest.steps.values_list("kind", "due_working_days")) == [("hr_review", 7)]
        assert Template.objects.filter(company_id=company, case_type="resignation").count() == 1
        assert not Template.objects.filter(company_id=company, case_type="retirement", version=0).exists()
        assert CompensationPolicy.objects.get(company_id=company, case_type="").extra_cap_months == 2
        # Flag rules, plan templates and phrases as edited, and the defaults for the rest.
        assert FlagRule.objects.get(company_id=company, code="values_low").threshold == Decimal("2.5")
        assert FlagRule.objects.filter(company_id=company).count() == 8
        assert PlanTemplate.objects.get(company_id=company, situation="misconduct").title == "违纪谈话（改）"
        assert PlanTemplate.objects.filter(company_id=company).count() == 8
        assert set(EscalationPhrase.objects.filter(company_id=company).values_list("phrase", "active")) == {
            ("劳动仲裁", True), ("不再用的词", False)}
        # Exit reasons and questions as edited, switched-off ones too.
        pay = ExitReason.objects.get(company_id=company, code="pay")
        assert pay.name == "薪酬（改）"
        assert ExitReason.objects.get(company_id=company, code="pay_below_market").parent_id == pay.pk
        assert SurveyQuestion.objects.filter(company_id=company, text="您希望公司改进什么？（改）").exists()
        assert SurveyQuestion.objects.filter(company_id=company, text="停用的问题", active=False).exists()
    # Company 0 also keeps the v1 its case ran on; the others have no v1 of misconduct.
    assert [Template.objects.filter(company_id=c, case_type="misconduct").count() for c in companies] == [2, 1, 1]
    assert not Template.objects.filter(company__isnull=True).exists()
    assert not ExitReason.objects.filter(company__isnull=True).exists()
    assert not SurveyQuestion.objects.filter(company__isnull=True).exists()

    # Every record points at its own company's copy.
    cases = list(SeparationCase.objects.select_related("workflow"))
    assert len(cases) == 2 and all(c.workflow.company_id == c.company_id for c in cases)
    assert [c.workflow.version for c in sorted(cases, key=lambda c: c.company_id)] == [1, 2]
    for step in CaseStep.objects.select_related("case", "template_step"):
        assert step.template_step.template_id == step.case.workflow_id
    family = CaseFamily.objects.select_related("workflow").get()
    assert family.workflow.company_id == family.company_id == companies[2]
    assert LayoffStep.objects.exists()
    for step in LayoffStep.objects.select_related("family", "template_step"):
        assert step.template_step.template_id == step.family.workflow_id
    departures = list(Departure.objects.select_related("stated_reason", "verified_reason"))
    assert len(departures) == 3
    for d in departures:
        assert d.stated_reason.company_id == d.verified_reason.company_id == d.company_id
        assert d.stated_reason.code == "pay_below_market" and d.verified_reason.code == "pay"
    for stated in StatedReason.objects.select_related("interview__departure", "reason"):
        assert stated.reason.company_id == stated.interview.departure.company_id
    answers = list(SurveyAnswer.objects.select_related("survey__departure", "question", "reason"))
    assert len(answers) == 3 * 8  # the seven seeded questions and the switched-off one
    for answer in answers:
        assert answer.question.company_id == answer.survey.departure.company_id
        assert answer.reason is None or answer.reason.company_id == answer.survey.departure.company_id
    for action in ImprovementAction.objects.select_related("reason"):
        assert action.reason.company_id == action.company_id
