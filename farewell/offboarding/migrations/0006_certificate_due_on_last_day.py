"""The separation certificate is due on the last day itself (LCL 50 ¶1: 在解除或者终止劳动合同时出具), not
within the 15 days of the file and insurance transfers: open certificate duties get their case's date."""

from django.db import migrations
from django.db.models import OuterRef, Subquery


def certificate_on_last_day(apps, schema_editor):
    duty = apps.get_model("offboarding", "PostExitDuty")
    case = apps.get_model("cases", "SeparationCase")
    duty.objects.filter(kind="certificate", status="open", case__separation_date__isnull=False).update(
        due_date=Subquery(case.objects.filter(pk=OuterRef("case_id")).values("separation_date")[:1]))


class Migration(migrations.Migration):
    dependencies = [
        # offboarding 0001 depends on cases 0009, which has SeparationCase.separation_date; a
        # later one here would stop tests/test_settings_migrations.py taking cases back to 0012.
        ("offboarding", "0005_document_language"),
    ]

    operations = [migrations.RunPython(certificate_on_last_day, migrations.RunPython.noop)]
