"""The default workflow templates per case type and the default compensation policy.

Every company gets its own copy (`seed_company`: the set-up service through org.signals.company_created,
and migration 0014 for companies that existed before). `seed_defaults` is what migration 0002 seeded
before workflows belonged to a company (kept for that migration).
"""

from __future__ import annotations

from decimal import Decimal

from django.utils.translation import gettext_noop

A, CAP, TOTAL = "always", "extra_over_cap_or_fault", "total_over"
LEADERSHIP_AMOUNT = Decimal("50000")

# case type → (name, [(kind, condition, working days)]). The names are stored in Chinese, as seeded; a page
# shows a seeded name in its language (the catalogue has it) and a name HR wrote as written.
DEFAULTS = {
    "resignation": (gettext_noop("员工辞职（收到通知，HR确认）"), []),
    "mutual_employer": (gettext_noop("协商一致（单位提出）"), [
        ("hr_review", A, 2), ("legal_review", CAP, 3), ("leadership_approval", TOTAL, 3)]),
    "mutual_employee": (gettext_noop("协商一致（员工提出）"), [
        ("hr_review", A, 2), ("legal_review", CAP, 3), ("leadership_approval", TOTAL, 3),
        ("employee_confirmation", A, 5)]),
    "probation_rejection": (gettext_noop("试用期解除"), [
        ("hr_review", A, 1), ("manager_confirmation", A, 1), ("legal_review", CAP, 2),
        ("union_notification", A, 2)]),
    "misconduct": (gettext_noop("过失性解除"), [
        ("hr_review", A, 2), ("legal_review", CAP, 3), ("union_notification", A, 3),
        ("leadership_approval", A, 3)]),
    "incapacity": (gettext_noop("医疗期满解除"), [
        ("hr_review", A, 2), ("manager_confirmation", A, 2), ("legal_review", CAP, 3),
        ("union_notification", A, 3), ("leadership_approval", A, 3)]),
    "incompetence": (gettext_noop("不能胜任解除"), [
        ("hr_review", A, 2), ("manager_confirmation", A, 2), ("legal_review", CAP, 3),
        ("union_notification", A, 3), ("leadership_approval", A, 3)]),
    "objective_change": (gettext_noop("客观情况变化解除"), [
        ("hr_review", A, 2), ("manager_confirmation", A, 2), ("legal_review", CAP, 3),
        ("union_notification", A, 3), ("leadership_approval", A, 3)]),
    "layoff": (gettext_noop("经济性裁员"), [
        ("hr_review", A, 3), ("legal_review", A, 5), ("union_notification", A, 5),
        ("leadership_approval", A, 5)]),
    "expiry": (gettext_noop("合同到期终止"), [("hr_review", A, 2), ("leadership_approval", TOTAL, 3)]),
    "retirement": (gettext_noop("退休"), [("hr_review", A, 3)]),
    "cs_dismissal": (gettext_noop("公务员辞退"), [
        ("hr_review", A, 3), ("legal_review", A, 5), ("leadership_approval", A, 5)]),
    "cs_resignation": (gettext_noop("公务员辞职（任免机关审批）"), [("hr_review", A, 5), ("leadership_approval", A, 15)]),
}


def seed_defaults(Template, Step, Policy) -> None:  # noqa: N803 - model classes (historical in the migration)
    """Create what is missing: a version 1 template per case type, the default policy."""
    for case_type, (name, steps) in DEFAULTS.items():
        if Template.objects.filter(case_type=case_type).exists():
            continue
        template = Template.objects.create(case_type=case_type, version=1, name=name)
        Step.objects.bulk_create([
            Step(template=template, order=i, kind=kind, condition=condition, due_working_days=days,
                 condition_amount=LEADERSHIP_AMOUNT if condition == TOTAL else None)
            for i, (kind, condition, days) in enumerate(steps, start=1)
        ])
    if not Policy.objects.filter(company=None, case_type="").exists():
        Policy.objects.create(company=None, case_type="", extra_cap_months=Decimal(1),
                              note="默认：协商额外补偿至多一个月工资")


def seed_company(company, Template, Step, Policy) -> None:  # noqa: N803 - model classes (historical in a migration)
    """Give `company` what it lacks: a version 1 template per case type, the default policy (a few
    queries whatever the number of types: the set-up of each company runs it)."""
    have = set(Template.objects.filter(company=company).values_list("case_type", flat=True))
    wanted = [(case_type, name, steps) for case_type, (name, steps) in DEFAULTS.items() if case_type not in have]
    templates = Template.objects.bulk_create([
        Template(company=company, case_type=case_type, version=1, name=name) for case_type, name, _steps in wanted
    ])
    Step.objects.bulk_create([
        Step(template=template, order=i, kind=kind, condition=condition, due_working_days=days,
             condition_amount=LEADERSHIP_AMOUNT if condition == TOTAL else None)
        for template, (_type, _name, steps) in zip(templates, wanted, strict=True)
        for i, (kind, condition, days) in enumerate(steps, start=1)
    ])
    if not Policy.objects.filter(company=company, case_type="").exists():
        Policy.objects.create(company=company, case_type="", extra_cap_months=Decimal(1),
                              note="默认：协商额外补偿至多一个月工资")
