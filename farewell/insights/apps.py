from django.apps import AppConfig


class InsightsConfig(AppConfig):
    name = "farewell.insights"
    label = "insights"
    verbose_name = "Insights"

    def ready(self):
        from farewell.common import panels
        from farewell.org.signals import company_created

        from .services import seed_company_settings

        company_created.connect(seed_company_settings, dispatch_uid="insights.seed_company_settings")

        from .panels import employee_profile
        from .riskviews import employee_risk

        # Before the cases app's estimate (50): the facts come first, then the risk prompt (HR only).
        panels.register("employee_detail", 40, employee_profile)
        panels.register("employee_detail", 45, employee_risk)
