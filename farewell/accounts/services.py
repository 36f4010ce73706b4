"""Reading sensitive personal information, always through the access log."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db import transaction

from farewell.org.models import Employee

from . import policy
from .models import AccessLog

# model label → fields that hold sensitive personal information (DESIGN, security model).
SENSITIVE_FIELDS: dict[str, set[str]] = {
    "org.employee": {"id_number", "bank_account"},
    "org.statusperiod": {"kind", "notes"},
    "talks.transcript": {"text"}, "talks.utterance": {"text"},
}

# Which policy action lets a person read a label's sensitive fields (default: HR only).
# Legal reviews disputes and the evidence package, so legal reads transcripts (logged).
SENSITIVE_READ_ACTIONS: dict[str, str] = {
    "talks.transcript": "talks.read_transcript",
    "talks.utterance": "talks.read_transcript",
}


def read_sensitive(obj, field: str, *, actor, purpose: str) -> str:
    """Return a sensitive field's clear value and record who read it, whose, what and why."""
    label = obj._meta.label_lower
    if field not in SENSITIVE_FIELDS.get(label, set()):
        raise ValueError(f"{label}.{field} is not a sensitive field")
    employee = obj if isinstance(obj, Employee) else getattr(obj, "employee", None)
    action = SENSITIVE_READ_ACTIONS.get(label, "employee.view_sensitive")
    if employee is not None and not (
        policy.allows(actor, action) and policy.employees_for(actor, action).filter(pk=employee.pk).exists()
    ):
        raise PermissionDenied(action)
    with transaction.atomic():
        # Re-read the one column: list queries defer sensitive fields.
        value = type(obj).objects.filter(pk=obj.pk).values_list(field, flat=True).get()
        AccessLog.objects.create(
            actor=actor,
            employee=employee,
            object_type=label,
            object_id=str(getattr(obj, "code", obj.pk)),
            field=field,
            purpose=purpose,
        )
    return value or ""


def mask(value: str, keep: int = 4) -> str:
    if not value:
        return ""
    return "*" * max(len(value) - keep, 0) + value[-keep:]
