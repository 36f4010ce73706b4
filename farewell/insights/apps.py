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

        from django.utils.translation import gettext_lazy as _

        from farewell.common import labels

        labels.register_events({
            "explanation_requested": _("员工请求解释自动化评估"), "explanation_answered": _("答复员工的解释请求"),
            "explanation_read": _("员工阅读解释答复"), "risk_settings_saved": _("修改离职风险设置"),
        })
