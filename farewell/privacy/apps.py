from django.apps import AppConfig


class PrivacyConfig(AppConfig):
    name = "farewell.privacy"
    label = "privacy"
    verbose_name = "Privacy"

    def ready(self):
        from farewell.cases import signals as case_signals
        from farewell.common import consent, labels, panels

        from .panels import case_hold, employee_consents
        from .presentation import EVENT_LABELS
        from .receivers import sweep
        from .services import consent_given, record_held_read, standing_hold

        consent.register(consent_given)
        consent.register_holds(standing_hold, record_held_read)
        labels.register_events(EVENT_LABELS)
        case_signals.swept.connect(sweep, dispatch_uid="privacy.purge")
        panels.register("employee_detail", 70, employee_consents)
        panels.register("case_detail", 70, case_hold)
