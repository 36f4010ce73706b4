"""Separation case pages: list, inbox, open, detail, and the POST actions on a case."""

from __future__ import annotations

import datetime as dt
from functools import lru_cache

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.db.models import Exists, OuterRef, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import escape, format_html
from django.utils.safestring import mark_safe
from django.utils.translation import get_language, gettext_noop
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.file_reads import download
from farewell.accounts.models import Role
from farewell.common import language_caches
from farewell.common.list_controls import filter_fields
from farewell.common.money import round_money
from farewell.common.notifications import Notification
from farewell.common.pagination import CappedPaginator
from farewell.common.panels import render_panels
from farewell.common.prepared import PreparedShapes
from farewell.common.prepared_pages import PreparedPaginator
from farewell.common.rows import html_rows, url_for_code
from farewell.common.templatetags.punct import enumeration_comma
from farewell.common.xlsx import stream_xlsx
from farewell.law.procedure import TITLES as PROCEDURE_TITLES
from farewell.law.procedure import title as procedure_title
from farewell.ledger.services import entries_for
from farewell.org import holidays
from farewell.org.filters import unit_scope
from farewell.org.models import Employee
from farewell.org.shapes import q_of, shape_of
from farewell.org.subtree import unit_subtree_q

from . import civil_service, engine_calls, leave_years, services, workflow
from .access import cases_for, cases_in, get_case_for_user, sees_extra_cap
from .exports import case_rows, headers
from .forms import (
    ActionForm,
    CaseFactsForm,
    CaseFilterForm,
    DecisionForm,
    MessageForm,
    OpenCaseForm,
)
from .models import (
    CIVIL_SERVICE_TYPES,
    BatchStatus,
    CaseStatus,
    CaseStep,
    CaseType,
    LayoffStep,
    Risk,
    SeparationCase,
    StepStatus,
)
from .notices import NoticeError
from .presentation import event_label, present, present_case
from .uploads import ACCEPT

CASES_PER_PAGE = 50


def _overdue_subquery(today):
    return Exists(CaseStep.objects.filter(case=OuterRef("pk"), status=StepStatus.ACTIVE, due_date__lt=today))


def _chosen(form: CaseFilterForm) -> tuple[list, Q | None, bool] | None:
    """The valid filters: [(field, value)] of the choices picked, the unit's Q, overdue only; None for a
    filter that is not valid (e.g. a unit outside the user's scope), which matches nothing."""
    if form.is_valid():
        c = form.cleaned_data
        unit = c["org_unit"]  # within the user's units (the field's queryset)
        return ([(name, c[name]) for name in ("case_type", "status", "risk") if c[name]],
                unit_subtree_q(unit, prefix="employee__") if unit else None, bool(c["overdue"]))
    if form.is_bound:
        return None
    return [], None, False


def _listed(cases, today, fields: list, unit: Q | None, overdue: bool):
    """The cases of the list: `cases` (the user's) narrowed by the filters, in the list's order."""
    qs = cases.select_related("employee__org_unit").annotate(overdue=_overdue_subquery(today))
    for name, value in fields:
        qs = qs.filter(**{name: value})
    if unit is not None:
        qs = qs.filter(unit)
    if overdue:
        qs = qs.filter(overdue=True)
    return qs.order_by("-created_at", "-id")


def _filtered(user, form: CaseFilterForm):
    """The cases in the user's scope the form selects."""
    chosen = _chosen(form)
    listed = _listed(cases_for(user), timezone.localdate(), *(chosen or ([], None, False)))
    return listed if chosen is not None else listed.none()


def _filtered_cases(request: HttpRequest):
    """The list's filter form and the cases in the user's scope it selects (the list and the export)."""
    form = CaseFilterForm(request.GET or None, scope=unit_scope(request.user))
    return form, _filtered(request.user, form)


def _list_columns(cases):
    """The columns shown, as tuples (no model instance per row): the employee's encrypted fields are never
    read (nor decrypted, 2 per row)."""
    return cases.values_list(*LIST_FIELDS)


