from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "farewell.records"
    label = "records"
    verbose_name = "Records"

    def ready(self):
        from django.utils.translation import gettext_lazy as _

        from farewell.common import labels

        labels.register_events({
            "imported": _("数据导入"), "corrected": _("更正已导入的记录（原值已记录）"),
            "metric_added": _("添加指标"), "metric_deactivated": _("停用指标"),
        })
