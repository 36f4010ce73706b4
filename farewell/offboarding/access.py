"""The access helpers for offboarding's resources (STYLE 4): 404 to outsiders, 403 in scope but not allowed.

A case's offboarding follows the case's access (cases.access.get_case_for_user with our actions). A
handover item is also open to the two people it names: the leaver who owns it and its receiver.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404

from farewell.accounts import policy
from farewell.cases.access import get_case_for_user
from farewell.org.models import Employee

from .models import GeneratedDocument, HandoverItem, PostExitDuty, Settlement


def may_on(user, action: str, employee) -> bool:
    return policy.allows(user, action) and policy.employees_for(
        user, action, Employee.objects.filter(pk=employee.pk)).exists()


def get_item_for_user(user, code, *, role: str | None) -> HandoverItem:
    """`role`: "owner" (the leaver ticks), "receiver" (confirms or returns), "hr" (changes it); None: only
    reads it (its leaver, its receiver, and whoever sees the case's offboarding)."""
    if not policy.allows(user, "handover.take_part") and not policy.allows(user, "offboarding.manage"):
        raise PermissionDenied("handover.take_part")
    try:
        item = HandoverItem.objects.select_related("case__employee", "case__company", "owner", "receiver").get(code=code)
    except (HandoverItem.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    is_owner = user.employee_id is not None and user.employee_id == item.owner_id
    is_receiver = item.receiver_id == user.pk
    is_hr = may_on(user, "offboarding.manage", item.case.employee)
    if not (is_owner or is_receiver or is_hr or may_on(user, "offboarding.view", item.case.employee)):
        raise Http404
    allowed = {"owner": is_owner, "receiver": is_receiver, "hr": is_hr, None: True}[role]
    if not allowed:
        raise PermissionDenied(role)
    return item


def get_settlement_for_user(user, code, action: str) -> Settlement:
    try:
        settlement = Settlement.objects.select_related("case").get(code=code)
    except (Settlement.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    settlement.case = get_case_for_user(user, settlement.case.code, action)
    return settlement


def get_duty_for_user(user, code) -> PostExitDuty:
    try:
        duty = PostExitDuty.objects.select_related("case").get(code=code)
    except (PostExitDuty.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    duty.case = get_case_for_user(user, duty.case.code, "offboarding.manage")
    return duty


def get_document_for_user(user, code) -> GeneratedDocument:
    try:
        document = GeneratedDocument.objects.select_related("case").get(code=code)
    except (GeneratedDocument.DoesNotExist, ValidationError, ValueError):
        raise Http404 from None
    document.case = get_case_for_user(user, document.case.code, "offboarding.documents")
    return document
