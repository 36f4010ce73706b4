"""Every workflow template and compensation policy now has its company (0014 filled them)."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0014_settings_company_data"),
    ]

    operations = [
        migrations.AlterField(
            model_name="workflowtemplate", name="company",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.company"),
        ),
        migrations.AlterField(
            model_name="compensationpolicy", name="company",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.company"),
        ),
        migrations.AlterModelOptions(
            name="workflowtemplate",
            options={"ordering": ["company", "case_type", "-version"], "verbose_name": "流程模板",
                     "verbose_name_plural": "流程模板"},
        ),
        migrations.AddConstraint(
            model_name="workflowtemplate",
            constraint=models.UniqueConstraint(fields=("company", "case_type", "version"),
                                               name="workflow_company_type_version_uniq"),
        ),
    ]