# The list's page queries, compiled once per shape: the user's scope (policy.scope_q) and the filters picked.
_LIST_PAGES = PreparedShapes(paged=True)


def _list_paginator(request: HttpRequest, form: CaseFilterForm) -> CappedPaginator:
    """The page's paginator: its query compiled once per shape of scope and filters (common/prepared_pages.py),
    or built afresh where no mark stands for a value (an invalid filter, a very wide tree's subquery)."""
    scope = policy.scope_q(request.user, roles=policy.ACTIONS["case.view"])
    chosen = _chosen(form)
    if scope is not None and chosen is not None:
        fields, unit, overdue = chosen
        scope_split, unit_split = shape_of(scope), shape_of(unit) if unit is not None else ((), [])
        if scope_split is not None and unit_split is not None:
            key = (scope_split[0], tuple(name for name, _value in fields), unit is not None and unit_split[0],
                   overdue)

            def build(*values):
                marks = iter(values)
                cases = cases_in(q_of(scope_split[0], marks))
                today = next(marks)
                picked = [(name, next(marks)) for name, _value in fields]
                return _listed(cases, today, picked, q_of(unit_split[0], marks) if unit is not None else None,
                               overdue)

            values = [*scope_split[1], timezone.localdate(), *(value for _name, value in fields), *unit_split[1]]
            return PreparedPaginator(CASES_PER_PAGE, rows=_list_columns, shapes=_LIST_PAGES, key=key,
                                     build=build, values=values)
    return CappedPaginator(_filtered(request.user, form), CASES_PER_PAGE, rows=_list_columns)


@require_GET
def case_list(request: HttpRequest) -> HttpResponse:
    """离职案件: the cases in the user's scope, filtered by type, status, unit, overdue and risk."""
    policy.require(request.user, "case.view")
    form = CaseFilterForm(request.GET or None, scope=unit_scope(request.user))
    page = _list_paginator(request, form).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(request, "cases/case_list.html", {
        "filters": filter_fields(form, FILTER_FIELDS), "page": page, "rows_html": html_rows(LIST_ROW, _list_rows(page)), "query": query.urlencode(),
        "can_edit": policy.allows(request.user, "case.edit"),
    })


# The filter form's columns (common/list_controls.py); the unit picker wide enough for its placeholder.
_FILTER_COLUMN = ('\n    \n    <div class="col-6 col-md-%s"><label class="form-label small" for="{id}">{label}</label>'
                  '{widget}</div>\n    \n  ')
FILTER_FIELDS = {
    "case_type": _FILTER_COLUMN % 2, "status": _FILTER_COLUMN % 2, "org_unit": _FILTER_COLUMN % 3,
    "risk": _FILTER_COLUMN % 2,
    "overdue": '\n    \n    <div class="col-6 col-md-2"><div class="form-check mt-4">{widget}<label class="form-check-label"'
               ' for="{id}">{label}</label></div></div>\n    \n  ',
}

LIST_FIELDS = ("code", "case_type", "status", "risk", "separation_date", "statutory_amount", "extra_compensation",
               "overdue", "employee__name", "employee__org_unit__name")

# One row of the list's table (common/rows.py escapes every cell); the template prints them all at once.
LIST_ROW = """
    <tr data-case="{code}">
      <td><a href="{url}">{name}</a></td>
      <td>{unit}</td>
      <td>{type}</td>
      <td>{status}{overdue}</td>
      <td>{risk}</td>
      <td class="text-nowrap">{separation_date}</td>
      <td class="text-end text-nowrap">{amount}</td>
    </tr>
  """


