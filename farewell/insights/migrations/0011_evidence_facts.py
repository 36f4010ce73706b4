"""Flag evidence keeps the facts its label shows (FlagEvidence.facts), filled here for the flags
already computed; the flags list no longer reads the records (issue 14). Two indexes that repeated
others go (the company's prefix and the employee foreign key's own); one serves the list's order
across several companies."""

import datetime as dt

from django.db import migrations, models

CHUNK = 2000

# A copy of insights.present.LABEL_FIELDS as it stood (a migration does not follow the code).
LABEL_FIELDS = {
    "performancereview": ("period_kind", "period_start", "score", "kpi_completion"),
    "feedback360": ("period_kind", "period_start", "dimension", "rater_relation", "score"),
    "valuesassessment": ("period_kind", "period_start", "dimension", "score"),
    "surveyresponse": ("period_kind", "period_start", "dimension", "survey", "score"),
    "metricvalue": ("metric__name", "period_kind", "period_start", "value"),
    "trainingrecord": ("course_date", "course", "status"),
    "contribution": ("kind", "date", "title"),
    "commitment": ("stage", "said_on", "topic"),
    "rewardpenalty": ("kind", "date", "title"),
}


def _period(kind, start):
    if kind == "year":
        return f"{start.year}"
    if kind == "quarter":
        return f"{start.year}-Q{(start.month - 1) // 3 + 1}"
    return f"{start.year}-{start.month:02d}"


def _plain(value):
    if value is None or isinstance(value, str | int):
        return value
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _facts(kind, values):
    row = dict(zip(LABEL_FIELDS[kind], values, strict=True))
    facts = {}
    if "period_kind" in row:
        facts["period"] = _period(row.pop("period_kind"), row.pop("period_start"))
    if kind == "metricvalue":
        row["value"] = format(row["value"].normalize(), "f")  # 10, not "1E+1"
    for name, value in row.items():
        facts["metric" if name == "metric__name" else name] = _plain(value)
    return facts


def fill_facts(apps, schema_editor):
    FlagEvidence = apps.get_model("insights", "FlagEvidence")
    ContentType = apps.get_model("contenttypes", "ContentType")
    connection = schema_editor.connection
    field = FlagEvidence._meta.get_field("facts")
    qn = connection.ops.quote_name
    # One UPDATE per row through executemany (a pipeline on PostgreSQL): bulk_update's CASE of 500 arms
    # took a minute for the 35,000 rows of the 100,000-employee demo.
    update = (f"UPDATE {qn(FlagEvidence._meta.db_table)} SET {qn(field.column)} = %s "
              f"WHERE {qn(FlagEvidence._meta.pk.column)} = %s")
    kinds = FlagEvidence.objects.values_list("content_type_id", flat=True).distinct()
    for content_type in ContentType.objects.filter(pk__in=list(kinds)):
        if content_type.model not in LABEL_FIELDS:
            continue  # left {}: the label is read from the record
        model = apps.get_model(content_type.app_label, content_type.model)
        rows = FlagEvidence.objects.filter(content_type_id=content_type.pk).order_by("pk")
        last = 0
        while chunk := list(rows.filter(pk__gt=last).only("pk", "object_id")[:CHUNK]):
            last = chunk[-1].pk
            found = {row[0]: _facts(content_type.model, row[1:]) for row in model._base_manager.filter(
                pk__in={e.object_id for e in chunk}).values_list("pk", *LABEL_FIELDS[content_type.model])}
            # A record that is gone keeps {} (and is not shown, as before).
            params = [(field.get_db_prep_save(found[e.object_id], connection), e.pk) for e in chunk
                      if e.object_id in found]
            if params:
                with connection.cursor() as cursor:
                    cursor.executemany(update, params)


class Migration(migrations.Migration):

    dependencies = [
        ("contenttypes", "0002_remove_content_type_name"),
        ("insights", "0010_unit_average"),
        ("org", "0008_job_change"),
        ("records", "0002_default_metrics"),
    ]

    operations = [
        migrations.RemoveIndex(
            model_name="flag",
            name="flag_company_rule_idx",
        ),
        migrations.RemoveIndex(
            model_name="flag",
            name="flag_employee_idx",
        ),
        migrations.AddField(
            model_name="flagevidence",
            name="facts",
            field=models.JSONField(blank=True, default=dict),
        ),
        migrations.AddIndex(
            model_name="flag",
            index=models.Index(fields=["rule", "employee"], name="flag_rule_employee_idx"),
        ),
        migrations.RunPython(fill_facts, migrations.RunPython.noop),
    ]
