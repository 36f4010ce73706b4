"""What the employee sees of a conversation record: an explicit projection, never the model.

A record's free text can carry HR's negotiation guidance: the agenda copies the plan's options,
whose seeded template names the policy cap and "HR当场可承诺的最高总额" (the ceiling). Those lines,
and any line naming the case's ceiling or cap amount, are internal; the employee's pages and
any copy given to the employee are built from `record_for_employee`, which leaves them out.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from .models import Conversation

# Words that mark a line as HR's negotiation guidance (the seeded plan template's options).
INTERNAL_PHRASES = ("政策上限", "上限为", "当场可承诺", "最高总额", "最高金额", "不得当场承诺", "须经法务审核",
                    "领导审批")


def _amount_forms(value) -> set[str]:
    amount = Decimal(str(value))
    return {f"{amount:,.2f}", f"{amount:.2f}"}


def internal_amounts(case) -> set[str]:
    """The case's ceiling (statutory + cap), as a page would print it.

    The cap alone is not matched by amount: it is often one month's wage, which the employee is
    told as the wage base; the lines naming it are caught by INTERNAL_PHRASES. Nor is the ceiling
    when it equals an amount the employee is told anyway (the offer), so the offer is never hidden."""
    if case is None or case.extra_cap is None:
        return set()
    statutory = case.statutory_amount or Decimal(0)
    told = {Decimal(str(v)) for v in (case.offered_amount, case.extra_compensation, statutory)}
    ceiling = statutory + case.extra_cap
    return set() if ceiling in told else _amount_forms(ceiling)


def is_internal_line(line: str, amounts: set[str] = frozenset()) -> bool:
    return any(p in line for p in INTERNAL_PHRASES) or any(a in line for a in amounts)


def for_employee(text: str, case=None, *, amounts: set[str] | None = None) -> str:
    """`text` without its internal lines."""
    if amounts is None:
        amounts = internal_amounts(case)
    return "\n".join(line for line in (text or "").splitlines() if not is_internal_line(line, amounts))


@dataclass(frozen=True)
class EmployeeRecord:
    """The fields of a signed record the employee may see; nothing else reaches the template."""

    code: str
    held_at: object
    place: str
    version: int
    participants: list[dict]
    agenda: str
    notes: str
    employee_statements: str
    agreed: str
    next_steps: list[dict]
    checklist: list[dict]
    acknowledged_at: object | None


def texts_for_reader(conversation: Conversation, *, sees_cap: bool) -> dict[str, str]:
    """A record's free texts as a reader of the case sees them: as written for HR, legal and leadership; without
    the lines naming the company's extra-compensation cap or HR's ceiling (the agenda copies the plan's options)
    for a reader who may not see the cap (the line manager who took part: accounts.policy "case.extra_cap")."""
    texts = {"agenda": conversation.shown_agenda, "notes": conversation.notes,
             "employee_statements": conversation.employee_statements, "agreed": conversation.agreed}
    if sees_cap:
        return texts
    amounts = internal_amounts(conversation.case)
    return {key: for_employee(text, amounts=amounts) for key, text in texts.items()}


def record_for_employee(conversation: Conversation) -> EmployeeRecord:
    """A signed record as its employee may see it (prefetch participants, next_steps, checklist)."""
    amounts = internal_amounts(conversation.case)

    def clean(text: str) -> str:
        return for_employee(text, amounts=amounts)

    acknowledgement = getattr(conversation, "acknowledgement", None)
    return EmployeeRecord(
        code=str(conversation.code),
        held_at=conversation.held_at,
        place=conversation.place,
        version=conversation.version,
        # Names and roles only: no user accounts, no other employee's number.
        participants=[{"name": p.name, "role": p.get_role_display()} for p in conversation.participants.all()],
        agenda=clean(conversation.agenda),
        notes=clean(conversation.notes),
        employee_statements=clean(conversation.employee_statements),
        agreed=clean(conversation.agreed),
        next_steps=[{"action": clean(s.action), "owner": s.owner, "due_date": s.due_date}
                    for s in conversation.next_steps.all()],
        checklist=[{"text": clean(i.text), "done": i.done} for i in conversation.checklist.all()],
        acknowledged_at=acknowledgement.at if acknowledgement else None,
    )
