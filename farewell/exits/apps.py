from django.apps import AppConfig


class ExitsConfig(AppConfig):
    name = "farewell.exits"
    label = "exits"
    verbose_name = "Exits"

    def ready(self):
        from farewell.cases.signals import swept
        from farewell.common import labels, panels
        from farewell.org.signals import company_created

        from .panels import employee_departures
        from .presentation import EVENT_LABELS
        from .receivers import on_sweep, seed_company_settings

        company_created.connect(seed_company_settings, dispatch_uid="exits.seed_company_settings")

        labels.register_events(EVENT_LABELS)
        swept.connect(on_sweep, dispatch_uid="exits.sweep")
        panels.register("employee_detail", 60, employee_departures)
