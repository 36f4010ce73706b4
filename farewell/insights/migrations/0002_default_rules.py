"""Seed the flag rules with their default thresholds (HR admins change them on the 预警规则 page)."""

from decimal import Decimal

from django.db import migrations

# code, tone, count, threshold, dimension, window_months, period_kind, help
DEFAULT_RULES = [
    ("performance_below_average", "concern", 3, Decimal("5"), "", 12, "quarter",
     "最近「次数/期数」个考核周期（按「考核周期」）的绩效分数都低于本部门同期平均分，且低出「阈值」分以上。"
     "部门平均含本人，按员工所在部门的全部人员计算。"),
    ("feedback360_bottom", "concern", 3, Decimal("0.5"), "团队协作", 12, "quarter",
     "最近一期360评估（「观察月数」内）中，该维度（他评平均，不含自评）为本部门最低，且低于部门平均「阈值」分以上；"
     "部门内至少「次数/期数」人有评分。"),
    ("values_low", "concern", 1, Decimal("2"), "", 12, "quarter",
     "「观察月数」内价值观评估中，该维度得分不高于「阈值」（1–5分）的次数达到「次数/期数」；附行为事例。"),
    ("survey_low", "concern", 3, Decimal("5"), "团队支持", 12, "month",
     "最近「次数/期数」个月的调查中，该维度得分（0–10分）每月都不高于「阈值」：可能存在团队冲突，建议了解情况。"),
    ("attendance_rising", "care", 4, Decimal("2"), "", 3, "month",
     "最近「观察月数」个月的考勤异常（迟到、早退、旷工）合计不少于「次数/期数」次，"
     "且不少于之前同样长度期间的「阈值」倍：可能有个人或家庭压力，建议关怀而非处分。"),
    ("training_declined", "concern", 1, Decimal("5"), "", 12, "quarter",
     "「观察月数」内拒绝受邀培训不少于「次数/期数」次，且最近一期绩效比上一期低「阈值」分以上：改进意愿可能不足。"),
    ("key_contributor", "recognition", 5, Decimal("3"), "", 12, "quarter",
     "司龄不少于「次数/期数」年，且登记的关键贡献（重点项目、获奖、带教、专利等）不少于「阈值」项：关键贡献者，宜以认可对待。"),
    ("probation_unmet", "concern", 1, Decimal("80"), "", 12, "month",
     "试用期员工有书面试用期考核标准（试用期承诺），且入职以来KPI完成率低于「阈值」%的考核不少于「次数/期数」次。"),
]


def seed(apps, schema_editor):
    FlagRule = apps.get_model("insights", "FlagRule")
    for code, tone, count, threshold, dimension, window, kind, help_text in DEFAULT_RULES:
        FlagRule.objects.get_or_create(
            code=code,
            defaults={
                "tone": tone, "count": count, "threshold": threshold, "dimension": dimension,
                "window_months": window, "period_kind": kind, "help": help_text,
            },
        )


def unseed(apps, schema_editor):
    apps.get_model("insights", "FlagRule").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
