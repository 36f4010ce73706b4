"""The ledger's anchors go to the auditors (farewell/ledger/anchor.py asks through its signal)."""

from __future__ import annotations

from farewell.common.notifications import email_address

from .models import Role, User


def auditor_addresses(**kwargs) -> list[str]:
    auditors = User.objects.filter(is_active=True, grants__role=Role.AUDITOR).select_related("employee").distinct()
    return [address for address in (email_address(user) for user in auditors) if address]
