"""PIPL pages: my consents and who read my data (the employee), a person's consents (HR), a case's
legal hold (HR), the retention schedule with its dry run (the HR admin)."""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.accounts import policy
from farewell.accounts.file_reads import download
from farewell.accounts.models import AccessLog
from farewell.cases.access import get_case_for_user
from farewell.org.models import Company, Employee

from . import retention, services
from .access import own_employee
from .forms import HoldForm, PaperConsentForm, ReleaseForm, RetentionForm
from .models import Consent, DataKind, LegalHold, Method

PAGE_SIZE = 50
DRY_RUN_SHOWN = 200

def _own_employee(request: HttpRequest) -> Employee:
    """The signed-in person's own record (an employee, or a former employee); there is no way to name another."""
    return own_employee(request.user)


_purposes = services.purposes


@require_GET
def mine(request: HttpRequest) -> HttpResponse:
    """我的个人信息: my separate consents (give, withdraw) and who read my sensitive data, when and why."""
    employee = _own_employee(request)
    # Only rows about me: the filter is the page's whole scope.
    reads = AccessLog.objects.filter(employee=employee).select_related("actor").order_by("-at", "-pk")
    page_obj = Paginator(reads, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(request, "privacy/mine.html", {
        "employee": employee, "purposes": _purposes(employee), "page_obj": page_obj,
    })


@require_POST
def mine_give(request: HttpRequest) -> HttpResponse:
    employee = _own_employee(request)
    purpose = request.POST.get("purpose", "")
    if request.POST.get("agree") != "yes":
        messages.error(request, _("请先勾选“我已阅读并同意”。"))
        return redirect("privacy:mine")
    try:
        services.give_consent(employee, purpose, actor=request.user, method=Method.PORTAL)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已记录您的同意，您可以随时撤回。"))
    return redirect("privacy:mine")


@require_POST
def mine_withdraw(request: HttpRequest, code) -> HttpResponse:
    employee = _own_employee(request)
    item = get_object_or_404(Consent, code=code, employee=employee)  # someone else's consent: 404
    try:
        services.withdraw_consent(item, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已撤回同意：此后不再为该用途处理您的信息。"))
    return redirect("privacy:mine")


# --- HR: a person's consents -------------------------------------------------------------------


def _employee(request: HttpRequest, code) -> Employee:
    return policy.get_employee_for_user(request.user, code, "privacy.consents",
                                        queryset=Employee.objects.defer("id_number", "bank_account"))


@require_http_methods(["GET", "POST"])
def employee_consents(request: HttpRequest, code) -> HttpResponse:
    """HR: a person's consents; record a signed paper consent (the scan is kept with it)."""
    employee = _employee(request, code)
    form = PaperConsentForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.give_consent(employee, form.cleaned_data["purpose"], actor=request.user, method=Method.PAPER,
                                  scan=form.cleaned_data["scan"])
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已记录书面同意。"))
            return redirect("privacy:employee_consents", code=employee.code)
    return render(request, "privacy/employee_consents.html", {
        "employee": employee, "purposes": _purposes(employee), "form": form,
    }, status=400 if form.errors else 200)


@require_POST
def employee_consent_withdraw(request: HttpRequest, code, consent_code) -> HttpResponse:
    """HR records a withdrawal the person made in writing (the person withdraws in the portal themself)."""
    employee = _employee(request, code)
    item = get_object_or_404(Consent, code=consent_code, employee=employee)
    try:
        services.withdraw_consent(item, actor=request.user)
    except ValidationError as exc:
        messages.error(request, "；".join(exc.messages))
    else:
        messages.success(request, _("已记录撤回。"))
    return redirect("privacy:employee_consents", code=employee.code)


@require_GET
def consent_scan(request: HttpRequest, code, consent_code) -> HttpResponse:
    employee = _employee(request, code)
    item = get_object_or_404(Consent, code=consent_code, employee=employee)
    if not item.scan:
        raise Http404
    return download(request, item, "scan", employee=employee, purpose=gettext_noop("查看书面同意扫描件"))


# --- HR: a case's legal hold --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def case_holds(request: HttpRequest, code) -> HttpResponse:
    case = get_case_for_user(request.user, code, "privacy.hold")
    form = HoldForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.set_hold(case, form.cleaned_data["reason"], actor=request.user)
        except ValidationError as exc:
            form.add_service_error(exc)
        else:
            messages.success(request, _("已设置诉讼保全：该员工的资料在解除前不会被删除。"))
            return redirect("privacy:case_holds", code=case.code)
    holds = list(LegalHold.objects.filter(case=case).select_related("set_by", "released_by"))
    return render(request, "privacy/case_holds.html", {
        "case": case, "holds": holds, "standing": next((h for h in holds if h.released_at is None), None),
        "form": form, "release_form": ReleaseForm(),
    }, status=400 if form.errors else 200)


@require_POST
def hold_release(request: HttpRequest, code) -> HttpResponse:
    hold = get_object_or_404(LegalHold.objects.select_related("case"), code=code)
    case = get_case_for_user(request.user, hold.case.code, "privacy.hold")
    form = ReleaseForm(request.POST)
    if form.is_valid():
        try:
            services.release_hold(hold, form.cleaned_data["release_reason"], actor=request.user)
        except ValidationError as exc:
            messages.error(request, "；".join(exc.messages))
        else:
            messages.success(request, _("已解除诉讼保全。"))
    else:
        messages.error(request, _("请说明解除保全的原因。"))
    return redirect("privacy:case_holds", code=case.code)


# --- the HR admin: the retention schedule --------------------------------------------------------


@require_http_methods(["GET", "POST"])
def retention_settings(request: HttpRequest) -> HttpResponse:
    """设置 › 个人信息保存期限: months per kind and company, and what a purge would remove today."""
    policy.require(request.user, "privacy.retention")
    companies = list(Company.objects.filter(id__in=policy.company_ids(request.user)).order_by("name"))
    labels = {kind: str(label) for kind, label in DataKind.choices}
    floors = {kind: retention.floor_months(kind) for kind in DataKind.values}
    forms_by_company = []
    status = 200
    for company in companies:
        prefix = f"c{company.pk}"
        posted = request.method == "POST" and request.POST.get("company") == str(company.pk)
        form = RetentionForm(request.POST if posted else None, prefix=prefix, months=retention.schedule(company),
                             floors=floors, labels=labels)
        if posted and form.is_valid():
            errors = services.set_schedule(company, {kind: form.cleaned_data[kind] for kind in DataKind.values},
                                           actor=request.user)
            for kind, messages_ in errors.items():
                form.add_error(kind, messages_)
            if errors:
                status = 400
            else:
                messages.success(request, _("已保存 %(company)s 的保存期限。") % {"company": company})
                return redirect("privacy:retention")
        elif posted:
            status = 400
        forms_by_company.append({"company": company, "form": form})
    today = timezone.localdate()
    current = retention.plan(today, companies=Company.objects.filter(pk__in=[c.pk for c in companies]))
    return render(request, "privacy/retention.html", {
        "companies": forms_by_company, "help": retention.KIND_HELP, "today": today,
        "dry_run": [(item, labels[item.kind]) for item in current.items[:DRY_RUN_SHOWN]],
        "dry_run_total": len(current.items),
        "counts": [(labels[k], n) for k, n in sorted(current.counts().items())],
        "held": Employee.objects.filter(pk__in=current.held).only("name", "employee_number"),
    }, status=status)