@language_caches.register_cache
@lru_cache(maxsize=8)
def _cell_texts(language: str) -> tuple:
    """The list's words and badges in `language`, escaped once per process and language (choice names
    and the catalogue's translations are code: nothing to go stale)."""
    types = {value: escape(str(label)) for value, label in CaseType.choices}  # SafeStrings: printed as they are
    statuses = {value: escape(str(label)) for value, label in CaseStatus.choices}
    overdue = format_html(' <span class="badge text-bg-danger">{}</span>', _("逾期"))
    risks = {value: format_html('<span class="badge text-bg-{}">{}</span>', tone, label)
             for value, label, tone in ((Risk.BLOCKED, Risk.BLOCKED.label, "danger"),
                                        (Risk.WARNING, Risk.WARNING.label, "warning"))}
    no_amount = format_html('<span class="text-muted" title="{}">—</span>', _("公务员法案件没有补偿金额"))
    return types, statuses, overdue, risks, no_amount


_NO_RISK = mark_safe('<span class="text-muted">—</span>')


def _list_rows(page) -> list[dict]:
    """The list's cells, worked out once for the page (common/rows.py); the HTML ones built with format_html.
    Each row ends with the list's capped count (CappedPaginator)."""
    detail_url = url_for_code("cases:case_detail")
    types, statuses, overdue, risks, no_amount = _cell_texts(get_language())
    return [{
        "code": code, "url": detail_url(code), "name": name, "unit": unit, "type": types.get(case_type, case_type),
        "status": statuses.get(status, status), "overdue": overdue if is_overdue else "",
        "risk": risks.get(risk, _NO_RISK), "separation_date": separation_date.isoformat() if separation_date else "",
        "amount": no_amount if case_type in CIVIL_SERVICE_TYPES
        else f"{round_money((statutory or 0) + (extra or 0)):,.2f}",
    } for (code, case_type, status, risk, separation_date, statutory, extra, is_overdue, name, unit, _total) in page]


@require_GET
def case_export(request: HttpRequest) -> HttpResponse:
    """The case list as XLSX: the same scope and filters as the page, every row (not one page)."""
    policy.require(request.user, "case.view")
    _form, qs = _filtered_cases(request)
    return stream_xlsx(f"cases-{timezone.localdate():%Y%m%d}.xlsx", _("离职案件"), headers(),
                       case_rows(qs.iterator(chunk_size=2000)))


@require_GET
def inbox(request: HttpRequest) -> HttpResponse:
    """待办: steps waiting for me, my cases, overdue ones, and my notifications."""
    policy.require(request.user, "case.view")
    today = timezone.localdate()
    q = workflow.steps_q_for(request.user)
    approvals = []
    if q is not None:
        approvals = list(
            CaseStep.objects.filter(q, status=StepStatus.ACTIVE).select_related("case__employee").order_by("due_date")
        )
    # HR admins see the steps no one can decide in their scope (a grant is missing).
    unrouted = []
    admin_scope = policy.scope_q(request.user, roles={Role.HR_ADMIN})
    if admin_scope is not None:
        unrouted = list(services.unrouted_steps().filter(
            case__employee__in=Employee.objects.filter(admin_scope).values("pk")
        ).select_related("case__employee__org_unit").order_by("due_date", "pk")[:100])
    my_cases = list(
        cases_for(request.user).filter(opened_by=request.user).select_related("employee").order_by("-created_at")[:50]
    )
    notes = list(Notification.objects.filter(user=request.user).order_by("-created_at")[:20])
    # Layoff batches: one step for the whole batch, routed to those covering every member (layoffs.py).
    batch_approvals = list(LayoffStep.objects.filter(
        status=StepStatus.ACTIVE, assignees=request.user, family__status=BatchStatus.IN_REVIEW,
    ).select_related("family").order_by("due_date", "pk")[:100])
    return render(request, "cases/inbox.html", {
        "approvals": approvals,
        "batch_approvals": batch_approvals,
        "unrouted": unrouted,
        "overdue": [s for s in approvals if s.due_date and s.due_date < today],
        "my_cases": my_cases,
        "notifications": notes,
        "today": today,
    })


