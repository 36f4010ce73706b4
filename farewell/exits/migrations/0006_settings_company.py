"""Exit reasons and survey questions belong to a company (issue 13): the columns, nullable until
0007 fills them; a reason's code is unique per company from 0008 on."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("exits", "0005_text_limits"),
        ("org", "0006_employee_number_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="exitreason", name="company",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.company"),
        ),
        migrations.AddField(
            model_name="surveyquestion", name="company",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.company"),
        ),
        migrations.AlterField(
            model_name="exitreason", name="code",
            field=models.SlugField(max_length=40, verbose_name="代码"),
        ),
    ]
