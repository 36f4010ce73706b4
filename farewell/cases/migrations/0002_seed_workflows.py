"""Default workflow templates per case type and the default compensation policy (HR admins edit them)."""

from django.db import migrations

from farewell.cases.defaults import seed_defaults


def seed(apps, schema_editor):
    seed_defaults(
        apps.get_model("cases", "WorkflowTemplate"),
        apps.get_model("cases", "WorkflowStepTemplate"),
        apps.get_model("cases", "CompensationPolicy"),
    )


def unseed(apps, schema_editor):
    apps.get_model("cases", "WorkflowTemplate").objects.filter(version=1, cases__isnull=True).delete()
    apps.get_model("cases", "CompensationPolicy").objects.filter(company=None, case_type="").delete()


class Migration(migrations.Migration):
    dependencies = [("cases", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
