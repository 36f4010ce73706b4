"""Layoff batch pages (LCL 41): the list, creating a batch, the batch page and its POST actions."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Count, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.file_reads import download
from farewell.ledger.services import entries_for
from farewell.org.models import Employee

from . import layoff_routing, layoff_rules, layoffs
from .access import cases_for
from .layoff_choices import BatchStatus, FilingKind
from .layoff_forms import (
    AddMembersForm,
    BatchActionForm,
    BatchDecisionForm,
    BatchForm,
    CreateBatchForm,
    FilingForm,
)
from .layoff_models import LayoffFiling, LayoffStep
from .layoff_size import LAYOFF_HEADCOUNT, LAYOFF_SHARE_PERCENT, layoff_size
from .models import CaseFamily, SeparationCase, StepStatus
from .presentation import event_label
from .uploads import ACCEPT
from .workflow import CaseError

VIEW_ROLES = policy.ACTIONS["case.view"]
WRITE_ROLES = policy.ACTIONS["case.edit"]


def batches_for(user):
    """The batches with at least one member in `user`'s scope for viewing cases."""
    return CaseFamily.objects.filter(pk__in=cases_for(user).filter(family__isnull=False).values("family_id"))


def get_batch_for_user(user, code, action: str = "case.view") -> CaseFamily:
    """The one access helper for batches: 404 when no member is in any of the user's scopes (a step routed
    to them aside); 403 in scope but the action not allowed, or a change (case.edit) by someone whose
    scope does not cover every member — a batch is decided and changed whole."""
    any_scope = policy.scope_q(user)
    family = None
    try:
        if any_scope is not None:
            in_scope = SeparationCase.objects.filter(employee__in=Employee.objects.filter(any_scope).values("pk"))
            family = CaseFamily.objects.filter(pk__in=in_scope.values("family_id")).filter(code=code).first()
        if family is None:
            if action in ("case.view", "case.decide") and getattr(user, "is_authenticated", False):
                routed = LayoffStep.assignees.through.objects.filter(user_id=user.pk).values("layoffstep__family_id")
                family = CaseFamily.objects.filter(pk__in=routed).filter(code=code).first()
            if family is None:
                raise Http404
            return family
    except (ValidationError, ValueError):
        raise Http404 from None
    if not policy.allows(user, action) or not cases_for(user, action).filter(family=family).exists():
        raise PermissionDenied(action)
    if action == "case.edit" and not layoff_routing.covers_all_members(user, family, WRITE_ROLES):
        raise PermissionDenied(action)
    return family


def _employees_by_number(request, numbers: list[str]):
    """The employees in the user's scope (case.open) with these numbers, and the numbers not found."""
    employees = list(policy.employees_for(request.user, "case.open").filter(employee_number__in=numbers)
                     .select_related("company"))
    unknown = sorted(set(numbers) - {e.employee_number for e in employees})
    return employees, unknown


@require_GET
def layoff_list(request: HttpRequest) -> HttpResponse:
    """经济性裁员: the batches with a member in my scope, newest first, with how many of them I see."""
    policy.require(request.user, "case.view")
    mine = cases_for(request.user).values("pk")
    batches = list(batches_for(request.user).annotate(
        in_scope=Count("cases", filter=Q(cases__in=mine)),
    ).order_by("-created_at", "-id")[:200])
    return render(request, "cases/layoff_list.html", {
        "batches": batches, "can_edit": policy.allows(request.user, "case.edit"),
    })


@require_http_methods(["GET", "POST"])
def layoff_open(request: HttpRequest) -> HttpResponse:
    """HR creates a batch: the LCL 41 situation, the planned date, the members by employee number."""
    policy.require(request.user, "case.edit")
    form = CreateBatchForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        c = form.cleaned_data
        employees, unknown = _employees_by_number(request, form.numbers())
        companies = {e.company_id for e in employees}
        if unknown:
            form.add_error("employee_numbers", _("工号不存在或不在您的权限范围内：%(n)s") % {"n": "、".join(unknown)})
        elif len(companies) > 1:
            form.add_error("employee_numbers", _("一个裁员批次只能包含同一公司的员工"))
        else:
            try:
                family = layoffs.create_batch(
                    employees[0].company if employees else None, employees, acting_user=request.user,
                    title=c["title"], planned_date=c["planned_date"], reason_code=c["reason_code"],
                    reason=c["reason"], long_term_months=c["long_term_months"])
            except CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已创建裁员批次：%(n)s 人") % {"n": len(employees)})
                return redirect("cases:family_detail", code=family.code)
    return render(request, "cases/layoff_open.html", {"form": form, "dispatch_rule": _(layoff_rules.DISPATCH_RULE)})


