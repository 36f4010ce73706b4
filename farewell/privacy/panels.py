"""What privacy shows on other apps' pages (registered in PrivacyConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.panels import Panel
from farewell.org.models import Employee

from .models import Consent, LegalHold


def employee_consents(request, employee):
    """单独同意: which purposes the person consented to (HR in scope only; one query)."""
    user = request.user
    if not policy.allows(user, "privacy.consents"):
        return None
    if not policy.employees_for(user, "privacy.consents", Employee.objects.filter(pk=employee.pk)).exists():
        return None
    standing = Consent.objects.filter(employee=employee, withdrawn_at__isnull=True)
    return Panel(_("单独同意（敏感个人信息）"), "privacy/_employee_panel.html", {
        "employee": employee, "standing": list(standing.order_by("purpose")),
    })


def case_hold(request, case):
    """诉讼保全: whether the case's employee's data is held from purging (HR in scope only)."""
    user = request.user
    if not policy.allows(user, "privacy.hold"):
        return None
    if not policy.employees_for(user, "privacy.hold", Employee.objects.filter(pk=case.employee_id)).exists():
        return None
    return Panel(_("诉讼保全（暂停删除）"), "privacy/_case_panel.html", {
        "case": case, "hold": LegalHold.objects.filter(case=case, released_at__isnull=True).first(),
    })
