"""What a case needs before it closes (offboarding's close refusals), for tests that close cases."""

from __future__ import annotations

from farewell.offboarding import duties, handover
from farewell.offboarding.models import DutyStatus, ItemStatus


def finish_offboarding(case, actor) -> None:
    """Every post-exit duty done and every blocking handover item confirmed by its receiver."""
    for duty in case.post_exit_duties.filter(status=DutyStatus.OPEN):
        duties.complete(duty, acting_user=actor, note="已办理")
    for item in case.handover_items.filter(blocks_closing=True).exclude(status=ItemStatus.CONFIRMED).select_related(
            "case", "receiver"):
        handover.confirm_item(item, acting_user=item.receiver)
