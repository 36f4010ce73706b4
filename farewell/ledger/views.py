from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from .models import LedgerEntry


@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    from farewell.accounts import policy  # ledger imports nothing of ours at module level

    policy.require(request.user, "ledger.view")
    rows = LedgerEntry.objects.select_related("actor").order_by("-seq")[:200]
    return render(request, "ledger/entries.html", {"rows": rows})
