"""离职分析: the turnover report (HR and leadership), its XLSX export, the anonymous survey
aggregates, and improvement actions."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from farewell.accounts import policy
from farewell.accounts.models import RoleGrant, User
from farewell.common.documents import html_to_pdf
from farewell.common.filenames import attachment_header
from farewell.common.numbers import whole_number
from farewell.common.xlsx import stream_xlsx
from farewell.insights.brief import sparkline
from farewell.org.models import Company, OrgUnit

from . import actions as action_services
from . import report as turnover
from .access import actions_for, get_action_for_user
from .forms import ActionForm, ActionUpdateForm, ReportFilterForm
from .models import ExitReason, ReplacementCost
from .services import ExitError


def _scope(request: HttpRequest, action: str = "exits.report") -> tuple[turnover.Scope, Company]:
    """The company the report is about (?company=<code>, else the user's first) and the unit paths
    the user's grants cover in it."""
    policy.require(request.user, action)
    companies = Company.objects.filter(pk__in=policy.company_ids(request.user)).order_by("pk")
    wanted = request.GET.get("company")
    if wanted:
        try:
            companies = companies.filter(code=uuid.UUID(wanted))
        except ValueError:  # a malformed code is not found
            raise Http404 from None
    for company in companies:
        paths = policy.unit_scope(request.user, action, company.pk)
        if paths != []:
            return turnover.Scope(company.pk, paths), company
    raise Http404


def _units(scope: turnover.Scope):
    units = OrgUnit.objects.filter(company_id=scope.company_id).order_by("path")
    if scope.paths is not None:
        units = [u for u in units if any(u.path.startswith(p) for p in scope.paths)]
    return list(units)


def _filters(request: HttpRequest, scope: turnover.Scope):
    """The filter form and the period and unit it selects. A value the form refuses (a unit that is not a
    number, outside the user's scope or gone; a year out of range) is left out, as the lists leave out an
    invalid filter: the report is built from the valid ones and the defaults, and the form says what was wrong
    beside the field (issue: a bad ?unit= gave a 400 page with no report)."""
    today = timezone.localdate()
    units = _units(scope)
    defaults = {"granularity": turnover.Granularity.QUARTER, "year": today.year, "dimension": "unit", "unit": "",
                "kind": ""}
    data = {**defaults, "index": (today.month - 1) // 3 + 1}
    data.update({k: v for k, v in request.GET.items() if k in data})
    form = ReportFilterForm(data, units=units)
    form.is_valid()
    clean = {**defaults, **{k: v for k, v in form.cleaned_data.items() if k not in form.errors}}
    granularity = clean["granularity"]
    if granularity == turnover.Granularity.YEAR:
        index = 1
    elif "index" in form.errors or not clean.get("index"):
        index = today.month if granularity == turnover.Granularity.MONTH else (today.month - 1) // 3 + 1
    else:
        index = clean["index"]
    clean["index"] = index
    period = turnover.period_for(granularity, clean["year"], index)
    parent = next((u for u in units if str(u.code) == clean.get("unit")), None)
    return form, clean, period, parent


@require_GET
def report(request: HttpRequest) -> HttpResponse:
    scope, company = _scope(request)
    form, clean, period, parent = _filters(request, scope)
    others = [c for c in Company.objects.filter(pk__in=policy.company_ids(request.user)).exclude(pk=company.pk)
              .order_by("pk") if policy.unit_scope(request.user, "exits.report", c.pk) != []]
    context = {"form": form, "company": company, "min_group": turnover.MIN_GROUP, "other_companies": others,
               "can_view_departures": policy.allows(request.user, "exits.view"),
               "can_view_survival": policy.allows(request.user, "insights.survival")}
    result = turnover.build(scope, period, clean["granularity"], clean.get("dimension") or "unit",
                            parent=parent, kind=clean.get("kind") or "")
    context.update({
        "report": result, "charts": result.charts,
        "clusters": turnover.clusters(scope, period, parent) if policy.allows(request.user, "exits.edit") else [],
        "export_query": _valid_query(request, form),
        "dimension_label": dict(turnover.DIMENSIONS).get(result.dimension, ""),
        "actions": _action_effects(request.user, company),
        # No replacement cost set for any position: the cost is compensation only, and the page says so.
        "replacement_costs_set": ReplacementCost.objects.filter(position__company=company).exists(),
        "can_set_replacement_costs": policy.allows(request.user, "exits.configure"),
    })
    return render(request, "exits/report.html", context)


def _valid_query(request: HttpRequest, form: ReportFilterForm) -> str:
    """The page's query without the values the form refused: the export has the numbers the page shows."""
    query = request.GET.copy()
    for name in form.errors:
        query.pop(name, None)
    return query.urlencode()


REPORT_ACTIONS = 5  # the latest actions on the report page (each effect is 4 aggregate queries)


def _action_effects(user, company) -> list[dict]:
    """Whether the measures moved: the latest improvement actions with their before/after."""
    today = timezone.localdate()
    latest = (actions_for(user).filter(company=company).select_related("reason", "org_unit", "owner").distinct()
              .order_by("-started_on", "-id")[:REPORT_ACTIONS])
    return [{"action": a, "effect": action_services.effect(a, today=today),
             "overdue": a.status in ("open", "in_progress") and a.due_date < today} for a in latest]


def _cell(value):
    return turnover.shown(value) if value is None else (float(value) if hasattr(value, "as_tuple") else value)


@require_GET
def report_export(request: HttpRequest) -> HttpResponse:
    """The report's tables as one XLSX sheet, suppressed groups as "<5"."""
    scope, company = _scope(request)
    _form, clean, period, parent = _filters(request, scope)
    result = turnover.build(scope, period, clean["granularity"], clean.get("dimension") or "unit", parent=parent,
                            kind=clean.get("kind") or "")
    headers = [str(dict(turnover.DIMENSIONS).get(result.dimension, "")), _("期初人数"), _("期末人数"), _("平均人数"),
               _("离职人数"), _("离职率（%）"), _("主动离职"), _("被动离职"), _("惋惜离职"), _("入职不满1年离职"),
               _("离职补偿（元）"), _("替换成本（元）")]

    def line(row: turnover.Row) -> list:
        if row.suppressed:
            return [row.label] + ["<5"] * (len(headers) - 1)
        return [row.label, row.headcount_start, row.headcount_end, float(row.average_headcount), row.leavers,
                _cell(row.turnover_rate), row.voluntary, row.involuntary, row.regrettable, row.first_year,
                *(["<5", "<5"] if row.cost_suppressed else [float(row.settlement), float(row.replacement)])]

    def rows():
        for row in result.rows:
            yield line(row)
        yield line(result.total)
        yield []
        yield [_("月份"), _("期初人数"), _("期末人数"), _("平均人数"), _("离职人数"), _("离职率（%）"), _("主动离职"),
               _("被动离职")]
        for point, row in result.trend:
            yield line(row)[:8] if not row.suppressed else [point.label] + ["<5"] * 7
        yield []
        yield [_("离职原因"), _("陈述"), _("核实"), _("核实与陈述一致")]
        for reason in result.reasons:
            yield [reason.label, turnover.shown(reason.stated), turnover.shown(reason.verified),
                   turnover.shown(reason.confirmed)]

    filename = f"turnover-{period.label}.xlsx"
    return stream_xlsx(filename, _("离职分析 %(period)s") % {"period": period.label}, headers, rows())


@require_GET
def report_pdf(request: HttpRequest) -> HttpResponse:
    """The report for leadership as a PDF (tables and a trend line; headless Chromium, common/documents)."""
    scope, company = _scope(request)
    _form, clean, period, parent = _filters(request, scope)
    result = turnover.build(scope, period, clean["granularity"], clean.get("dimension") or "unit", parent=parent,
                            kind=clean.get("kind") or "")
    rates = [None if row.suppressed else row.turnover_rate for _point, row in result.trend]
    html = render_to_string("exits/report_print.html", {
        "report": result, "company": company, "parent": parent, "min_group": turnover.MIN_GROUP,
        "dimension_label": dict(turnover.DIMENSIONS).get(result.dimension, ""), "printed_at": timezone.now(),
        "spark": sparkline(rates, low=0, width=180, height=24),
    }, request=request)
    pdf = html_to_pdf(html, base_url=(settings.BASE_DIR / "static").as_uri() + "/")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = attachment_header(f"turnover-{period.label}.pdf")
    return response


@require_GET
def survey_results(request: HttpRequest) -> HttpResponse:
    """The exit survey in aggregate (anonymous): per question the average and the distribution of scores,
    the reasons chosen, and free-text answers without names — each only from MIN_GROUP answers up."""
    scope, company = _scope(request)
    return render(request, "exits/survey_results.html", {
        "company": company, **turnover.survey_results(scope), "min_group": turnover.MIN_GROUP,
    })


# --- improvement actions ---------------------------------------------------------------------


@require_GET
def action_list(request: HttpRequest) -> HttpResponse:
    if not policy.allows(request.user, "exits.report"):
        raise PermissionDenied("exits.report")
    items = list(actions_for(request.user).select_related("reason", "org_unit", "owner").distinct()
                 .order_by("status", "due_date", "id"))
    today = timezone.localdate()
    rows = [{"action": a, "overdue": a.status in ("open", "in_progress") and a.due_date < today,
             "effect": action_services.effect(a, today=today)} for a in items]
    return render(request, "exits/action_list.html", {"rows": rows,
                                                      "can_create": policy.allows(request.user, "exits.edit")})


def _owners(company_id: int):
    """Who may own an action: active logins holding an HR or leadership grant in the company."""
    granted = RoleGrant.objects.filter(company_id=company_id, role__in=policy.ACTIONS["exits.report"]).values("user_id")
    return User.objects.filter(pk__in=granted, is_active=True).order_by("username")


@require_http_methods(["GET", "POST"])
def action_new(request: HttpRequest) -> HttpResponse:
    scope, company = _scope(request, "exits.edit")
    units = OrgUnit.objects.filter(company_id=scope.company_id).order_by("path")
    if scope.paths is not None:
        units = units.filter(pk__in=[u.pk for u in _units(scope)])
    initial = {"started_on": timezone.localdate(), "due_date": timezone.localdate() + dt.timedelta(days=90),
               "owner": request.user.pk}
    for key in ("reason", "cluster_start", "cluster_end"):
        if request.GET.get(key):
            initial[key] = request.GET[key]
    if request.GET.get("unit"):
        initial["org_unit"] = next((u.pk for u in units if str(u.code) == request.GET["unit"]), None)
    if request.GET.get("reason"):
        reason_pk = whole_number(request.GET["reason"])
        reason = (ExitReason.objects.filter(company_id=scope.company_id, pk=reason_pk).first()
                  if reason_pk is not None else None)
        if reason is not None:
            initial.setdefault("title", _("改进：%(reason)s") % {"reason": reason.label})
    form = ActionForm(request.POST or None, initial=initial, company_id=scope.company_id, units=units,
                      owners=_owners(scope.company_id))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        if data["org_unit"] is None and scope.paths is not None:
            form.add_error("org_unit", _("请选择您权限范围内的部门"))
        else:
            try:
                action = action_services.create_action(
                    acting_user=request.user, company=company, title=data["title"], reason=data["reason"],
                    org_unit=data["org_unit"], cluster_start=data["cluster_start"], cluster_end=data["cluster_end"],
                    owner=data["owner"], due_date=data["due_date"], measure=data["measure"],
                    started_on=data["started_on"])
            except ExitError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("改进措施已创建"))
                return redirect("exits:action_detail", code=action.code)
    return render(request, "exits/action_new.html", {"form": form, "company": company},
                  status=400 if request.method == "POST" else 200)


@require_http_methods(["GET", "POST"])
def action_detail(request: HttpRequest, code) -> HttpResponse:
    action = get_action_for_user(request.user, code)
    may_update = action.owner_id == request.user.pk or (
        policy.allows(request.user, "exits.edit") and action.company_id in policy.company_ids(request.user))
    form = ActionUpdateForm(request.POST or None, initial={
        "status": action.status, "due_date": action.due_date, "evidence": action.evidence})
    if request.method == "POST":
        if not may_update:
            raise PermissionDenied("exits.edit")
        if form.is_valid():
            try:
                action_services.update_action(action, acting_user=request.user, status=form.cleaned_data["status"],
                                              evidence=form.cleaned_data["evidence"],
                                              due_date=form.cleaned_data["due_date"])
            except ExitError as exc:
                messages.error(request, str(exc))
            else:
                messages.success(request, _("改进措施已更新"))
            return redirect("exits:action_detail", code=action.code)
    today = timezone.localdate()
    return render(request, "exits/action_detail.html", {
        "action": action, "form": form if may_update else None, "effect": action_services.effect(action, today=today),
        "overdue": action.status in ("open", "in_progress") and action.due_date < today,
        "report_url": reverse("exits:report"),
    }, status=400 if request.method == "POST" else 200)
