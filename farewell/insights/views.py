"""The profile brief (HTML and PDF), the flags list (预警) and the rule thresholds page."""

from __future__ import annotations

from functools import lru_cache

from django.conf import settings
from django.contrib import messages
from django.db.models import F, Func, IntegerField, Subquery
from django.db.models.functions import Coalesce
from django.forms import modelformset_factory
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import get_script_prefix, reverse
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from farewell.accounts import policy
from farewell.accounts.company_settings import settings_company
from farewell.common import language_caches
from farewell.common.documents import html_to_pdf
from farewell.common.filenames import attachment_header
from farewell.common.numbers import whole_number
from farewell.common.pagination import CappedPaginator
from farewell.common.prepared import Prepared, PreparedShapes
from farewell.common.prepared_pages import PreparedPaginator
from farewell.common.rows import labels
from farewell.common.xlsx import stream_xlsx
from farewell.org.filters import unit_scope
from farewell.org.models import Employee, OrgUnit
from farewell.org.shapes import q_of, shape_of
from farewell.org.unit_picker import UnitPickerWidget

from . import flagrows, services
from .brief import attendance_by_month, sparkline
from .forms import FlagRuleForm
from .models import Flag, FlagCount, FlagRule, RuleCode
from .present import flag_summary, page_gettext
from .profile import build_profile
from .rules import RULE_HELP

PAGE_SIZE = 50
BRIEF_PERIODS = 6


def _employee(request: HttpRequest, code) -> Employee:
    """The one access helper: 404 outside every scope, 403 in scope without insights.view."""
    return policy.get_employee_for_user(
        request.user, code, "insights.view",
        queryset=Employee.objects.select_related("org_unit", "position", "company").defer("id_number", "bank_account"),
    )


def _brief_context(employee: Employee) -> dict:
    today = timezone.localdate()
    profile = build_profile(employee, today=today)
    perf = profile["performance"]["rows"][-BRIEF_PERIODS:]
    attendance = attendance_by_month(profile["attendance"]["all"])[-12:]
    return {
        "employee": employee, "profile": profile, "today": today, "perf": perf,
        "perf_spark": sparkline([r["record"].score for r in perf], [r["average"] for r in perf], low=0, high=100),
        "attendance": attendance,
        "attendance_spark": sparkline([v for _, v in attendance], low=0),
    }


@require_GET
def brief(request: HttpRequest, code) -> HttpResponse:
    employee = _employee(request, code)
    return render(request, "insights/brief.html", _brief_context(employee))


@require_GET
def brief_pdf(request: HttpRequest, code) -> HttpResponse:
    employee = _employee(request, code)
    html = render_to_string("insights/brief.html", {**_brief_context(employee), "printing": True}, request=request)
    pdf = html_to_pdf(html, base_url=(settings.BASE_DIR / "static").as_uri() + "/")
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"brief-{employee.employee_number}.pdf"
    response["Content-Disposition"] = attachment_header(filename)
    return response


FLAG_FIELDS = ("pk", "rule", "tone", "facts", "computed_at", "employee")


def _narrowed(scoped, unit_path: str | None, unit_company: int | None, rule: str):
    """The scope's flags narrowed by the list's filters, in the list's order."""
    # By rule, then by employee (the index flag_company_rule_employee_idx walks it: the first page reads
    # 50 flags instead of joining and sorting every flag of the company).
    flags = scoped.only(*FLAG_FIELDS).order_by("rule", "employee_id")
    if unit_path is not None:
        flags = flags.filter(employee__org_unit__path__startswith=unit_path, employee__company_id=unit_company)
    if rule:
        flags = flags.filter(rule=rule)
    return flags


def _chosen(request: HttpRequest):
    """The unit (looked up in the user's scope, or None) and the rule ("" for every rule) the list shows."""
    unit_pk = request.GET.get("unit", "")
    rule = request.GET.get("rule") if request.GET.get("rule") in RuleCode.values else ""
    unit = whole_number(unit_pk)
    return (_unit_in_scope(request.user, unit) if unit is not None else None), rule


UNIT_FIELDS = ("pk", "name", "path", "company_id")
# A unit by its primary key, compiled once per process (common/prepared.py); a bigger number is no unit.
_UNIT_BY_PK = Prepared(lambda pk: OrgUnit.objects.filter(pk=pk).only(*UNIT_FIELDS))
_PK_RANGE = range(-(2**63), 2**63)


def _unit_in_scope(user, pk: int) -> OrgUnit | None:
    """The unit `pk` when it lies in the units the user may filter by (org.filters.units_for), else None:
    one unit read and checked against the request's grants in Python; the scope's query decides only
    what the grants cannot tell (a manager's reports). The picker loads the other units on demand."""
    found = _UNIT_BY_PK(pk) if pk in _PK_RANGE else []
    if not found:
        return None
    scope = unit_scope(user)
    held = scope.holds(found[0])
    if held is None:
        return scope.units().filter(pk=pk).only(*UNIT_FIELDS).first()
    return found[0] if held else None


