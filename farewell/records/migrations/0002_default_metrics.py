"""Seed the default metric catalogue (HR admins add or switch off metrics in the admin)."""

from django.db import migrations

DEFAULT_METRICS = [
    # code, name, unit, category, direction, aggregation, min
    ("late_count", "迟到次数", "次", "attendance", "lower", "sum", 0),
    ("early_leave_count", "早退次数", "次", "attendance", "lower", "sum", 0),
    ("absent_days", "旷工天数", "天", "attendance", "lower", "sum", 0),
    ("leave_days", "请假天数", "天", "attendance", "neutral", "sum", 0),
    ("overtime_hours", "加班时长", "小时", "attendance", "neutral", "sum", 0),
    ("sales_amount", "销售额", "元", "output", "higher", "sum", None),
    ("tickets_done", "完成工单数", "件", "output", "higher", "sum", 0),
    ("customer_complaints", "客户投诉", "次", "quality", "lower", "sum", 0),
    ("job_posting_views", "内部招聘岗位浏览次数", "次", "engagement", "neutral", "sum", 0),
    ("non_work_app_minutes", "非工作应用时长", "分钟", "engagement", "lower", "sum", 0),
]


def seed(apps, schema_editor):
    Metric = apps.get_model("records", "Metric")
    for code, name, unit, category, direction, aggregation, minimum in DEFAULT_METRICS:
        Metric.objects.get_or_create(
            code=code,
            defaults={
                "name": name, "unit": unit, "category": category, "direction": direction,
                "aggregation": aggregation, "min_value": minimum,
            },
        )


def unseed(apps, schema_editor):
    Metric = apps.get_model("records", "Metric")
    Metric.objects.filter(code__in=[m[0] for m in DEFAULT_METRICS], values__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("records", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
