from django.apps import AppConfig


class RecordsConfig(AppConfig):
    name = "farewell.records"
    label = "records"
    verbose_name = "Records"
