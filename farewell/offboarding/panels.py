"""What offboarding shows on the case page (registered in OffboardingConfig.ready): the handover's
progress and items, the post-exit duties, the settlement, the documents."""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils import timezone
from django.utils.translation import gettext as _

from farewell.common.panels import Panel

from . import document_services, esign, esign_services, handover, settlement_services
from .access import may_on
from .doc_kinds import KINDS
from .forms import GenerateForm, ItemAddForm
from .models import FormerAccess

PANEL_STATUSES = set(handover.WORKING_STATUSES) | {"closed"}


def case_offboarding(request, case):
    user = request.user
    if case.status not in PANEL_STATUSES or not may_on(user, "offboarding.view", case.employee):
        return None
    items = list(case.handover_items.select_related("receiver").order_by("order"))
    can_manage = may_on(user, "offboarding.manage", case.employee)
    can_documents = may_on(user, "offboarding.documents", case.employee)
    kinds = document_services.kinds_for(case) if can_manage else []
    return Panel(_("交接与离职手续"), "offboarding/_case_panel.html", {
        "case": case,
        "items": items,
        "progress": handover.progress(items),
        "duties": list(case.post_exit_duties.select_related("owner", "done_by")),
        "settlement": settlement_services.current(case),
        "documents": document_services.documents_of(case) if can_documents else [],
        "esign_on": esign_configured(),
        "wecom_on": bool(getattr(settings, "FAREWELL_WECOM_TRANSPORT", "")),
        "signable": esign_services.SIGNABLE_KINDS,
        "kinds": [(k, KINDS[k].label) for k in kinds],
        "certificate_early": document_services.early_certificate_message(case)
        if "certificate" in kinds and document_services.certificate_early(case) else "",
        "can_manage": can_manage,
        "user_pk": user.pk,
        "add_form": ItemAddForm(),
        "generate_form": GenerateForm(),
        "working": case.status in handover.WORKING_STATUSES,
        "today": timezone.localdate(),
        "former": FormerAccess.objects.filter(case=case).select_related("user").first() if can_manage else None,
    })


def esign_configured() -> bool:
    try:
        return esign.provider() is not None
    except ImproperlyConfigured:
        return False