@require_http_methods(["GET", "POST"])
def case_open(request: HttpRequest, employee_code) -> HttpResponse:
    """Open a case for an employee (HR, or a manager raising a performance concern)."""
    employee = policy.get_employee_for_user(request.user, employee_code, "case.open")
    form = OpenCaseForm(request.POST or None, request.FILES or None, employee=employee,
                        initial={"case_type": request.GET.get("type", "mutual_employer")})
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        via = "hr" if policy.roles_of(request.user) & policy.HR else "manager"
        try:
            case = services.open_case(
                employee, c["case_type"], actor=request.user, ground=c["ground"] or None,
                separation_date=c["separation_date"], last_working_day=c["last_working_day"],
                notice_date=c["notice_date"], reason=c["reason"], extra_compensation=c.get("extra_compensation"),
                via=via, notice_evidence=c.get("notice_evidence"),  # a civil servant's form has neither
            )
        except services.CaseError as exc:
            form.add_error(getattr(exc, "field", None), str(exc))
        else:
            messages.success(request, _("已创建离职案件"))
            return redirect("cases:case_detail", code=case.code)
    return render(request, "cases/case_open.html", {"form": form, "employee": employee})


def _detail_queryset():
    return SeparationCase.objects.select_related(
        "employee__org_unit", "employee__manager", "employee__company", "workflow", "opened_by", "family"
    )


@require_GET
def case_detail(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "case.view", queryset=_detail_queryset())
    # A step no one could decide is resolved again when its page is looked at (a grant may exist now);
    # the system does it (actor None), the viewer only looked.
    services.reroute_case(case, actor=None)
    return render(request, "cases/case_detail.html", _detail_context(request, case))


def _reference_drift(entries) -> dict | None:
    """An approved case's standing difference from its approved run after a reference change
    (services.hold_approved_run), as the banner shows it: each figure or date old → new, and the cause."""
    drift = services.standing_reference_drift(entries)
    if drift is None:
        return None
    lang = "en" if (get_language() or "").startswith("en") else "zh"
    old, new = drift.get("old") or {}, drift.get("new") or {}
    rows = []
    if old.get("statutory_amount") != new.get("statutory_amount"):
        rows.append({"code": "statutory_amount", "label": _("法定金额"), "money": True,
                     "old": old.get("statutory_amount"), "new": new.get("statutory_amount")})
    if old.get("lawful") != new.get("lawful"):
        lawful = {True: _("合法"), False: _("违法/阻断"), None: "—"}
        rows.append({"code": "lawful", "label": _("合法性"), "old": lawful.get(old.get("lawful"), "—"),
                     "new": lawful.get(new.get("lawful"), "—")})
    old_dates, new_dates = old.get("dates") or {}, new.get("dates") or {}
    for step in sorted(set(old_dates) | set(new_dates)):
        if old_dates.get(step) != new_dates.get(step):
            label = procedure_title(step, lang) if step in PROCEDURE_TITLES else step
            rows.append({"code": step, "label": label, "old": old_dates.get(step) or "—",
                         "new": new_dates.get(step) or "—"})
    causes = [_(services.REFERENCE_CAUSES.get(c, services.REFERENCE_CAUSES["other"])) for c in drift.get("causes") or []]
    return {"rows": rows, "causes": enumeration_comma().join(causes), "recorded_on": _local_date(drift.get("timestamp"))}


def _local_date(timestamp: str | None) -> str:
    """The ledger's UTC timestamp as the day it was in the site's time zone (03:50 Beijing is still the
    previous day in UTC)."""
    if not timestamp:
        return ""
    try:
        moment = dt.datetime.fromisoformat(timestamp)
    except ValueError:
        return timestamp[:10]
    if timezone.is_naive(moment):
        moment = timezone.make_aware(moment, dt.UTC)
    return timezone.localdate(moment).isoformat()


