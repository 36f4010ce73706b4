from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from . import policy
from .models import AccessLog


@require_GET
def no_access(request: HttpRequest) -> HttpResponse:
    return render(request, "accounts/no_access.html", status=403)


@require_GET
def access_log(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "accesslog.view")
    rows = AccessLog.objects.select_related("actor", "employee")[:200]
    return render(request, "accounts/access_log.html", {"rows": rows})
