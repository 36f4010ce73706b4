from django.apps import AppConfig


class OffboardingConfig(AppConfig):
    name = "farewell.offboarding"
    label = "offboarding"
    verbose_name = "Offboarding"

    def ready(self):
        from farewell.cases import signals as case_signals
        from farewell.common import labels, panels

        from . import receivers
        from .panels import case_offboarding
        from .presentation import EVENT_LABELS

        labels.register_events(EVENT_LABELS)
        panels.register("case_detail", 30, case_offboarding)
        case_signals.handover_started.connect(receivers.prepare_offboarding, dispatch_uid="offboarding.prepare")
        case_signals.close_refusals.connect(receivers.close_refusals, dispatch_uid="offboarding.close_refusals")
        case_signals.reopen_refusals.connect(receivers.reopen_refusals, dispatch_uid="offboarding.reopen_refusals")
        case_signals.swept.connect(receivers.sweep, dispatch_uid="offboarding.sweep")
        case_signals.evidence_files.connect(receivers.evidence_files, dispatch_uid="offboarding.evidence_files")
