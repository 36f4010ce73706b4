"""The employee list and the employee page."""

from __future__ import annotations

import datetime as dt
import html
from dataclasses import dataclass
from decimal import Decimal
from functools import lru_cache

from dateutil.relativedelta import relativedelta
from django.db.models import Q, QuerySet
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import SafeString
from django.utils.translation import get_language, gettext_lazy, gettext_noop
from django.views.decorators.http import require_GET, require_POST

from farewell.accounts import policy, services
from farewell.common import language_caches
from farewell.common.links import code_url, code_url_shape
from farewell.common.list_controls import filter_errors, filter_fields
from farewell.common.money import grouped_formatter, round_money
from farewell.common.pagination import CappedPaginator
from farewell.common.panels import prepare_panels
from farewell.common.prepared import INT_MARKS, UUID_MARK, Prepared, PreparedShapes, run_together
from farewell.common.prepared_pages import PreparedPaginator
from farewell.common.rows import escape_all, labels, url_for_code
from farewell.common.xlsx import stream_xlsx

from . import facts
from .filters import EmployeeFilter
from .models import (
    ContractKind,
    Employee,
    EmployeeStatus,
    EmploymentType,
    OrgUnit,
    StatusKind,
    StatusPeriod,
    WageMonth,
)
from .shapes import q_of, shape_of
from .tenure import cumulative_work_years, tenure

PAGE_SIZE = 50
SEARCH_COUNT_CAP = 1_000
WAGE_MONTHS_SHOWN = 24
# LCL 47 and 实施条例第27条: the monthly wage is the average of the 12 months before separation.
AVERAGE_WAGE_MONTHS = 12
# Recorded in the access log as the reason for reading (PIPL); stored, not translated.
PURPOSE_VIEW_PROFILE = gettext_noop("查看员工档案")  # stored as the msgid: worded when shown (accounts/purposes.py)
REVEALABLE_EMPLOYEE_FIELDS = {"id_number"}
MANAGER_CHAIN_FIELDS = ("pk", "code", "name", "employee_number", "company_id")


# The columns shown, read as named tuples (no model instance per row): no sensitive field is read.
LIST_FIELDS = ("pk", "code", "employee_number", "name", "employment_type", "hire_date", "status",
               "org_unit__name", "position__name")


def _list_row(url: str, number: str, name: str, unit: str, position: str, employment: str, hired: str, status: str,
              status_label: str) -> str:
    """One row of the list's table, its cells already escaped (_rows_html); an f-string, not str.format with
    nine keywords (~2 µs a row, issue 14)."""
    return f"""
        <tr>
          <td class="nowrap"><a href="{url}">{number}</a></td>
          <td class="nowrap"><a href="{url}">{name}</a></td>
          <td>{unit}</td>
          <td class="d-none d-md-table-cell">{position}</td>
          <td class="d-none d-lg-table-cell">{employment}</td>
          <td class="d-none d-sm-table-cell nowrap">{hired}</td>
          <td><span class="badge status-{status}">{status_label}</span></td>
        </tr>
        """


@language_caches.register_cache
@lru_cache(maxsize=16)
def _choice_html(language: str | None) -> tuple[dict[str, str], dict[str, str], dict[str, str]]:
    """The employment types' labels, the statuses' values and their labels, escaped, in `language` (the
    request's, read by the caller): translated once per language, not on every page. Not to be changed."""
    types = {value: html.escape(label) for value, label in labels(EmploymentType.choices).items()}
    status_labels = {value: html.escape(label) for value, label in labels(EmployeeStatus.choices).items()}
    return types, {value: html.escape(value) for value in status_labels}, status_labels


LIST_ORDER = ("employee_number", "pk")

# The filter form's columns and its errors under them (common/list_controls.py).
_FILTER_COLUMN = """
    <div class="%s">
      <label class="form-label small mb-1" for="{id}">{label}</label>
      {widget}
    </div>"""
FILTER_FIELDS = {name: _FILTER_COLUMN % column for name, column in (
    ("q", "col-12 col-md-6 col-lg-4"), ("org_unit", "col-6 col-md-3 col-lg-3"), ("position", "col-6 col-md-3 col-lg-3"),
    ("status", "col-6 col-md-3 col-lg-2"), ("hired_from", "col-6 col-md-3 col-lg-3"),
    ("hired_to", "col-6 col-md-3 col-lg-3"))}
FILTER_ERROR = """
  <div class="invalid-feedback d-block">{label}{colon}{error}</div>
  """


def _list_values(employees):
    return employees.values_list(*LIST_FIELDS, named=True)


