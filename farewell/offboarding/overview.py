"""交接 overview: what one user sees on the 交接 page and in GET /api/offboarding/ — computed here once,
so the page and the API cannot drift apart."""

from __future__ import annotations

from dataclasses import dataclass, field

from farewell.accounts import policy
from farewell.cases.access import cases_for
from farewell.cases.models import CaseFamily, SeparationCase

from . import handover
from .models import HandoverItem, ItemStatus, SignatureRequest, SignatureStatus
from .tasks import BATCH_STATUSES

LIST_LIMIT = 200  # each list's length on the page and in the API
BATCH_LIMIT = 20


@dataclass
class Overview:
    mine: list[HandoverItem] = field(default_factory=list)  # my own items to hand over
    to_receive: list[HandoverItem] = field(default_factory=list)  # items I receive, not yet confirmed
    to_sign: list[SignatureRequest] = field(default_factory=list)  # documents waiting for my signature
    cases: list[SeparationCase] = field(default_factory=list)  # in handover in scope, each with `.progress`
    families: list[CaseFamily] = field(default_factory=list)  # layoff batches whose documents HR may make


def overview_for(user) -> Overview:
    """The user's 交接 overview: their items, the items they receive, documents to sign, and — for those
    who see cases — the cases in handover with their progress and the layoff batches HR may act on."""
    result = Overview()
    base = HandoverItem.objects.filter(case__status__in=handover.WORKING_STATUSES).select_related(
        "case__employee", "owner", "receiver").order_by("due_date", "order")
    if user.employee_id:
        result.mine = list(base.filter(owner_id=user.employee_id)[:LIST_LIMIT])
        result.to_sign = list(SignatureRequest.objects.filter(
            document__case__employee_id=user.employee_id, status=SignatureStatus.SENT).select_related("document")
            [:LIST_LIMIT])
    result.to_receive = list(base.filter(receiver=user).exclude(status=ItemStatus.CONFIRMED)[:LIST_LIMIT])
    if policy.allows(user, "offboarding.view"):
        result.cases = list(cases_for(user, "offboarding.view").filter(status__in=handover.WORKING_STATUSES)
                            .select_related("employee__org_unit").prefetch_related("handover_items")
                            .order_by("separation_date")[:LIST_LIMIT])
        for case in result.cases:
            case.progress = handover.progress(case.handover_items.all())
    if policy.allows(user, "offboarding.manage"):
        # Layoff batches with decided members in scope: their documents are made as one background job.
        decided = cases_for(user, "offboarding.manage").filter(status__in=BATCH_STATUSES, family__isnull=False)
        result.families = list(CaseFamily.objects.filter(pk__in=decided.values("family_id"))
                               .order_by("-created_at")[:BATCH_LIMIT])
    return result
