from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("ledger", "0003_entry_hash_version"),
    ]

    operations = [
        migrations.AddField(
            model_name="ledgerentry",
            name="redacted_by",
            field=models.PositiveBigIntegerField(blank=True, null=True),
        ),
    ]
