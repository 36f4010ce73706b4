from django.apps import AppConfig


class CasesConfig(AppConfig):
    name = "farewell.cases"
    label = "cases"
    verbose_name = "Separation cases"

    def ready(self):
        from farewell.common import labels, panels

        from .panels import employee_cases, employee_estimate
        from .presentation import EVENT_LABELS

        labels.register_events(EVENT_LABELS)

        panels.register("employee_detail", 40, employee_cases)
        panels.register("employee_detail", 50, employee_estimate)
