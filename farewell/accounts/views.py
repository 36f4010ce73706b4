from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from farewell.common.pagination import CappedPaginator

from . import audit, policy
from .context_processors import navigation
from .views_ledger import export_response

PAGE_SIZE = 50


@require_GET
def no_access(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/no_access.html", status=403)


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    """访问日志 for the audit administrator: filtered, searched, paged (audit.access_rows)."""
    policy.require(request.user, "accesslog.view")
    form = audit.AccessLogFilterForm(request.GET or None)
    rows = audit.access_rows(request.user, form)
    page_obj = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "accounts/access_log.html", {
        "page_obj": page_obj, "form": form, "filtered": bool(form.active), "query": query.urlencode()})


@require_GET
def access_log_export(request: HttpRequest, fmt: str) -> HttpResponse:
    """The filtered access log as XLSX or JSON (recorded in the ledger as an export)."""
    policy.require(request.user, "accesslog.view")
    form = audit.AccessLogFilterForm(request.GET or None)
    return export_response(request, "access_log", fmt, form, reverse("accounts:access_log"))


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the first page of the navigation they may use."""
    items = navigation(request)["nav_items"]
    if items:
        return redirect(items[0]["url"])
    return redirect("accounts:no_access")
