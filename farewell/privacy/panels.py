"""What privacy shows on other apps' pages (registered in PrivacyConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.panels import Panel, Reads
from farewell.common.prepared import Prepared
from farewell.org.models import Employee

from .models import Consent, LegalHold, Purpose

# The person's consents (purpose, withdrawn at), SQL compiled once (common/prepared.py).
_CONSENTS = Prepared(lambda pk: Consent.objects.filter(employee_id=pk).values_list("purpose", "withdrawn_at"))


def employee_consents(request, employee):
    """单独同意: which purposes the person consented to (HR in scope only; one query for both)."""
    user = request.user
    if not policy.allows(user, "privacy.consents"):
        return None
    if policy.granted_unit_holds(user, employee, policy.ACTIONS["privacy.consents"]):
        # In scope, decided from the grants (issue 14); read with the page's queries (Reads).
        return Reads(((_CONSENTS, (employee.pk,)),), lambda rows: _consents_panel(employee, rows[0]))
    # One row per consent of the person, or one row of Nones when there is none; no row when the
    # person is outside the user's privacy.consents scope.
    rows = list(policy.employees_for(user, "privacy.consents", Employee.objects.filter(pk=employee.pk))
                .values_list("consents__purpose", "consents__withdrawn_at"))
    return _consents_panel(employee, rows) if rows else None


def _consents_panel(employee, rows: list) -> Panel:
    labels = dict(Purpose.choices)
    standing = sorted({purpose for purpose, withdrawn in rows if purpose and withdrawn is None})
    return Panel(_("单独同意（敏感个人信息）"), "privacy/_employee_panel.html", {
        "employee": employee, "standing": [labels[p] for p in standing],
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
