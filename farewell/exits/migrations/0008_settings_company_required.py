"""Every exit reason and survey question now has its company (0007 filled them); a reason's code is
unique within its company."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("exits", "0007_settings_company_data")]

    operations = [
        migrations.AlterField(
            model_name="exitreason", name="company",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.company"),
        ),
        migrations.AlterField(
            model_name="surveyquestion", name="company",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.company"),
        ),
        migrations.AddConstraint(
            model_name="exitreason",
            constraint=models.UniqueConstraint(fields=("company", "code"), name="exitreason_company_code_uniq"),
        ),
    ]
