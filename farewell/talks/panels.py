"""What talks shows on other apps' pages (registered in TalksConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.panels import Panel

from .access import conversations_for
from .models import TalkPlan, Transcript
from .presentation import case_summary


def _may(user, action: str, employee) -> bool:
    return policy.allows(user, action) and policy.covers(user, action, employee)


def case_talks(request, case):
    """谈话与证据: plans, records (a manager sees only those they took part in), positions and open
    points, escalation warnings, and the evidence package button."""
    user = request.user
    if not policy.allows(user, "talks.view"):
        return None
    conversations = list(conversations_for(user).filter(case=case).select_related("signed_by")
                         .prefetch_related("next_steps", "checklist").order_by("held_at", "version"))
    escalations = [t for t in Transcript.objects.filter(conversation__case=case).defer("text")
                   .select_related("conversation").order_by("created_at") if t.escalated]
    if not _may(user, "talks.plan", case.employee):
        escalations = [t for t in escalations if t.conversation in conversations]
    return Panel(_("谈话与证据"), "talks/_case_panel.html", {
        "case": case, "conversations": conversations, "summary": case_summary(conversations),
        "plans": list(TalkPlan.objects.filter(case=case).order_by("-created_at")[:10])
        if _may(user, "talks.plan", case.employee) else [],
        "can_plan": _may(user, "talks.edit", case.employee),
        "can_export": _may(user, "talks.export", case.employee),
        "escalations": escalations,
    })


def employee_talks(request, employee):
    """A retention talk from the employee page (HR), and the employee's records."""
    user = request.user
    if not _may(user, "talks.edit", employee):
        return None
    return Panel(_("谈话"), "talks/_employee_panel.html", {
        "employee": employee,
        "plans": list(TalkPlan.objects.filter(employee=employee).order_by("-created_at")[:5]),
        "conversations": list(conversations_for(user).filter(employee=employee).order_by("-held_at")[:5]),
    })
