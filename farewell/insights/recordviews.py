"""An employee's records of one kind, all of them (the profile shows the latest), and a record's own
address, which finds its row. Same access as the profile: insights.view on the employee."""

from __future__ import annotations

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET

from . import recordlists
from .rules import unit_review_averages
from .views import _employee


def _kind(slug: str) -> recordlists.RecordKind:
    try:
        return recordlists.KINDS[slug]
    except KeyError:
        raise Http404 from None


def _all_rows(kind: recordlists.RecordKind, employee) -> list:
    rows = kind.newest_first(kind.rows(employee))
    if kind.slug == "performancereview":
        _with_department_averages(rows, employee)
    return rows


def _with_department_averages(reviews: list, employee) -> None:
    """The department average beside each review, as on the profile (one GROUP BY per period kind)."""
    from farewell.records import periods

    for period_kind in {r.period_kind for r in reviews}:
        starts = [r.period_start for r in reviews if r.period_kind == period_kind]
        averages = unit_review_averages([employee.org_unit_id], employee.company_id, period_kind, starts)
        for r in reviews:
            if r.period_kind == period_kind:
                average = averages.get((employee.org_unit_id, r.period_start), {})
                r.average, r.average_count = average.get("score"), average.get("count", 0)
                r.label = f"{periods.label(r.period_kind, r.period_start)} ({r.get_period_kind_display()})"


@require_GET
def record_list(request: HttpRequest, code, kind: str) -> HttpResponse:
    employee = _employee(request, code)
    record_kind = _kind(kind)
    page_obj = Paginator(_all_rows(record_kind, employee), recordlists.LIST_PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "insights/record_list.html", {
        "employee": employee, "kind": record_kind, "page_obj": page_obj,
        "table": {"rows": page_obj.object_list, "template": record_kind.template, "more": None},
    })


@require_GET
def record(request: HttpRequest, code, kind: str, pk: int) -> HttpResponse:
    """To the record's row: on the profile when it shows it, otherwise on the list page holding it."""
    employee = _employee(request, code)
    record_kind = _kind(kind)
    if pk in recordlists.shown_on_profile(record_kind, employee):
        return redirect(f"{reverse('org:employee_detail', args=[employee.code])}#{record_kind.anchor(pk)}")
    pks = [r.pk for r in record_kind.newest_first(record_kind.rows(employee).only("pk", *_order_fields(record_kind)))]
    if pk not in pks:
        raise Http404
    page = pks.index(pk) // recordlists.LIST_PAGE_SIZE + 1
    return redirect(f"{recordlists.list_url(employee.code, kind)}?page={page}#{record_kind.anchor(pk)}")


def _order_fields(kind: recordlists.RecordKind) -> list[str]:
    return [field.replace(".", "__") for field in kind.order]
