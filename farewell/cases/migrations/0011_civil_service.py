# Civil-service cases: the CSL 86/89 checklist answers, the 辞退决定 deliveries, the CSL 85 approval-period reminders, the leading-member flag.

import django.db.models.deletion
import uuid
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('cases', '0010_layoff_batch'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='separationcase',
            name='leading_member',
            field=models.BooleanField(default=False, verbose_name='领导成员'),
        ),
        migrations.CreateModel(
            name='DecisionDelivery',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('decided_on', models.DateField(verbose_name='辞退决定作出日期')),
                ('delivered_on', models.DateField(verbose_name='送达日期')),
                ('method', models.CharField(choices=[('in_person', '直接送达本人（签收）'), ('mail', '邮寄送达'), ('left', '留置送达'), ('entrusted', '委托送达'), ('public_notice', '公告送达')], max_length=16, verbose_name='送达方式')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('document', models.CharField(blank=True, max_length=200)),
                ('document_file', models.FileField(blank=True, upload_to='cases/civil_service/%Y/%m/')),
                ('document_sha256', models.CharField(blank=True, max_length=64)),
                ('recorded_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='decision_deliveries', to='cases.separationcase')),
                ('recorded_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
            ],
            options={
                'ordering': ['case', '-recorded_at', '-id'],
            },
        ),
        migrations.CreateModel(
            name='ApprovalReminder',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField()),
                ('created_at', models.DateTimeField(auto_now_add=True)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='cases.separationcase')),
            ],
            options={
                'constraints': [models.UniqueConstraint(fields=('case', 'day'), name='csreminder_case_day_uniq')],
            },
        ),
        migrations.CreateModel(
            name='CivilServiceAnswer',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('code', models.UUIDField(default=uuid.uuid4, editable=False, unique=True)),
                ('item', models.CharField(max_length=40)),
                ('answer', models.BooleanField(verbose_name='是否存在该情形')),
                ('note', models.TextField(blank=True, verbose_name='说明')),
                ('document', models.CharField(blank=True, max_length=200)),
                ('document_file', models.FileField(blank=True, upload_to='cases/civil_service/%Y/%m/')),
                ('document_sha256', models.CharField(blank=True, max_length=64)),
                ('answered_at', models.DateTimeField(auto_now_add=True)),
                ('answered_by', models.ForeignKey(null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('case', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='civil_service_answers', to='cases.separationcase')),
            ],
            options={
                'ordering': ['case', 'item', '-answered_at', '-id'],
                'indexes': [models.Index(fields=['case', 'item', '-answered_at'], name='csanswer_case_item_idx')],
            },
        ),
    ]
