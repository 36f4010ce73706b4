"""What exits shows on other apps' pages (registered in ExitsConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.panels import Panel, Reads
from farewell.common.prepared import Prepared
from farewell.org.models import EmployeeStatus

from .models import Departure

# The person's departure records, SQL compiled once (common/prepared.py); read with the page's queries.
_DEPARTURES = Prepared(lambda pk: Departure.objects.filter(employee_id=pk).select_related(
    "stated_reason", "verified_reason").order_by("-separation_date"))


def employee_departures(request, employee):
    """离职面谈与原因: a leaving or former employee's departure records, or a button to open one (HR).
    Nothing (and no query) for anyone still employed with no end date, or for a user without exits.view."""
    user = request.user
    leaving = employee.status in (EmployeeStatus.SEPARATING, EmployeeStatus.SEPARATED) or employee.separation_date
    if not leaving or not policy.allows(user, "exits.view"):
        return None
    if not policy.covers(user, "exits.view", employee):
        return None
    return Reads(((_DEPARTURES, (employee.pk,)),), lambda rows: _departures_panel(user, employee, rows[0]))


def _departures_panel(user, employee, departures: list) -> Panel:
    return Panel(_("离职面谈与原因"), "exits/_employee_panel.html", {
        "employee": employee, "departures": departures,
        "can_open": not departures and policy.covers(user, "exits.edit", employee),
    })
