"""Talk-plan templates and escalation phrases belong to a company (issue 13): the columns,
nullable until 0006 fills them."""

import django.db.models.deletion
from django.db import migrations, models

SITUATIONS = [
    ("low_performer", "绩效不达标"), ("likely_leaver", "可能主动离职（保留谈话）"), ("long_tenure", "长期服务员工"),
    ("probation", "试用期不符合录用条件"), ("misconduct", "违纪"), ("mutual_agreement", "协商一致解除"),
    ("civil_servant", "公务员辞退"), ("cs_resignation", "公务员辞去公职"),
]


class Migration(migrations.Migration):
    dependencies = [
        ("talks", "0004_classifier_readings"),
        ("org", "0006_employee_number_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="plantemplate", name="company",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.company"),
        ),
        migrations.AddField(
            model_name="escalationphrase", name="company",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.company"),
        ),
        migrations.AlterField(
            model_name="plantemplate", name="situation",
            field=models.CharField(choices=SITUATIONS, max_length=20, verbose_name="情形"),
        ),
        migrations.AlterField(
            model_name="escalationphrase", name="phrase",
            field=models.CharField(max_length=50, verbose_name="词语"),
        ),
    ]
