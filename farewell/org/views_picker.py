"""The org-unit picker's options (htmx), within the units the user may filter lists by."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from farewell.accounts import policy

from .filters import units_for
from .unit_picker import MAX_OPTIONS, options_for


@require_GET
def unit_picker(request: HttpRequest) -> HttpResponse:
    """Up to MAX_OPTIONS units matching `unit_q` (or the top of the scope), each with its path."""
    policy.require(request.user, "org.view")
    options = options_for(units_for(request.user), request.GET.get("unit_q", ""))
    return render(request, "org/widgets/_unit_options.html",
                  {"options": options, "more": len(options) >= MAX_OPTIONS, "max": MAX_OPTIONS})
