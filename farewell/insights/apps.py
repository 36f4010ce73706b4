from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "farewell.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self):
        from farewell.common import panels

        from .panels import employee_profile

        # Before the cases app's estimate (50): the facts come first.
        panels.register("employee_detail", 40, employee_profile)