def _detail_context(request, family: CaseFamily, *, batch_form=None, members_form=None, filing_forms=None) -> dict:
    user = request.user
    size = layoff_size(family)
    full_view = layoff_routing.covers_all_members(user, family, VIEW_ROLES)
    can_edit = (policy.allows(user, "case.edit") and layoff_routing.covers_all_members(user, family, WRITE_ROLES))
    members = list(
        cases_for(user).filter(family=family).select_related("employee__org_unit", "layoff_member")
        .prefetch_related("employee__contracts").order_by("employee__name", "id")
    )
    checks = layoff_rules.latest_checks(members)
    rows = []
    for case in members:
        member = layoff_rules.member_of(case)
        rows.append({"case": case, "member": member, "checks": checks.get(case.pk, []),
                     "priority": layoff_rules.priority_for(case, member, family.long_term_months),
                     "counted": case.status not in ("withdrawn", "rejected")})
    steps = list(family.steps.select_related("decided_by").prefetch_related("assignees").order_by("round", "order"))
    for step in steps:
        step.family = family
        active = step.status == StepStatus.ACTIVE
        step.can_act = active and layoff_routing.can_act(user, step)
        step.four_eyes = active and not step.can_act and layoff_routing.opener_refused(user, step)
    filings = layoff_rules.current_filings(family)
    draft = family.status == BatchStatus.DRAFT
    counted = [r for r in rows if r["counted"]]
    return {
        "family": family,
        "size": size,
        "full_view": full_view,
        "rows": rows,
        "in_scope": len(counted),
        "steps": steps,
        "filings": filings,
        "filing_history": list(family.filings.select_related("recorded_by").order_by("id")),
        "explanation": filings.get(FilingKind.EXPLANATION),
        "report": filings.get(FilingKind.REPORT),
        "explanation_due": layoff_rules.explanation_due(family),
        "procedure_problems": layoff_rules.procedure_problems(family, size, filings),
        "submission_problems": (layoffs.submission_problems(family, [r["case"] for r in counted])
                                if draft and can_edit else []),
        "can_edit": can_edit,
        "can_record": can_edit and family.status in (BatchStatus.DRAFT, BatchStatus.IN_REVIEW, BatchStatus.APPROVED),
        "hr_actions": [a for a in layoffs.allowed_batch_actions(family.status) if a in layoffs.HR_BATCH_ACTIONS]
        if can_edit else [],
        "draft": draft,
        "batch_form": batch_form or (BatchForm(initial={
            "title": family.title, "planned_date": family.planned_date, "reason_code": family.reason_code,
            "reason": family.reason, "long_term_months": family.long_term_months}) if draft and can_edit else None),
        "members_form": members_form or (AddMembersForm() if draft and can_edit else None),
        "filing_forms": filing_forms or {kind: FilingForm(prefix=kind) for kind in FilingKind.values},
        "filing_kinds": FilingKind,
        "totals": {
            "statutory": sum((r["case"].statutory_amount or 0) for r in counted),
            "offered": sum(r["case"].offered_amount for r in counted),
        },
        "rehire_from": family.planned_date,
        "rehire_until": layoff_rules.rehire_deadline(family),
        "threshold_headcount": LAYOFF_HEADCOUNT,
        "threshold_percent": LAYOFF_SHARE_PERCENT,
        "dispatch_rule": _(layoff_rules.DISPATCH_RULE),
        "priority_rule": _(layoff_rules.PRIORITY_RULE),
        "rehire_rule": _(layoff_rules.REHIRE_RULE),
        "events": [{"entry": e, "label": event_label(e.event)} for e in entries_for(layoffs.LEDGER_TYPE, family.code)]
        if full_view else [],
        "document_accept": ACCEPT,
        "today": timezone.localdate(),
    }


@require_GET
def family_detail(request: HttpRequest, code) -> HttpResponse:
    """One layoff batch: the threshold, the members in my scope with their priority groups, the procedure
    filings, the batch's approval steps and the rehiring duty."""
    family = get_batch_for_user(request.user, code, "case.view")
    layoffs.reroute_batch(family, actor=None)
    return render(request, "cases/layoff_detail.html", _detail_context(request, family))


def _back(family: CaseFamily, anchor: str = "") -> HttpResponse:
    response = redirect("cases:family_detail", code=family.code)
    if anchor:
        response["Location"] += f"#{anchor}"
    return response


@require_POST
def layoff_update(request: HttpRequest, code) -> HttpResponse:
    family = get_batch_for_user(request.user, code, "case.edit")
    form = BatchForm(request.POST)
    if form.is_valid():
        c = form.cleaned_data
        try:
            layoffs.update_batch(family, acting_user=request.user, title=c["title"], planned_date=c["planned_date"],
                                 reason_code=c["reason_code"], reason=c["reason"],
                                 long_term_months=c["long_term_months"])
        except CaseError as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, _("批次已更新"))
            return _back(family)
    return render(request, "cases/layoff_detail.html", _detail_context(request, family, batch_form=form), status=400)