def _rows_html(page_obj) -> SafeString:
    """The table's rows (_list_row for each employee of the page), every cell escaped as the template's
    autoescaping escapes it: the page's texts from the database together (common/rows.escape_all), the
    choices once per language (a value that is no choice, bad data, as itself); a code is a UUID's hex digits
    and hyphens. A dict of cells per row, each cell escaped on its own and the choices translated on every
    page were ~0.3 ms of the list's CPU (issue 14)."""
    head, tail = (html.escape(part) for part in code_url_shape("org:employee_detail"))
    types, statuses, status_labels = _choice_html(get_language())
    employees = list(page_obj)
    texts = []
    for e in employees:
        texts += (str(e.employee_number), str(e.name), str(e.org_unit__name),
                  "—" if e.position__name is None else str(e.position__name))
    escaped = iter(escape_all(texts))
    return SafeString("".join(_list_row(
        f"{head}{e.code}{tail}", next(escaped), next(escaped), next(escaped), next(escaped),
        types.get(e.employment_type) or html.escape(str(e.employment_type)), e.hire_date.isoformat(),
        statuses.get(e.status) or html.escape(str(e.status)),
        status_labels.get(e.status) or html.escape(str(e.status)),
    ) for e in employees))


def _listed(scope: Q, conditions) -> QuerySet:
    """The employees of the list: those in `scope` (policy.scope_q) narrowed by the filters' conditions, in
    the list's order (the same query as EmployeeFilter.qs over policy.employees_for, ordered)."""
    employees = Employee.objects.filter(scope).order_by(*LIST_ORDER)
    for condition in conditions:
        employees = employees.filter(condition)
    return employees


# The list's page queries (and the estimate's EXPLAIN), compiled once per shape: the user's scope and the
# filters picked (common/prepared_pages.py). Building and compiling them was ~1.5 ms of CPU per view.
_LIST_PAGES = PreparedShapes(paged=True)


def _list_paginator(request: HttpRequest, employee_filter: EmployeeFilter, also: tuple = ()) -> CappedPaginator:
    """The page's paginator: its queries compiled once per shape of scope and filters, or built afresh where
    no mark stands for a value (a very wide tree's subquery); nothing for a filter that is not valid. `also`:
    the page's other reads, run with its rows where they are prepared (PreparedPaginator)."""
    scope = policy.scope_q(request.user, roles=policy.ACTIONS["employee.list"])
    if scope is None or (employee_filter.is_bound and not employee_filter.is_valid()):
        paginator = CappedPaginator(Employee.objects.none(), PAGE_SIZE, rows=_list_values, estimate=True)
    else:
        splits = [shape_of(q) for q in (scope, *employee_filter.conditions)]
        if None in splits:
            paginator = CappedPaginator(_listed(scope, employee_filter.conditions), PAGE_SIZE, rows=_list_values,
                                        estimate=True)
        else:
            shapes = tuple(shape for shape, _values in splits)

            def build(*values):
                marks = iter(values)
                scoped, *conditions = (q_of(shape, marks) for shape in shapes)
                return _listed(scoped, conditions)
            paginator = PreparedPaginator(PAGE_SIZE, rows=_list_values, shapes=_LIST_PAGES, key=shapes, build=build,
                                          values=[value for _shape, values in splits for value in values],
                                          estimate=True, also=also)
    if request.GET.get("q", "").strip():
        # A search's count reads the matching rows (a name's first character matches thousands):
        # stop at SEARCH_COUNT_CAP and say "more than 1,000" (issue 14).
        paginator.cap = min(paginator.cap, SEARCH_COUNT_CAP)
    return paginator


@require_GET
def employee_list(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "employee.list")
    employee_filter = EmployeeFilter(request.GET or None, request=request)
    # The position options read in the round trip of the page's rows (one fewer on PostgreSQL, issue 14).
    positions = employee_filter.form.fields["position"]
    options = positions.options_read()
    paginator = _list_paginator(request, employee_filter, also=(options,) if options else ())
    page_obj = paginator.get_page(request.GET.get("page"))
    if getattr(paginator, "also_rows", None):
        positions.options = paginator.also_rows[0]
    export_query = request.GET.copy()
    export_query.pop("page", None)
    return render(
        request,
        "org/employee_list.html",
        {
            "filter": employee_filter,
            "filter_fields": filter_fields(employee_filter.form, FILTER_FIELDS),
            "filter_errors": filter_errors(employee_filter.form, FILTER_ERROR),
            "page_obj": page_obj,
            "rows_html": _rows_html(page_obj),
            "filtered": any(value for key, value in request.GET.items() if key != "page"),
            "can_export": policy.allows(request.user, "employee.export"),
            "can_edit": policy.allows(request.user, "employee.edit"),
            "export_query": export_query.urlencode(),
        },
    )


