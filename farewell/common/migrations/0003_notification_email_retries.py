# E-mail leaves the request: tries counted, the next try's time, a "retrying" status.

from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("common", "0002_notification"),
    ]

    operations = [
        migrations.AddField(
            model_name="notification",
            name="email_attempts",
            field=models.PositiveSmallIntegerField(default=0),
        ),
        migrations.AddField(
            model_name="notification",
            name="email_retry_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="notification",
            name="email_status",
            field=models.CharField(
                choices=[
                    ("none", "仅站内"),
                    ("pending", "待发送"),
                    ("retrying", "发送失败，待重试"),
                    ("sent", "已发送"),
                    ("failed", "发送失败"),
                    ("no_address", "无邮箱地址"),
                ],
                default="none",
                max_length=10,
            ),
        ),
        migrations.AddIndex(
            model_name="notification",
            index=models.Index(fields=["email_status", "email_retry_at"], name="notification_email_idx"),
        ),
    ]
