"""Each departure classified: voluntary or involuntary from the ground, and a rehire-eligibility
proposal from the ground and the reason (HR confirms it with a reason, services.confirm_rehire)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from .models import REHIRE_ORDER, ExitReason, Kind, Rehire

# Grounds the employee chose (LCL 36 initiated by the employee, 37, 38; CSL 85): voluntary.
# Everything else — a dismissal, a layoff, an expiry the employer did not renew, retirement —
# is involuntary. An expiry the employee declined is the employee's choice (LCL 46(5)).
VOLUNTARY_GROUNDS = {
    "resignation", "employer_fault_resignation", "mutual_employee_initiated", "cs_resignation",
    "expiry_employee_declines_same_or_better", "expiry_employee_declines_worse_terms",
}

# Ground → rehire proposal: a dismissal for a fault (LCL 39(2)–(6)) is not rehired; a probation
# rejection or incapacity/incompetence is rehired only after a fresh review; every other departure
# leaves the door open.
NOT_REHIRED_GROUNDS = {"misconduct", "cs_dismissal_discipline", "cs_dismissal_absence"}
CONDITIONAL_GROUNDS = {
    "probation_rejection", "incompetence", "illness_incapacity", "cs_dismissal_two_years_incompetent",
    "cs_dismissal_refuses_other_post", "cs_dismissal_refuses_restructuring",
}


def kind_for_ground(ground: str) -> str:
    return Kind.VOLUNTARY if ground in VOLUNTARY_GROUNDS else Kind.INVOLUNTARY


def _stricter(a: str, b: str) -> str:
    return a if REHIRE_ORDER.index(a) >= REHIRE_ORDER.index(b) else b


@dataclass(frozen=True)
class Proposal:
    rehire: str
    basis: str


def rehire_proposal(ground: str, reason: ExitReason | None = None) -> Proposal:
    """The stricter of what the ground and the reason (or its primary reason) allow, with why."""
    if ground in NOT_REHIRED_GROUNDS:
        by_ground = Rehire.NOT_ELIGIBLE
        basis = [_("依据过失性解除（劳动合同法第三十九条）离职")]
    elif ground in CONDITIONAL_GROUNDS:
        by_ground = Rehire.CONDITIONAL
        basis = [_("因试用期不符合录用条件、不能胜任或不能从事原工作离职")]
    else:
        by_ground = Rehire.ELIGIBLE
        basis = [_("离职事由不限制再录用")] if ground else [_("未记录离职事由")]
    result = by_ground
    for limit_reason in ([reason, reason.parent] if reason is not None and reason.parent_id else [reason]):
        if limit_reason is not None and limit_reason.rehire_limit:
            stricter = _stricter(result, limit_reason.rehire_limit)
            if stricter != result:
                basis.append(_("离职原因“%(reason)s”限制为：%(limit)s") % {
                    "reason": limit_reason.label, "limit": Rehire(limit_reason.rehire_limit).label})
            result = stricter
    return Proposal(result, "；".join(str(b) for b in basis))
