"""What the portal shows on other apps' pages (registered in PortalConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.panels import Panel
from farewell.org.models import Employee

from . import receipts


def case_employee_copy(request, case):
    """The employee's copy of the case's records, for HR to hand over (talks.export in scope)."""
    user = request.user
    if not policy.allows(user, "talks.export") or not policy.employees_for(
            user, "talks.export", Employee.objects.filter(pk=case.employee_id)).exists():
        return None
    return Panel(_("员工版资料包"), "portal/_case_copy_panel.html", {"case": case})


def case_receipt(request, case):
    """辞职回执 for HR to print and hand to the employee (a notice recorded on paper, or given in the
    portal); HR who may edit the case, in scope."""
    user = request.user
    if not policy.allows(user, "case.edit") or not receipts.receipt_available(case):
        return None
    if not policy.employees_for(user, "case.edit", Employee.objects.filter(pk=case.employee_id)).exists():
        return None
    return Panel(_("辞职通知回执"), "portal/_case_receipt_panel.html", {"case": case,
                                                                  "paper": receipts.is_paper_notice(case)})