EXPORT_COLUMNS = (
    ("employee_number", gettext_lazy("工号")), ("name", gettext_lazy("姓名")), ("org_unit__name", gettext_lazy("部门")),
    ("position__name", gettext_lazy("岗位")), ("employment_type", gettext_lazy("用工类型")), ("hire_date", gettext_lazy("入职日期")),
    ("status", gettext_lazy("状态")), ("separation_date", gettext_lazy("离职日期")),
)


@require_GET
def employee_export(request: HttpRequest) -> HttpResponse:
    """The employee list as XLSX: the list's filters, within the export scope, no sensitive fields."""
    policy.require(request.user, "employee.export")
    employees = (
        policy.employees_for(request.user, "employee.export")
        .defer("id_number", "bank_account")
        .order_by("employee_number", "pk")
    )
    employee_filter = EmployeeFilter(request.GET or None, queryset=employees, request=request)
    if employee_filter.is_bound and not employee_filter.is_valid():
        employees = employees.none()
    else:
        employees = employee_filter.qs
    labels = {"employment_type": dict(EmploymentType.choices), "status": dict(EmployeeStatus.choices)}

    def rows():
        fields = [f for f, _label in EXPORT_COLUMNS]
        # values_list: only these columns are read (the sensitive ones never leave the database).
        for values in employees.values_list(*fields).iterator(chunk_size=2000):
            yield [
                str(labels[f].get(v, v)) if f in labels else ("" if v is None else v)
                for f, v in zip(fields, values, strict=True)
            ]

    filename = f"员工档案-{timezone.localdate():%Y%m%d}.xlsx"
    return stream_xlsx(filename, str(gettext_lazy("员工档案")), [str(label) for _f, label in EXPORT_COLUMNS], rows())


@dataclass(frozen=True)
class ChainLink:
    name: str
    employee_number: str
    code: object
    visible: bool


_CHAIN_PREFIXES = ["__".join(["manager"] * depth) for depth in range(1, policy.MANAGER_CHAIN_DEPTH + 1)]
# Four self-joins: compiled once per process (common/prepared.py), not on every page.
_MANAGER_CHAIN = Prepared(lambda pk: Employee.objects.filter(pk=pk).values(
    *[f"{prefix}__{field}" for prefix in _CHAIN_PREFIXES for field in MANAGER_CHAIN_FIELDS]))


def _manager_chain(user, employee: Employee, rows: list | None) -> list[ChainLink]:
    """The employee's manager, their manager, ... from what `_MANAGER_CHAIN` (one query: joins,
    depth-limited) gave for the employee (None: no manager, not read)."""
    if employee.manager_id is None:
        return []
    (values,) = rows
    chain, seen = [], {employee.pk}
    for prefix in _CHAIN_PREFIXES:
        pk = values[f"{prefix}__pk"]
        if pk is None or pk in seen:  # the top, or a loop in bad data
            break
        seen.add(pk)
        chain.append({field: values[f"{prefix}__{field}"] for field in MANAGER_CHAIN_FIELDS})
    whole = policy.whole_companies(user, "employee.view")
    if whole is not None:  # whole companies only (an HR admin's scope): no query
        visible = {link["pk"] for link in chain if link["company_id"] in whole}
    else:
        visible = set(
            policy.employees_for(user, "employee.view")
            .filter(pk__in=[link["pk"] for link in chain])
            .values_list("pk", flat=True)
        )
    return [
        ChainLink(link["name"], link["employee_number"], link["code"], link["pk"] in visible) for link in chain
    ]


# The names of a unit and its parents, SQL compiled once per depth (common/prepared.py).
_ANCESTOR_NAMES: dict[int, Prepared] = {}


@dataclass(frozen=True)
class UnitName:
    name: str


def _ancestors_read(unit: OrgUnit) -> tuple[Prepared, tuple]:
    """The query of the names of the unit and its parents, root first, from the materialised path
    ("0001.0004.")."""
    segments = unit.path.split(".")[:-1]
    prefixes = [".".join(segments[: i + 1]) + "." for i in range(len(segments))]
    names = _ANCESTOR_NAMES.get(len(prefixes))
    if names is None:
        names = _ANCESTOR_NAMES[len(prefixes)] = Prepared(
            lambda company_id, *paths: OrgUnit.objects.filter(company_id=company_id, path__in=paths).order_by(
                "depth", "path").values_list("name", flat=True),
            marks=(INT_MARKS[0], *(f"~{i}~" for i in range(len(prefixes)))))
    return names, (unit.company_id, *prefixes)


