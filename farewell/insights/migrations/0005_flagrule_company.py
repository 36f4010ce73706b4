"""Flag rules belong to a company (issue 13): the column, nullable until 0006 fills it."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("insights", "0004_flag_list_index"),
        ("org", "0006_employee_number_index"),
    ]

    operations = [
        migrations.AddField(
            model_name="flagrule", name="company",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE, related_name="+",
                                    to="org.company"),
        ),
        migrations.AlterField(
            model_name="flagrule", name="code",
            field=models.CharField(choices=[
                ("performance_below_average", "绩效连续低于部门平均"), ("feedback360_bottom", "360评估维度部门垫底"),
                ("values_low", "价值观维度低分"), ("survey_low", "调查维度连续偏低（可能的团队冲突）"),
                ("attendance_rising", "考勤异常上升（可能的个人或家庭压力）"), ("training_declined", "拒绝培训且绩效下滑"),
                ("key_contributor", "长期服务的关键贡献者"), ("probation_unmet", "试用期目标未达成"),
            ], max_length=40, verbose_name="规则"),
        ),
    ]
