"""设置 › 节假日: HR admins keep the State Council's holiday schedule the working calendar counts on."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from farewell.accounts import policy
from farewell.common.numbers import whole_number

from . import holidays
from .forms_holidays import HolidayForm
from .models import Holiday

ACTION = "settings.manage"
# The importer framework's kind for a holiday file (farewell/records/holiday_import.py).
IMPORT_KIND = "holidays"


def _get_holiday_for_user(request: HttpRequest, pk: int) -> Holiday:
    """The one access helper for a holiday row: HR admins only (the table is the same for every company)."""
    policy.require(request.user, ACTION)
    return get_object_or_404(Holiday, pk=pk)


def _import_urls() -> dict:
    """The import page and the file template of the importer framework (none when records is not installed)."""
    try:
        return {"import_url": reverse("records:import_index"),
                "template_url": reverse("records:template", args=[IMPORT_KIND])}
    except NoReverseMatch:
        return {}


@require_http_methods(["GET", "POST"])
def holiday_list(request: HttpRequest) -> HttpResponse:
    """The table, the years it makes known, and a form to add a day."""
    policy.require(request.user, ACTION)
    form = HolidayForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        holiday = holidays.add_holiday(day=c["day"], kind=c["kind"], notice=c["notice"], acting_user=request.user)
        messages.success(request, _("已添加：%(day)s") % {"day": holiday})
        return redirect("settings:holidays")
    year = whole_number(request.GET.get("year", ""), most=9999)  # anything else: the whole table, not echoed
    rows = Holiday.objects.all()
    if year:
        rows = rows.filter(day__year=year)
    today = timezone.localdate()
    return render(request, "org/holiday_list.html", {
        "form": form,
        "rows": rows,
        "years": holidays.year_summary(around=today.year),
        "year": year,
        **_import_urls(),
    }, status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def holiday_edit(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = _get_holiday_for_user(request, pk)
    form = HolidayForm(request.POST or None, instance=Holiday.objects.get(pk=holiday.pk))
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        holidays.change_holiday(holiday, day=c["day"], kind=c["kind"], notice=c["notice"], acting_user=request.user)
        messages.success(request, _("已保存：%(day)s") % {"day": holiday})
        return redirect("settings:holidays")
    return render(request, "org/holiday_edit.html", {"form": form, "holiday": holiday},
                  status=400 if request.method == "POST" else 200)


@require_POST
def holiday_delete(request: HttpRequest, pk: int) -> HttpResponse:
    holiday = _get_holiday_for_user(request, pk)
    label = str(holiday)
    holidays.delete_holiday(holiday, acting_user=request.user)
    messages.success(request, _("已删除：%(day)s") % {"day": label})
    return redirect("settings:holidays")
