from django.apps import AppConfig


class OrgConfig(AppConfig):
    name = "farewell.org"
    label = "org"
    verbose_name = "Organisation"
