"""证据链: the audit administrator's page of the ledger (here in accounts: it needs the policy, the
ledger imports nothing of ours) — filters, search, pagination, exports and the verify button."""

from __future__ import annotations

import time

from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from farewell.common.pagination import CappedPaginator
from farewell.ledger.anchor import check_anchor, latest_anchor
from farewell.ledger.services import verify as verify_chain

from . import audit, policy

PAGE_SIZE = 50


@require_GET
def entries(request: HttpRequest) -> HttpResponse:
    """The chain, newest first, filtered."""
    policy.require(request.user, "ledger.view")
    form = audit.LedgerFilterForm(request.GET or None)
    rows = audit.ledger_rows(request.user, form).defer("payload")
    page_obj = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "ledger/entries.html", {
        "page_obj": page_obj, "form": form, "filtered": bool(form.active),
        "query": _filter_query(request),
    })


def _filter_query(request: HttpRequest) -> str:
    """The filter part of the query string (no page), for the export links."""
    query = request.GET.copy()
    query.pop("page", None)
    return query.urlencode()


def export_response(request: HttpRequest, what: str, fmt: str, form, back: str) -> HttpResponse:
    if fmt not in ("xlsx", "json"):
        raise Http404
    try:
        exported = audit.export(request.user, what, fmt, form)
    except audit.ExportTooLarge as exc:
        messages.error(request, str(exc))
        query = _filter_query(request)
        return redirect(f"{back}?{query}" if query else back)
    return FileResponse(exported.handle, as_attachment=True, filename=exported.name,
                        content_type=exported.content_type)


@require_GET
def export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered rows as XLSX or JSON (recorded in the ledger as an export)."""
    policy.require(request.user, "ledger.view")
    form = audit.LedgerFilterForm(request.GET or None)
    return export_response(request, "ledger", fmt, form, reverse("ledger:entries"))


@require_GET
def verify(request: HttpRequest) -> HttpResponse:
    """校验: re-compute the whole chain and check it against the newest anchor (a read: no record).
    The button on the list asks for the panel alone (htmx); without JavaScript it is a page."""
    policy.require(request.user, "ledger.view")
    started = time.monotonic()
    result = verify_chain()
    seconds = time.monotonic() - started
    found = latest_anchor()
    anchor = anchor_check = None
    if found is not None:
        anchor = found[1]
        anchor_check = check_anchor(anchor) if result.ok else None
    context = {"result": result, "seconds": seconds, "anchor": anchor, "anchor_file": found[0].name if found else "",
               "anchor_check": anchor_check}  # the folder's server path is the operator's, not shown
    template = "ledger/_verify.html" if request.headers.get("HX-Request") else "ledger/verify.html"
    return render(request, template, context)
