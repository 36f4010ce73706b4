"""Every flag rule now has its company (0006 filled them); one rule of a code per company."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("insights", "0006_flagrule_company_data")]

    operations = [
        migrations.AlterField(
            model_name="flagrule", name="company",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="+", to="org.company"),
        ),
        migrations.AlterModelOptions(
            name="flagrule",
            options={"ordering": ["company", "id"], "verbose_name": "预警规则", "verbose_name_plural": "预警规则"},
        ),
        migrations.AddConstraint(
            model_name="flagrule",
            constraint=models.UniqueConstraint(fields=("company", "code"), name="flagrule_company_code_uniq"),
        ),
    ]
