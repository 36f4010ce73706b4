"""Each company's number of flags per rule, kept by the recompute with the flags (issue 14): the flags list of a
whole-company scope sums them instead of counting the flags. Filled here from the flags already computed."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import Count


def count_flags(apps, schema_editor):
    Flag, FlagCount = apps.get_model("insights", "Flag"), apps.get_model("insights", "FlagCount")
    FlagCount.objects.bulk_create(
        FlagCount(company_id=row["company_id"], rule=row["rule"], flags=row["n"])
        for row in Flag.objects.order_by().values("company_id", "rule").annotate(n=Count("pk")))


class Migration(migrations.Migration):

    dependencies = [
        ('insights', '0013_flag_indexes_without_repeats'),
        ('org', '0008_job_change'),
    ]

    operations = [
        migrations.CreateModel(
            name='FlagCount',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('rule', models.CharField(choices=[('performance_below_average', '绩效连续低于部门平均'), ('feedback360_bottom', '360评估维度部门垫底'), ('values_low', '价值观维度低分'), ('survey_low', '调查维度连续偏低（可能的团队冲突）'), ('attendance_rising', '考勤异常上升（可能的个人或家庭压力）'), ('training_declined', '拒绝培训且绩效下滑'), ('key_contributor', '长期服务的关键贡献者'), ('probation_unmet', '试用期目标未达成')], max_length=40, verbose_name='规则')),
                ('flags', models.PositiveIntegerField()),
                ('company', models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.company')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('company', 'rule'), name='flagcount_company_rule_uniq')],
            },
        ),
        migrations.RunPython(count_flags, migrations.RunPython.noop),
    ]
