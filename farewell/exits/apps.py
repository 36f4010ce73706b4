from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "farewell.exits"
    label = "exits"
    verbose_name = "Exits"

    def ready(self):
        from farewell.common import labels, panels

        from .panels import employee_departures
        from .presentation import EVENT_LABELS

        labels.register_events(EVENT_LABELS)
        panels.register("employee_detail", 60, employee_departures)
