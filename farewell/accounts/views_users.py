"""设置 › 用户与权限: logins, role grants with an org-unit scope, activation, invitations.

Every page needs users.manage (the HR admin, the system and the security admin) and shows only the
logins of the admin's scope (policy.users_for); creating and stopping logins needs users.accounts,
granting and revoking roles users.grant (三员分立: policy.ACTIONS); inviting an employee is for HR
in scope.
"""

from __future__ import annotations

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Prefetch, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from farewell.org.models import Employee

from . import lockout, policy, services
from .forms import BulkManagersForm, BulkUnitForm, CreateLoginForm, DeactivateForm, GrantForm, UserFilterForm
from .models import RoleGrant, User

PAGE_SIZE = 50


def _user_rows():
    """Logins with their employee, unit and grants in a fixed number of queries."""
    return (
        User.objects.select_related("employee", "employee__org_unit")
        .defer("employee__id_number", "employee__bank_account")  # never decrypted for a list
        .prefetch_related(
            Prefetch("grants", queryset=RoleGrant.objects.select_related("company", "org_unit").order_by("role", "pk"))
        )
    )


def _error_text(exc: ValidationError) -> str:
    return "；".join(exc.messages)


@require_GET
def users(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "users.manage")
    rows = policy.users_for(request.user, _user_rows())
    filter_form = UserFilterForm(request.GET or None)
    filtered = False
    if filter_form.is_valid():
        data = filter_form.cleaned_data
        if data["q"]:
            q = data["q"].strip()
            rows = rows.filter(
                Q(username__icontains=q) | Q(display_name__icontains=q)
                | Q(employee__name__icontains=q) | Q(employee__employee_number=q)
            )
            filtered = True
        if data["role"]:
            rows = rows.filter(pk__in=RoleGrant.objects.filter(role=data["role"]).values("user_id"))
            filtered = True
        status = data["status"]
        if status == "active":
            rows = rows.filter(is_active=True)
        elif status == "inactive":
            rows = rows.filter(is_active=False)
        elif status == "pending":
            rows = rows.filter(is_active=True, password__startswith="!")  # Django's unusable-password prefix
        filtered = filtered or bool(status)
    page_obj = Paginator(rows.order_by("username"), PAGE_SIZE).get_page(request.GET.get("page"))
    can_bulk = policy.allows(request.user, "users.accounts") and policy.allows(request.user, "users.grant")
    return render(request, "accounts/user_list.html", {
        "page_obj": page_obj,
        "filter_form": filter_form,
        "filtered": filtered,
        "can_accounts": policy.allows(request.user, "users.accounts"),
        "managers_form": BulkManagersForm(acting_user=request.user) if can_bulk else None,
        "unit_form": BulkUnitForm(acting_user=request.user) if can_bulk else None,
    })


@require_http_methods(["GET", "POST"])
def user_create(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "users.accounts")
    form = CreateLoginForm(request.POST or None, acting_user=request.user)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            user = services.create_login(
                data["employee_number"], acting_user=request.user, role=data["role"], org_unit=data["org_unit"],
                username=data["username"], email=data["email"] or None,
            )
        except ValidationError as exc:
            if hasattr(exc, "error_dict"):
                for field, errors in exc.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, exc.messages)
        else:
            _report_link(request, user)
            return redirect("accounts:user_detail", username=user.username)
    return render(request, "accounts/user_create.html", {"form": form})


def _report_link(request: HttpRequest, user: User, link: str | None = None) -> None:
    if user.email:
        messages.success(request, _("已向 %(email)s 发送设置密码的链接（%(days)d 天内有效，只能使用一次）。") % {
            "email": user.email, "days": services.link_valid_days()})
    else:
        link = link or services.set_password_url(user, request)
        messages.warning(request, _("该账号没有邮箱：请把这个一次性链接当面交给本人（%(days)d 天内有效）：%(link)s") % {
            "link": link, "days": services.link_valid_days()})


@require_GET
def user_detail(request: HttpRequest, username: str) -> HttpResponse:
    user = policy.get_user_for_admin(request.user, username, _user_rows())
    can_grant = policy.allows(request.user, "users.grant")
    return render(request, "accounts/user_detail.html", {
        "account": user,
        "failed_logins": lockout.account_failures(user.username),
        "login_locked": lockout.account_locked(user.username),
        "can_grant": can_grant,
        "can_accounts": policy.allows(request.user, "users.accounts"),
        "grant_form": GrantForm(acting_user=request.user) if can_grant else None,
        "deactivate_form": DeactivateForm(),
    })


