from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "farewell.portal"
    label = "portal"
    verbose_name = "Employee self-service"
