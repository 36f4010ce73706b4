"""Workflow templates belong to a company (issue 13): the column, nullable until 0014 fills it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("cases", "0012_cs_delivery_deadline"),
        ("org", "0006_employee_number_index"),
    ]

    operations = [
        migrations.RemoveConstraint(model_name="workflowtemplate", name="workflow_type_version_uniq"),
        migrations.AddField(
            model_name="workflowtemplate", name="company",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.company"),
        ),
    ]
