"""The layoff batch on a member's case page (registered in CasesConfig.ready): the batch, its status, and
the LCL 41 threshold judged by the same function as the batch page (layoff_size)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.panels import Panel

from .layoff_routing import covers_all_members
from .layoff_size import LAYOFF_HEADCOUNT, LAYOFF_SHARE_PERCENT, layoff_size


def member_batch(request, case):
    """Nothing for a case that is not a layoff member."""
    if not case.family_id:
        return None
    family = case.family
    return Panel(_("裁员批次"), "cases/_layoff_case_panel.html", {
        "family": family,
        "size": layoff_size(family),
        "full_view": covers_all_members(request.user, family, policy.ACTIONS["case.view"]),
        "threshold_headcount": LAYOFF_HEADCOUNT,
        "threshold_percent": LAYOFF_SHARE_PERCENT,
    })