def _scoped(user):
    """The flags the user may see."""
    companies = policy.whole_companies(user, "insights.view")
    return (Flag.objects.filter(company_id__in=companies) if companies
            else Flag.objects.filter(employee__in=policy.employees_for(user, "insights.view")))


def _filtered_flags(request: HttpRequest):
    """The flags the user may see, narrowed by the list's filters: (flags, unit picker, unit, rule)."""
    unit, rule = _chosen(request)
    flags = _narrowed(_scoped(request.user), unit and unit.path, unit and unit.company_id, rule)
    return flags, _unit_picker(unit), unit, rule


def _unit_picker(unit) -> str:
    return UnitPickerWidget().render("unit", unit, attrs={"id": "unit"})


# The list's page queries, compiled once per shape: the user's scope (whole companies or policy.scope_q)
# and the filters picked.
_FLAG_PAGES = PreparedShapes(paged=True)


def _paginator(request: HttpRequest, unit, rule: str) -> CappedPaginator:
    """The page's paginator: its query compiled once per shape of scope and filters (common/prepared_pages.py),
    or built afresh where no mark stands for a value (an empty scope, a very wide tree's subquery)."""
    user = request.user
    companies = policy.whole_companies(user, "insights.view")
    if companies:
        scope_key, scope_values = ("companies", len(companies)), list(companies)
    else:
        scope = policy.scope_q(user, roles=policy.ACTIONS["insights.view"])
        split = shape_of(scope) if scope is not None else None
        if split is None:
            return CappedPaginator(_narrowed(_scoped(user), unit and unit.path, unit and unit.company_id, rule),
                                   PAGE_SIZE, rows=flagrows.flag_values)
        scope_key, scope_values = ("employees", split[0]), split[1]
    unit_values = [unit.path, unit.company_id] if unit is not None else []

    def build(*values):
        marks = iter(values)
        if companies:
            scoped = Flag.objects.filter(company_id__in=[next(marks) for _company in companies])
        else:
            scoped = Flag.objects.filter(employee__in=Employee.objects.filter(q_of(scope_key[1], marks)))
        path, company = (next(marks), next(marks)) if unit is not None else (None, None)
        return _narrowed(scoped, path, company, next(marks) if rule else "")

    def kept(*values):
        """The list's exact length from the counts the recompute keeps (FlagCount), for whole companies with
        no unit filter: the flags themselves carry the company and the rule, so those counts are the list's."""
        marks = iter(values)
        counts = FlagCount.objects.filter(company_id__in=[next(marks) for _company in companies])
        if rule:
            counts = counts.filter(rule=next(marks))
        return Coalesce(Subquery(counts.order_by().values(total=Func(F("flags"), function="SUM"))), 0,
                        output_field=IntegerField())

    return PreparedPaginator(PAGE_SIZE, rows=flagrows.flag_values, shapes=_FLAG_PAGES, key=(scope_key, unit is not None, bool(rule)),
                             build=build, values=[*scope_values, *unit_values, *([rule] if rule else [])],
                             totals=kept if companies and unit is None else None)


# (label, url name, policy action): the pages linked from the flags page's header.
ANALYSES = [
    (gettext_lazy("离职风险"), "insights:risk", "insights.risk_report"),
    (gettext_lazy("在职时长（生存分析）"), "insights:survival", "insights.survival"),
    (gettext_lazy("员工的说明请求"), "insights:explanations", "insights.explanations"),
]


# What the header links to beside the export: the analyses, then the rules' settings, each for those allowed.
HEADER_ACTIONS = (*(action for _label, _name, action in ANALYSES), "insights.configure")


@require_GET
def flag_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "insights.view")
    unit, rule = _chosen(request)
    units = _unit_picker(unit)
    # Values, not model instances: the page's employees and evidence in one round trip, the evidence's
    # labels from the facts stored with it, the rows written in Python (flagrows.py).
    # The capped count comes with the page's flags (one query, common/pagination.py).
    page_obj = _paginator(request, unit, rule).get_page(request.GET.get("page"))
    gettext_once = page_gettext()
    page_obj.object_list = flagrows.page_rows(page_obj.object_list, gettext_once)
    export_query = request.GET.copy()
    export_query.pop("page", None)
    allowed = tuple(action for action in HEADER_ACTIONS if policy.allows(request.user, action))
    return render(request, "insights/flag_list.html", {
        "page_obj": page_obj, "rows": flagrows.rows_html(page_obj.object_list, gettext_once), "units": units, "unit": unit,
        "rule_options": _rule_options(get_language(), rule), "header": header_html(allowed, export_query.urlencode()),
    })


