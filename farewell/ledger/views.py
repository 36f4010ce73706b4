from __future__ import annotations

from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import LedgerEntry

PAGE_SIZE = 50


@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    """The chain, newest first, for auditors."""
    from farewell.accounts import policy  # ledger imports nothing of ours at module level

    policy.require(request.user, "ledger.view")
    rows = LedgerEntry.objects.select_related("actor").defer("payload").order_by("-seq")
    page_obj = Paginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/entries.html", {"page_obj": page_obj})