@require_POST
def layoff_add_members(request: HttpRequest, code) -> HttpResponse:
    family = get_batch_for_user(request.user, code, "case.edit")
    form = AddMembersForm(request.POST)
    if form.is_valid():
        employees, unknown = _employees_by_number(request, form.numbers())
        if unknown:
            form.add_error("employee_numbers", _("工号不存在或不在您的权限范围内：%(n)s") % {"n": "、".join(unknown)})
        else:
            try:
                layoffs.add_members(family, employees, acting_user=request.user)
            except CaseError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("已加入 %(n)s 人") % {"n": len(employees)})
                return _back(family, "members")
    return render(request, "cases/layoff_detail.html", _detail_context(request, family, members_form=form),
                  status=400)


@require_POST
def layoff_remove_member(request: HttpRequest, code, case_code) -> HttpResponse:
    family = get_batch_for_user(request.user, code, "case.edit")
    case = get_object_or_404(family.cases.select_related("employee", "family"), code=case_code)
    try:
        layoffs.remove_member(family, case, acting_user=request.user, comment=request.POST.get("comment", "")[:2000])
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已将 %(name)s 移出批次") % {"name": case.employee.name})
    return _back(family, "members")


@require_POST
def layoff_answers(request: HttpRequest, code) -> HttpResponse:
    """HR's answers per member: the checkbox for LCL 41 ¶2(3) with its basis, the retention reason."""
    family = get_batch_for_user(request.user, code, "case.edit")
    ids = {c.pk for c in layoff_routing.counted_members(family)}
    answers = {}
    for raw in request.POST.getlist("member"):
        try:
            case_id = int(raw)
        except ValueError:
            continue
        if case_id not in ids:
            continue
        answers[case_id] = layoffs.Answer(
            sole_earner=request.POST.get(f"sole_{case_id}") == "1",
            reason=request.POST.get(f"basis_{case_id}", "")[:2000],
            retention_reason=request.POST.get(f"retain_{case_id}", "")[:2000],
        )
    try:
        changed = layoffs.answer_members(family, answers, acting_user=request.user)
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已保存 %(n)s 人的回答") % {"n": changed})
    return _back(family, "members")


@require_POST
def layoff_filing(request: HttpRequest, code, kind: str) -> HttpResponse:
    """Record the explanation to the union or staff, or the report to the labour bureau (with the document)."""
    family = get_batch_for_user(request.user, code, "case.edit")
    if kind not in FilingKind.values:
        raise Http404
    form = FilingForm(request.POST, request.FILES, prefix=kind)
    if form.is_valid():
        c = form.cleaned_data
        try:
            layoffs.record_filing(family, kind, acting_user=request.user, done_on=c["done_on"],
                                  addressee=c["addressee"], summary=c["summary"], upload=c["document_file"],
                                  correction_reason=c["correction_reason"])
        except CaseError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("已记录：%(what)s") % {"what": layoff_rules.filing_label(kind)})
            return _back(family, "procedure")
    forms = {k: FilingForm(prefix=k) for k in FilingKind.values}
    forms[kind] = form
    return render(request, "cases/layoff_detail.html", _detail_context(request, family, filing_forms=forms), status=400)


@require_GET
def layoff_filing_document(request: HttpRequest, code) -> HttpResponse:
    """A filing's document, for whoever may see the batch (served by us, never MEDIA_URL)."""
    filing = get_object_or_404(LayoffFiling.objects.select_related("family"), code=code)
    get_batch_for_user(request.user, filing.family.code, "case.view")
    return download(request, filing, "document_file", employee=None, purpose=gettext_noop("下载裁员报告文书"),
                    filename=filing.document)


@require_POST
def layoff_action(request: HttpRequest, code) -> HttpResponse:
    """HR's actions on the batch: submit (once, for every member), withdraw."""
    family = get_batch_for_user(request.user, code, "case.edit")
    form = BatchActionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("无效的操作"))
        return _back(family)
    try:
        layoffs.perform(family, form.cleaned_data["action"], acting_user=request.user,
                        comment=form.cleaned_data["comment"])
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("操作成功"))
    return _back(family)


@require_POST
def layoff_step_decide(request: HttpRequest, code) -> HttpResponse:
    """Approve, reject or return the batch's active step (for all members at once)."""
    step = get_object_or_404(LayoffStep.objects.select_related("family"), code=code)
    family = get_batch_for_user(request.user, step.family.code, "case.decide")
    step.family = family
    if not layoff_routing.can_act(request.user, step) and not layoff_routing.opener_refused(request.user, step):
        raise PermissionDenied("case.decide")
    form = BatchDecisionForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请检查填写的内容"))
        return _back(family, "approvals")
    try:
        layoffs.decide_step(step, form.cleaned_data["decision"], acting_user=request.user,
                            comment=form.cleaned_data["comment"])
    except CaseError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("已提交审批意见"))
    return _back(family, "approvals")
