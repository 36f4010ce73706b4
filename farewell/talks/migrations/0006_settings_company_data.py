"""Every company gets its own copy of the shared talk-plan templates and escalation phrases, as HR
admins left them (issue 13); the shared rows are then dropped. A company missing a situation gets
its default."""

from django.db import migrations

from farewell.talks.defaults import seed_company

TEMPLATE_FIELDS = ("situation", "title", "opening", "facts_intro", "questions", "options", "closing", "compliance",
                   "updated_by_id")


def forwards(apps, schema_editor):
    Company = apps.get_model("org", "Company")
    PlanTemplate = apps.get_model("talks", "PlanTemplate")
    EscalationPhrase = apps.get_model("talks", "EscalationPhrase")
    templates = list(PlanTemplate.objects.filter(company__isnull=True).order_by("pk"))
    phrases = list(EscalationPhrase.objects.filter(company__isnull=True).order_by("pk"))
    for company in Company.objects.order_by("pk"):
        have = set(PlanTemplate.objects.filter(company=company).values_list("situation", flat=True))
        PlanTemplate.objects.bulk_create([
            PlanTemplate(company=company, **{f: getattr(t, f) for f in TEMPLATE_FIELDS}) for t in templates
            if t.situation not in have
        ])
        if phrases and not EscalationPhrase.objects.filter(company=company).exists():
            EscalationPhrase.objects.bulk_create([
                EscalationPhrase(company=company, phrase=p.phrase, note=p.note, active=p.active) for p in phrases
            ])
        seed_company(company, PlanTemplate, EscalationPhrase)
    PlanTemplate.objects.filter(company__isnull=True).delete()
    EscalationPhrase.objects.filter(company__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("talks", "0005_settings_company")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
