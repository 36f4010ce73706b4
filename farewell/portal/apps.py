from django.apps import AppConfig


class PortalConfig(AppConfig):
    name = "farewell.portal"
    label = "portal"
    verbose_name = "Employee self-service"

    def ready(self) -> None:
        from farewell.common import panels

        from .panels import case_employee_copy

        panels.register("case_detail", 65, case_employee_copy)
