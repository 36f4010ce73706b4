"""设置 · 当地工资标准: the local wage figures the law engine uses (3× cap, minimum-wage floor)."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from farewell.accounts import policy
from farewell.ledger.services import record

from . import wages
from .forms_settings import LocalWageFigureForm
from .models import Company, LocalWageFigure


@require_http_methods(["GET", "POST"])
def local_wages(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "settings.manage")
    form = LocalWageFigureForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        figure = form.save()
        record(
            "org.localwagefigure", figure.pk,
            {"city": figure.city, "kind": figure.kind, "year": figure.year,
             "effective_from": figure.effective_from, "amount": figure.amount, "source": figure.source},
            actor=request.user, event="local_wage_added",
        )
        messages.success(request, _("已添加：%(figure)s") % {"figure": figure})
        return redirect("settings:local_wages")
    today = timezone.localdate()
    table = wages.wage_table()
    in_use = []
    for company in Company.objects.filter(id__in=policy.company_ids(request.user)).order_by("name"):
        in_use.append({"company": company, "figures": table.lookup(company.city, today)})
    return render(request, "org/local_wages.html", {
        "form": form,
        "figures": LocalWageFigure.objects.all(),
        "in_use": in_use,
        "today": today,
    })
