"""Every company gets its own copy of the shared flag rules, thresholds as they stand (issue 13);
the shared rows are then dropped. A company missing a rule gets its default."""

from django.db import migrations

from farewell.insights.defaults import seed_company

FIELDS = ("code", "enabled", "count", "threshold", "dimension", "window_months", "period_kind", "tone", "help")


def forwards(apps, schema_editor):
    Company = apps.get_model("org", "Company")
    FlagRule = apps.get_model("insights", "FlagRule")
    shared = list(FlagRule.objects.filter(company__isnull=True).order_by("pk"))
    for company in Company.objects.order_by("pk"):
        have = set(FlagRule.objects.filter(company=company).values_list("code", flat=True))
        FlagRule.objects.bulk_create([
            FlagRule(company=company, **{f: getattr(rule, f) for f in FIELDS}) for rule in shared
            if rule.code not in have
        ])
        seed_company(company, FlagRule)
    FlagRule.objects.filter(company__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0005_flagrule_company")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
