from django.apps import AppConfig


class CommonConfig(AppConfig):
    name = "farewell.common"
    label = "common"
    verbose_name = "Common"
