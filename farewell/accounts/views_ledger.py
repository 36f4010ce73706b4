"""证据链: the auditor's page of the ledger (here in accounts: it needs the policy, the ledger imports nothing of ours)."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from farewell.ledger.models import LedgerEntry

from . import policy

PAGE_SIZE = 50


@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    """The chain, newest first, for auditors."""
    policy.require(request.user, "ledger.view")
    rows = LedgerEntry.objects.select_related("actor").defer("payload").order_by("-seq")
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/entries.html", {"page_obj": page_obj})
