from django.apps import AppConfig


class DemoConfig(AppConfig):
    name = "farewell.demo"
    label = "demo"
    verbose_name = "Demo company"