def _detail_context(request, case, *, facts_form=None, message_form=None) -> dict:
    run = services.latest_run(case)
    steps = list(case.steps.select_related("decided_by").prefetch_related("assignees").order_by("round", "order"))
    can_edit = policy.allows(request.user, "case.edit")
    sees_cap = sees_extra_cap(request.user, case)  # the company's extra-compensation cap: not the manager's
    for step in steps:
        step.case = case
        step.shown_comment = workflow.shown_comment(step, sees_cap=sees_cap)
        active = step.status == StepStatus.ACTIVE
        step.can_act = active and workflow.can_act(request.user, step)
        step.four_eyes = active and not step.can_act and workflow.opener_refused(request.user, step)
    panels = [
        {"title": p.title,
         "html": mark_safe(render_to_string(p.template, {"panel": p, **p.context}, request=request))}
        for p in render_panels("case_detail", request, case)
    ]
    checks = services.checks_as_worded(run) if run else []  # the app's notes in the reader's language
    if not sees_cap:
        checks = services.checks_without_cap(checks)
    entries = entries_for(services.LEDGER_TYPE, case.code)
    # The stored run in the reader's language (its figures as recorded: engine_calls.run_in_language).
    output = engine_calls.run_in_language(run.input, run.output, get_language()) if run else None
    hr_actions = [a for a in workflow.allowed_actions(case.status) if a in workflow.HR_ACTIONS
                  and not (case.family_id and a == "submit")] if can_edit else []
    # 重新提交审批 (services.reopen_case): offered to HR on an approved case or one in handover; what refuses it
    # (something done that cannot be undone) is shown instead of the form.
    reopen = {"refusals": services.reopen_refusals(case), "round": case.round + 1} if "reopen" in hr_actions else None
    return {
        "case": case,
        "run": run,
        "result": present(output, extra=checks) if run else None,
        # Shown as recorded because the holiday table changed after the run: the page says so plainly and
        # offers the re-run (saving the facts again: services.update_case runs the engine).
        "run_before_holidays": bool(output and output.get("as_recorded") and holidays.changed_since(run.created_at)),
        # No wage records: no result is shown (never "nothing is owed"); the page asks for the wages.
        "wages_missing": engine_calls.case_wages_message() if case.employee.rule_pack and not case.legal_basis
        and not services.wage_months_before(case.employee, case.separation_date) else "",
        "money": present_case(case, run, checks, sees_cap=sees_cap),
        "steps": steps,
        # A layoff member is submitted and decided with its batch (layoffs.py), never alone. 重新提交审批 has
        # its own form (a reason is required): `reopen` below.
        "hr_actions": [a for a in hr_actions if a != "reopen"],
        "reopen": reopen,
        "can_edit": can_edit,
        "facts_form": facts_form or (CaseFactsForm(initial=CaseFactsForm.initial_for(case), case=case)
                                     if can_edit and services.facts_editable(case) else None),
        "decision_form": DecisionForm(),
        "message_form": message_form or MessageForm(),
        "messages_thread": list(case.messages.select_related("author")),
        "demands": list(case.demands.select_related("author")),
        "events": [{"entry": e, "label": event_label(e.event)} for e in entries],
        # Approved or later: a reference change moved the result; the approved one stands (the banner says what).
        "reference_drift": _reference_drift(entries),
        # Days taken of the year of separation entered in an earlier year, before the form named the years.
        "leave_doubt": leave_years.unconfirmed_days(case, entries),
        "facts_open": bool(facts_form and facts_form.errors) or request.GET.get("facts") == "open",
        "panels": panels,
        "document_accept": ACCEPT,
        # 公务员法 cases: the checklist, the approval period, the 辞退决定, what the rules give (no money card).
        "civil": civil_service.page_context(case, can_edit=can_edit) if case.is_civil_service else None,
        "today": timezone.localdate(),
    }


