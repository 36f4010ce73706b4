from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "farewell.insights"
    label = "insights"
    verbose_name = "Insights"
