from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "farewell.cases"
    label = "cases"
    verbose_name = "Separation cases"

    def ready(self):
        from farewell.common import panels

        from .panels import employee_cases, employee_estimate

        panels.register("employee_detail", 40, employee_cases)
        panels.register("employee_detail", 50, employee_estimate)
