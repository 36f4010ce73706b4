from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET

from farewell.common.pagination import CappedPaginator

from . import policy
from .context_processors import navigation
from .models import AccessLog

PAGE_SIZE = 50


@require_GET
def no_access(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/no_access.html", status=403)


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "accesslog.view")
    rows = (
        AccessLog.objects.select_related("actor", "employee")
        .defer("employee__id_number", "employee__bank_account")  # never decrypted for a list
        .order_by("-at", "-pk")
    )
    page_obj = CappedPaginator(rows, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "accounts/access_log.html", {"page_obj": page_obj})


@require_GET
def home(request: HttpRequest) -> HttpResponse:
    """Send each person to the first page of the navigation they may use."""
    items = navigation(request)["nav_items"]
    if items:
        return redirect(items[0]["url"])
    return redirect("accounts:no_access")