@dataclass(frozen=True)
class AverageWage:
    amount: Decimal | None
    months: int
    first: dt.date
    last: dt.date


def _average_wage(wages: list[WageMonth], reference: dt.date) -> AverageWage:
    """The average `total` of the 12 calendar months before the reference month, months not
    worked left out (实施条例第27条: fewer than 12 months → the months actually worked)."""
    end = reference.replace(day=1)
    start = end - relativedelta(months=AVERAGE_WAGE_MONTHS)
    totals = [w.total for w in wages if start <= w.month < end]
    amount = round_money(sum(totals, Decimal(0)) / len(totals)) if totals else None
    return AverageWage(amount, len(totals), start, end - relativedelta(months=1))


# One row of the wage table, as the template's loop printed it (its cells escaped).
WAGE_ROW = """
            <tr>
              <td class="nowrap">{month}</td>
              <td class="num">{base}</td>
              <td class="num">{bonus}</td>
              <td class="num">{allowances}</td>
              <td class="num">{overtime}</td>
              <td class="num fw-semibold">{total}</td>
            </tr>
            """


def _wage_rows(wages: list[WageMonth]) -> list[dict]:
    """The wage table's cells as the template printed them (|date:"Y-m", |floatformat:"2g"), formatted
    here with the language's number formats read once (common/money.py)."""
    amount = grouped_formatter(2)
    return [{"month": f"{w.month:%Y-%m}", "base": amount(w.base), "bonus": amount(w.bonus),
             "allowances": amount(w.allowances), "overtime": amount(w.overtime), "total": amount(w.total)}
            for w in wages]


def _wage_rows_html(rows: list[dict]) -> SafeString:
    """The wage table's rows (24 rows of six cells were ~1 ms of the page's render as a template loop)."""
    return SafeString("".join(WAGE_ROW.format_map({k: escape(v) for k, v in row.items()}) for row in rows))


# One row of the contracts table, as the template's loop printed it (its cells escaped).
CONTRACT_ROW = """
            <tr>
              <td class="num">{sequence}</td>
              <td>{kind}</td>
              <td class="nowrap">{start}</td>
              <td class="nowrap">{end}</td>
              <td class="nowrap">{probation_end}</td>
              <td class="nowrap">{signed}</td>
            </tr>
            """


def _day(day: dt.date | None, default: str = "—") -> str:
    """`|date:"Y-m-d"|default:"—"`."""
    return f"{day.year:04d}-{day.month:02d}-{day.day:02d}" if day else default


def _contract_rows_html(contracts: list) -> SafeString:
    """The contracts table's rows (a template loop of four dates and a label per row was ~1 ms of the page)."""
    kinds = labels(ContractKind.choices)
    return SafeString("".join(CONTRACT_ROW.format(
        sequence=c.sequence, kind=escape(kinds.get(c.kind, c.kind)), start=_day(c.start_date, ""),
        end=_day(c.end_date), probation_end=_day(c.probation_end_date), signed=_day(c.signed_date),
    ) for c in contracts))


# One link of the manager chain, as the template's loop printed it.
CHAIN_LINK = """
              <li>{link}</li>
              """


def _manager_chain_html(chain: list[ChainLink]) -> SafeString:
    """The manager chain's items, each person linked where the user may see them (one reverse for all)."""
    if not chain:
        return SafeString("")
    url = url_for_code("org:employee_detail")
    return SafeString("".join(CHAIN_LINK.format(
        link=f'<a href="{url(link.code)}">{escape(link.name)}</a>' if link.visible else escape(link.name))
        for link in chain))


def _employee_page_row(queryset):
    return queryset.select_related("org_unit", "position", "company").defer("id_number", "bank_account")


# The employee the page shows, read by its code with SQL compiled once (common/prepared.py).
_EMPLOYEE_BY_CODE = Prepared(lambda code: _employee_page_row(Employee.objects.filter(code=code)), marks=(UUID_MARK,))


def _employee_urls(code) -> dict[str, str]:
    """The page's buttons' addresses (a reverse() each was ~0.4 ms of the page; common/links.py)."""
    return {"edit": code_url("org:employee_edit", code), "contracts": code_url("org:employee_contracts", code),
            "wages": code_url("org:employee_wages", code), "status_periods": code_url("org:status_periods", code),
            "status": code_url("org:employee_status", code), "invite": code_url("accounts:invite_employee", code),
            "reveal_id_number": code_url("org:employee_reveal", code, "id_number")}


