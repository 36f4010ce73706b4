"""What talks shows on other apps' pages (registered in TalksConfig.ready)."""

from __future__ import annotations

from django.utils.translation import gettext as _

from farewell.accounts import policy
from farewell.common.panels import Panel, Reads
from farewell.common.prepared import Prepared

from .access import FULL_READERS, conversations_for
from .models import Conversation, TalkPlan, Transcript
from .presentation import case_summary

SHOWN_ON_EMPLOYEE_PAGE = 5
# The employee page's latest plans and records, the columns it shows, SQL compiled once (common/prepared.py).
_LATEST_PLANS = Prepared(lambda pk: TalkPlan.objects.filter(employee_id=pk).only("code", "title", "created_at")
                         .order_by("-created_at")[:SHOWN_ON_EMPLOYEE_PAGE])
_CONVERSATION_FIELDS = ("code", "held_at", "version", "status")
_LATEST_CONVERSATIONS = Prepared(lambda pk: Conversation.objects.filter(employee_id=pk).only(*_CONVERSATION_FIELDS)
                                 .order_by("-held_at")[:SHOWN_ON_EMPLOYEE_PAGE])


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
    # HR and legal whose company or unit grant holds the employee read all their records (conversations_for),
    # decided from the grants; anyone else through the scope query. Read with the page's queries (Reads).
    if policy.granted_unit_holds(user, employee, FULL_READERS & policy.ACTIONS["talks.view"]):
        return Reads(((_LATEST_PLANS, (employee.pk,)), (_LATEST_CONVERSATIONS, (employee.pk,))),
                     lambda rows: _employee_panel(employee, *rows))
    conversations = list(conversations_for(user).filter(employee=employee).only(*_CONVERSATION_FIELDS)
                         .order_by("-held_at")[:SHOWN_ON_EMPLOYEE_PAGE])
    return Reads(((_LATEST_PLANS, (employee.pk,)),), lambda rows: _employee_panel(employee, rows[0], conversations))


def _employee_panel(employee, plans: list, conversations: list) -> Panel:
    return Panel(_("谈话"), "talks/_employee_panel.html", {
        "employee": employee, "plans": plans, "conversations": conversations,
    })
