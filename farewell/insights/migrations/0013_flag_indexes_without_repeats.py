"""Flags lose two indexes that repeated others (issue 14): the company foreign key's own (flag_company_rule_employee_idx
starts with the company) and the evidence's content type's own (flagevidence_record_idx starts with it), each
filled by every recompute. EXPLAIN of the flags pages', the API's and the recompute's queries on the 100,000-
employee demo: the same plans, on the longer index."""

import django.db.models.deletion
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('contenttypes', '0002_remove_content_type_name'),
        ('insights', '0012_unit_average_no_constraints'),
        ('org', '0008_job_change'),
    ]

    operations = [
        migrations.AlterField(
            model_name='flag',
            name='company',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='org.company'),
        ),
        migrations.AlterField(
            model_name='flagevidence',
            name='content_type',
            field=models.ForeignKey(db_index=False, on_delete=django.db.models.deletion.CASCADE, related_name='+', to='contenttypes.contenttype'),
        ),
    ]
