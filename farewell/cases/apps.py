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

        from farewell.org.signals import (
            company_created,
            employee_facts_changed,
            facts_change_warnings,
            reference_changed,
        )

        from .receivers import (
            open_case_warnings,
            rerun_after_reference_change,
            rerun_open_cases,
            seed_company_settings,
        )

        company_created.connect(seed_company_settings, dispatch_uid="cases.seed_company_settings")
        employee_facts_changed.connect(rerun_open_cases, dispatch_uid="cases.rerun_open_cases")
        facts_change_warnings.connect(open_case_warnings, dispatch_uid="cases.open_case_warnings")
        reference_changed.connect(rerun_after_reference_change, dispatch_uid="cases.rerun_after_reference_change")

        from .layoff_panels import member_batch

        panels.register("case_detail", 5, member_batch)
        panels.register("employee_detail", 40, employee_cases)
        panels.register("employee_detail", 50, employee_estimate)
