"""Every talk-plan template and escalation phrase now has its company (0006 filled them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("talks", "0006_settings_company_data")]

    operations = [
        migrations.AlterField(
            model_name="plantemplate", name="company",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.company"),
        ),
        migrations.AlterField(
            model_name="escalationphrase", name="company",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.company"),
        ),
        migrations.AlterModelOptions(
            name="plantemplate",
            options={"ordering": ["company", "id"], "verbose_name": "谈话方案模板", "verbose_name_plural": "谈话方案模板"},
        ),
        migrations.AlterModelOptions(
            name="escalationphrase",
            options={"ordering": ["company", "phrase"], "verbose_name": "风险词", "verbose_name_plural": "风险词"},
        ),
        migrations.AddConstraint(
            model_name="plantemplate",
            constraint=models.UniqueConstraint(fields=("company", "situation"), name="plantemplate_company_uniq"),
        ),
        migrations.AddConstraint(
            model_name="escalationphrase",
            constraint=models.UniqueConstraint(fields=("company", "phrase"), name="phrase_company_uniq"),
        ),
    ]
