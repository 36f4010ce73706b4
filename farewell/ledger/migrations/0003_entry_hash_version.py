from django.db import migrations, models


class Migration(migrations.Migration):
    """Hash v2: entries written so far follow the v1 formula; every new one v2."""

    dependencies = [("ledger", "0002_ledger_head")]
    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="version",
            field=models.PositiveSmallIntegerField(default=1),
            preserve_default=False,
        ),
        migrations.AlterField(
            model_name="ledgerentry",
            name="version",
            field=models.PositiveSmallIntegerField(default=2),
        ),
    ]