@require_GET
def employee_detail(request: HttpRequest, code) -> HttpResponse:
    employee = policy.get_employee_for_user(
        request.user, code, "employee.view", queryset=_employee_page_row(Employee.objects.all()),
        by_code=_EMPLOYEE_BY_CODE,
    )
    today = timezone.localdate()
    reference = min(today, employee.separation_date) if employee.separation_date else today
    # Panels from apps further down the flow (insights' profile, ...): their queries go with the page's; each
    # template is rendered within the page's render ({% render_panel %}), the context processors run once.
    panels = prepare_panels("employee_detail", request, employee)
    # Contracts, wages and protected periods read once: the panels (the estimate) use the same rows. With
    # the unit's parents, the manager chain and the panels' queries: one round trip on PostgreSQL
    # (common/prepared.run_together).
    wages_until = reference.replace(day=1) + relativedelta(months=1)
    chain = [(_MANAGER_CHAIN, (employee.pk,))] if employee.manager_id is not None else []
    page_reads = [*facts.reads(employee, wages_until=wages_until), _ancestors_read(employee.org_unit), *chain]
    rows = run_together(*page_reads, *panels.calls)
    known = facts.remember(employee, wages_until=wages_until, wage_months=WAGE_MONTHS_SHOWN, rows=rows[:3])
    unit_names, chain_rows = rows[3], (rows[4] if chain else None)
    wages = known.wages
    wage_rows = _wage_rows(wages)
    status_periods = known.periods
    panels = panels.build(rows[len(page_reads):])
    manager_chain = _manager_chain(request.user, employee, chain_rows)
    context = {
        "employee": employee,
        "units": [UnitName(name) for name in unit_names],
        "manager_chain": manager_chain,
        "manager_chain_html": _manager_chain_html(manager_chain),
        "contracts": known.contracts,
        "contract_rows_html": _contract_rows_html(known.contracts),
        "urls": _employee_urls(employee.code),
        "wages": wages,
        "wage_rows": wage_rows,
        "wage_rows_html": _wage_rows_html(wage_rows),
        "average_wage": _average_wage(wages, reference),
        "status_periods": status_periods,
        "protected_now": any(
            p.protected and p.start_date <= today and (p.end_date is None or p.end_date >= today)
            for p in status_periods
        ),
        "tenure": tenure(employee.hire_date, as_of=today, separation_date=employee.separation_date),
        "cumulative_years": cumulative_work_years(employee.first_work_date, as_of=today),
        "can_view_sensitive": policy.allows(request.user, "employee.view_sensitive"),
        # The HR pages' buttons (编辑, 合同, 工资, 特殊保护期): only for HR whose scope covers this person.
        "can_edit": policy.allows(request.user, "employee.edit") and policy.covers(request.user, "employee.edit", employee),
        "panels": panels,
        "today": today,
    }
    return render(request, "org/employee_detail.html", context)


@require_POST
def employee_reveal(request: HttpRequest, code, field: str) -> HttpResponse:
    """One sensitive value of an employee, read through the access log (htmx swaps it in)."""
    if field not in REVEALABLE_EMPLOYEE_FIELDS:
        raise Http404
    employee = policy.get_employee_for_user(
        request.user, code, "employee.view_sensitive", queryset=Employee.objects.defer("id_number", "bank_account")
    )
    value = services.read_sensitive(employee, field, actor=request.user, purpose=PURPOSE_VIEW_PROFILE)
    return render(request, "org/_sensitive_value.html", {"value": value})


@require_POST
def status_period_reveal(request: HttpRequest, code, period_id: int) -> HttpResponse:
    """A protected-status period's kind and notes (health data), read through the access log."""
    employee = policy.get_employee_for_user(
        request.user, code, "employee.view_sensitive", queryset=Employee.objects.defer("id_number", "bank_account")
    )
    period = get_object_or_404(StatusPeriod.objects.defer("kind", "notes"), pk=period_id, employee=employee)
    kind = services.read_sensitive(period, "kind", actor=request.user, purpose=PURPOSE_VIEW_PROFILE)
    notes = services.read_sensitive(period, "notes", actor=request.user, purpose=PURPOSE_VIEW_PROFILE)
    label = StatusKind(kind).label if kind in StatusKind.values else kind
    return render(request, "org/_status_period_kind.html", {"kind": label, "notes": notes})
