"""Give every company its own workflows and compensation policies (issue 13).

A shared workflow version goes to the companies whose cases or layoff batches used it, and the
newest version of each case type to every company: the first such company takes the row itself,
each other one a copy (same version, name and steps) and its cases, batches and their steps are
pointed at the copy. A version no company needs is dropped. The shared compensation policies
(company empty) are copied to every company that has no policy of that case type, then dropped.
A company still missing a case type (one added to the defaults later) gets the default.
"""

from django.db import migrations

from farewell.cases.defaults import seed_company


def forwards(apps, schema_editor):
    Company = apps.get_model("org", "Company")
    Template = apps.get_model("cases", "WorkflowTemplate")
    Step = apps.get_model("cases", "WorkflowStepTemplate")
    Policy = apps.get_model("cases", "CompensationPolicy")
    Case = apps.get_model("cases", "SeparationCase")
    Family = apps.get_model("cases", "CaseFamily")
    CaseStep = apps.get_model("cases", "CaseStep")
    LayoffStep = apps.get_model("cases", "LayoffStep")

    companies = list(Company.objects.order_by("pk").values_list("pk", flat=True))
    shared = list(Template.objects.filter(company__isnull=True).order_by("case_type", "version", "pk"))
    newest = {}
    for template in shared:
        newest[template.case_type] = template
    for template in shared:
        users = set(Case.objects.filter(workflow=template).values_list("company_id", flat=True))
        users |= set(Family.objects.filter(workflow=template).values_list("company_id", flat=True))
        if newest[template.case_type] is template:
            users |= set(companies)
        if not users:
            template.delete()
            continue
        first, *others = sorted(users)
        template.company_id = first
        template.save(update_fields=["company"])
        steps = list(Step.objects.filter(template=template).order_by("order"))
        for company_id in others:
            copy = Template.objects.create(company_id=company_id, case_type=template.case_type,
                                           version=template.version, name=template.name,
                                           created_by_id=template.created_by_id)
            Template.objects.filter(pk=copy.pk).update(created_at=template.created_at)
            Case.objects.filter(workflow=template, company_id=company_id).update(workflow=copy)
            Family.objects.filter(workflow=template, company_id=company_id).update(workflow=copy)
            for step in steps:
                new = Step.objects.create(template=copy, order=step.order, kind=step.kind, condition=step.condition,
                                          condition_amount=step.condition_amount,
                                          due_working_days=step.due_working_days)
                CaseStep.objects.filter(template_step=step, case__company_id=company_id).update(template_step=new)
                LayoffStep.objects.filter(template_step=step, family__company_id=company_id).update(
                    template_step=new)

    for shared_policy in Policy.objects.filter(company__isnull=True):
        for company_id in companies:
            if not Policy.objects.filter(company_id=company_id, case_type=shared_policy.case_type).exists():
                Policy.objects.create(company_id=company_id, case_type=shared_policy.case_type,
                                      extra_cap_months=shared_policy.extra_cap_months, note=shared_policy.note,
                                      updated_by_id=shared_policy.updated_by_id)
        shared_policy.delete()

    for company in Company.objects.order_by("pk"):
        seed_company(company, Template, Step, Policy)


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0013_settings_company"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
