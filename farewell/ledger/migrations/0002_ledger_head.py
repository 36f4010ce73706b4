from django.db import migrations


def create_head(apps, schema_editor):
    LedgerHead = apps.get_model("ledger", "LedgerHead")
    LedgerHead.objects.get_or_create(id=1, defaults={"seq": 0, "entry_hash": "0" * 64})


class Migration(migrations.Migration):
    dependencies = [("ledger", "0001_initial")]
    operations = [migrations.RunPython(create_head, migrations.RunPython.noop)]