def header_html(actions: tuple[str, ...], export_query: str) -> SafeString:
    """The header: the title, the export link with the list's filters, the links of `actions` (HEADER_ACTIONS)."""
    head, tail = _header(get_script_prefix(), get_language(), actions)
    return SafeString(f"{head}?{escape(export_query)}{tail}" if export_query else f"{head}{tail}")


@language_caches.register_cache
@lru_cache(maxsize=64)
def _header(prefix: str, language: str, actions: tuple[str, ...]) -> tuple[str, str]:
    """The page's header before and after its export link's query, written once per script prefix (its links
    are reversed under it), language and set of links the user may follow (`actions`): the template's tags
    cost ~0.15 ms a request (issue 14). Code and the catalogue only, so nothing here goes stale."""
    # The words outside the f-strings: xgettext does not read f-string expressions.
    rules, title, export = escape(_("预警规则")), escape(_("预警")), escape(_("导出 Excel"))
    lead = escape(_("规则依据记录得出的信号，每条附产生它的记录；不是结论，也不是离职评分。"))
    # The other analyses of 预警, reached from here (they have no entry of their own in the bar).
    analyses = "".join(f'<a class="btn btn-sm btn-outline-secondary" href="{escape(reverse(name))}" data-analysis>'
                       f'{escape(str(label))}</a>' for label, name, action in ANALYSES if action in actions)
    configure = (f'<a class="btn btn-sm btn-outline-secondary" href="{escape(reverse("insights:rules"))}">'
                 f'{rules}</a>' if "insights.configure" in actions else "")
    head = ('<div class="d-flex flex-wrap align-items-center gap-2 mb-3">\n'
            f'  <h1 class="h3 mb-0">{title}</h1>\n'
            f'  <span class="text-body-secondary small">{lead}</span>\n'
            f'  <a class="btn btn-sm btn-outline-secondary ms-auto" href="{escape(reverse("insights:flag_export"))}')
    return head, f'">{export}</a>\n  {analyses}\n  {configure}\n</div>'


@language_caches.register_cache
@lru_cache(maxsize=64)
def _rule_options(language: str, chosen: str) -> SafeString:
    """The rule filter's options (the first, 全部, stays in the template), written once per language and
    choice: the rules are code and their names the catalogue's, so nothing here goes stale."""
    return SafeString("".join(
        f'<option value="{escape(value)}"{" selected" if value == chosen else ""}>{escape(label)}</option>'
        for value, label in labels(RuleCode.choices).items()))


@require_GET
def flag_export(request: HttpRequest) -> HttpResponse:
    """The flags list as XLSX, with the list's filters and scope."""
    policy.require(request.user, "insights.view")
    flags, _units, _unit, _rule = _filtered_flags(request)
    rules = dict(RuleCode.choices)
    headers = [_("工号"), _("姓名"), _("部门"), _("预警"), _("事实"), _("计算时间")]

    def rows():
        joined = flags.select_related("employee__org_unit").only(
            *FLAG_FIELDS, "employee__employee_number", "employee__name", "employee__org_unit__name")
        for flag in joined.iterator(chunk_size=2000):
            yield [
                flag.employee.employee_number, flag.employee.name, flag.employee.org_unit.name,
                str(rules.get(flag.rule, flag.rule)), flag_summary(flag),
                timezone.localtime(flag.computed_at).replace(tzinfo=None),  # Excel has no time zones
            ]

    return stream_xlsx(f"预警-{timezone.localdate():%Y%m%d}.xlsx", _("预警"), headers, rows())


RuleFormSet = modelformset_factory(FlagRule, form=FlagRuleForm, extra=0, can_delete=False)


@require_http_methods(["GET", "POST"])
def rule_settings(request: HttpRequest) -> HttpResponse:
    chosen = settings_company(request, "insights.configure")
    queryset = FlagRule.objects.filter(company=chosen.company).order_by("pk")  # this company's rules only
    formset = RuleFormSet(request.POST or None, queryset=queryset)
    if request.method == "POST" and formset.is_valid():
        services.save_rules(formset, company=chosen.company, acting_user=request.user)
        if "recompute" in request.POST:
            services.schedule_recompute(chosen.company, acting_user=request.user)
            messages.success(request, _("阈值已保存，已安排重新计算预警。"))
        else:
            messages.success(request, _("阈值已保存；下次计算预警时生效。"))
        return redirect(f"{reverse('insights:rules')}?{chosen.query}")
    rows = [(form, RULE_HELP.get(form.instance.code, "")) for form in formset.forms]
    return render(request, "insights/rule_settings.html", {"formset": formset, "rows": rows,
                                                           "settings_company": chosen},
                  status=400 if request.method == "POST" else 200)


@require_GET
def index(request: HttpRequest) -> HttpResponse:
    """/insights/: the flags list, which the navbar's 预警 opens (the path had no page and answered 404)."""
    policy.require(request.user, "insights.view")
    return redirect("insights:flags")
