from django.apps import AppConfig


class TalksConfig(AppConfig):
    name = "farewell.talks"
    label = "talks"
    verbose_name = "Talks"

    def ready(self):
        from farewell.common import panels
        from farewell.org.signals import company_created

        from .services import seed_company_settings

        company_created.connect(seed_company_settings, dispatch_uid="talks.seed_company_settings")

        from .panels import case_talks, employee_talks

        panels.register("case_detail", 60, case_talks)
        panels.register("employee_detail", 45, employee_talks)