@require_POST
def case_update(request: HttpRequest, code) -> HttpResponse:
    """Change the facts or the money; the engine runs again."""
    case = get_case_for_user(request.user, code, "case.edit", queryset=_detail_queryset())
    form = CaseFactsForm(request.POST, request.FILES, case=case)
    if form.is_valid():
        try:
            services.update_case(case, actor=request.user, notice_evidence=form.cleaned_data.get("notice_evidence"),
                                 **form.changes())
        except NoticeError as exc:
            form.add_error(exc.field, str(exc))
        except services.CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("事实已更新，法律检查已重新计算"))
            return redirect("cases:case_detail", code=case.code)
    return render(request, "cases/case_detail.html", _detail_context(request, case, facts_form=form), status=400)


@require_POST
def case_action(request: HttpRequest, code) -> HttpResponse:
    """HR's actions on the case: submit, withdraw, acknowledge a notice, start handover, close, reopen (重新提交审批:
    `comment` is its reason)."""
    case = get_case_for_user(request.user, code, "case.edit")
    form = ActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("无效的操作"))
        return redirect("cases:case_detail", code=case.code)
    try:
        services.perform(case, form.cleaned_data["action"], actor=request.user,
                         comment=form.cleaned_data["comment"], closed_on=form.cleaned_data["closed_on"])
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已重新提交审批：此前的审批已失效，审批人会收到通知")
                         if form.cleaned_data["action"] == "reopen" else _("操作成功"))
    return redirect("cases:case_detail", code=case.code)


@require_POST
def step_decide(request: HttpRequest, code) -> HttpResponse:
    """Approve, reject or return the step (its role decides who may)."""
    if not policy.allows(request.user, "case.decide") and not CaseStep.assignees.through.objects.filter(
            user_id=request.user.pk).exists():
        raise PermissionDenied("case.decide")
    step = get_object_or_404(CaseStep.objects.select_related("case"), code=code)
    # The step's role decides who may, or the routing (a fallback may be an HR admin or a unit head).
    case = get_case_for_user(request.user, step.case.code, "case.decide")
    step.case = case
    # The opener is told why (four eyes, a CaseError from the service) rather than given a bare 403.
    if not workflow.can_act(request.user, step) and not workflow.opener_refused(request.user, step):
        raise PermissionDenied("case.decide")
    form = DecisionForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form.error_text() or _("请检查填写的内容"))
        return redirect("cases:case_detail", code=case.code)
    c = form.cleaned_data
    try:
        services.decide_step(step, c["decision"], actor=request.user, comment=c["comment"],
                             document_date=c["document_date"], document_file=c["document_file"])
    except services.CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已提交审批意见"))
    return redirect("cases:case_detail", code=case.code)


@require_POST
def case_message(request: HttpRequest, code) -> HttpResponse:
    """HR replies to the employee from the case page."""
    case = get_case_for_user(request.user, code, "case.edit")
    form = MessageForm(request.POST)
    if form.is_valid():
        try:
            services.post_message(case, form.cleaned_data["body"], actor=request.user, from_employee=False)
        except services.CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("消息已发送"))
    return redirect(f"{case_link(case)}#messages")


@require_GET
def step_document(request: HttpRequest, code) -> HttpResponse:
    """The uploaded union notification, for whoever may see the case (served by us, never MEDIA_URL)."""
    step = get_object_or_404(CaseStep.objects.select_related("case"), code=code)
    get_case_for_user(request.user, step.case.code, "case.view")
    return download(request, step, "document_file", employee=step.case.employee,
                    purpose=gettext_noop("下载工会通知文书"), filename=step.document)


@require_GET
def notice_evidence(request: HttpRequest, code) -> HttpResponse:
    """The scan of a written notice HR recorded, for whoever may see the case (never MEDIA_URL)."""
    case = get_case_for_user(request.user, code, "case.view")
    return download(request, case, "notice_evidence_file", employee=case.employee,
                    purpose=gettext_noop("下载辞职通知扫描件"), filename=case.notice_evidence)


def case_link(case) -> str:
    return services.case_link(case)