@require_POST
def grant_add(request: HttpRequest, username: str) -> HttpResponse:
    policy.require(request.user, "users.grant")
    user = policy.get_user_for_admin(request.user, username, User.objects.select_related("employee__org_unit"))
    form = GrantForm(request.POST, acting_user=request.user)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.grant_role(user, data["role"], data["company"], data["org_unit"], acting_user=request.user)
        except ValidationError as exc:
            messages.error(request, _error_text(exc))
        else:
            messages.success(request, _("已授权。"))
    else:
        messages.error(request, "；".join(str(e) for errors in form.errors.values() for e in errors))
    return redirect("accounts:user_detail", username=user.username)


@require_POST
def grant_revoke(request: HttpRequest, username: str, grant_id: int) -> HttpResponse:
    policy.require(request.user, "users.grant")
    user = policy.get_user_for_admin(request.user, username, User.objects.select_related("employee__org_unit"))
    grant = get_object_or_404(RoleGrant.objects.select_related("company", "org_unit"), pk=grant_id, user=user)
    grant.user = user
    try:
        services.revoke_role(grant, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已撤销授权。"))
    return redirect("accounts:user_detail", username=user.username)


@require_POST
def user_deactivate(request: HttpRequest, username: str) -> HttpResponse:
    user = policy.get_user_for_admin(request.user, username)
    form = DeactivateForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请填写停用原因。"))
        return redirect("accounts:user_detail", username=user.username)
    try:
        services.deactivate_user(user, acting_user=request.user, reason=form.cleaned_data["reason"])
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("账号已停用：不能再登录，已登录的会话也随之失效。"))
    return redirect("accounts:user_detail", username=user.username)


@require_POST
def user_unlock(request: HttpRequest, username: str) -> HttpResponse:
    """Lift the account's own login lock (after checking with the person that it was not them)."""
    user = policy.get_user_for_admin(request.user, username)
    services.unlock_login(user, acting_user=request.user)
    messages.success(request, _("已解除登录锁定。"))
    return redirect("accounts:user_detail", username=user.username)


@require_POST
def user_reactivate(request: HttpRequest, username: str) -> HttpResponse:
    user = policy.get_user_for_admin(request.user, username)
    services.reactivate_user(user, acting_user=request.user)
    messages.success(request, _("账号已启用。"))
    return redirect("accounts:user_detail", username=user.username)


@require_POST
def user_send_link(request: HttpRequest, username: str) -> HttpResponse:
    user = policy.get_user_for_admin(request.user, username)
    try:
        link = services.send_set_password_link(user, acting_user=request.user, request=request)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        _report_link(request, user, link)
    return redirect("accounts:user_detail", username=user.username)


def _bulk_result(request: HttpRequest, title: str, result: services.BulkResult) -> HttpResponse:
    return render(request, "accounts/user_bulk_result.html", {"title": title, "result": result})


@require_POST
def bulk_managers(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "users.accounts")
    policy.require(request.user, "users.grant")
    form = BulkManagersForm(request.POST, acting_user=request.user)
    if not form.is_valid():
        messages.error(request, _("请选择公司。"))
        return redirect("accounts:users")
    result = services.create_logins_for_managers(form.cleaned_data["company"], acting_user=request.user)
    return _bulk_result(request, _("为全部经理开通账号"), result)


@require_POST
def bulk_unit(request: HttpRequest) -> HttpResponse:
    policy.require(request.user, "users.accounts")
    policy.require(request.user, "users.grant")
    form = BulkUnitForm(request.POST, acting_user=request.user)
    if not form.is_valid():
        messages.error(request, _("请选择部门。"))
        return redirect("accounts:users")
    unit = form.cleaned_data["org_unit"]
    result = services.create_logins_for_unit(unit, acting_user=request.user)
    return _bulk_result(request, _("为%(unit)s全体员工开通账号") % {"unit": unit.name}, result)


@require_POST
def invite_employee(request: HttpRequest, code) -> HttpResponse:
    """邀请员工开通自助服务: HR in scope (employee.edit covers the HR admin and the HRBP)."""
    employee = policy.get_employee_for_user(
        request.user, code, "employee.edit",
        queryset=Employee.objects.select_related("company", "org_unit").defer("id_number", "bank_account"),
    )
    try:
        user = services.invite_employee(employee, acting_user=request.user)
    except ValidationError as exc:
        messages.error(request, _error_text(exc))
    else:
        messages.success(request, _("已邀请 %(employee)s：设置密码的链接已发送到 %(email)s。") % {
            "employee": employee.name, "email": user.email})
    return redirect("org:employee_detail", code=employee.code)
