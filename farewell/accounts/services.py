"""Reading sensitive personal information (always through the access log); logins, role grants
and the first-run set-up."""

from __future__ import annotations

import logging
import uuid
from dataclasses import dataclass, field

from django.conf import settings
from django.contrib.auth.tokens import default_token_generator
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import EmailMessage, get_connection
from django.core.validators import validate_email
from django.db import transaction
from django.db.models import Q, QuerySet
from django.db.models.functions import Lower
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from django.utils.translation import gettext as _

from farewell.common.notifications import absolute_url
from farewell.ledger.models import LedgerHead
from farewell.ledger.services import record
from farewell.org.models import Company, Employee, EmployeeStatus, Jurisdiction, OrgUnit
from farewell.org.signals import company_set_up

from . import lockout, policy
from .models import AccessLog, Role, RoleGrant, User
from .validators import credit_code_problem, normalise_credit_code

log = logging.getLogger(__name__)

# model label → fields that hold sensitive personal information (DESIGN, security model).
SENSITIVE_FIELDS: dict[str, set[str]] = {
    "org.employee": {"id_number", "bank_account"},
    "org.statusperiod": {"kind", "notes"},
    "talks.transcript": {"text"}, "talks.utterance": {"text"},
}

# Which policy action lets a person read a label's sensitive fields (default: HR only).
# Legal reviews disputes and the evidence package, so legal reads transcripts (logged).
SENSITIVE_READ_ACTIONS: dict[str, str] = {
    "talks.transcript": "talks.read_transcript",
    "talks.utterance": "talks.read_transcript",
}


def read_sensitive(obj, field: str, *, actor, purpose: str) -> str:
    """Return a sensitive field's clear value and record who read it, whose, what and why."""
    label = obj._meta.label_lower
    if field not in SENSITIVE_FIELDS.get(label, set()):
        raise ValueError(f"{label}.{field} is not a sensitive field")
    employee = obj if isinstance(obj, Employee) else getattr(obj, "employee", None)
    action = SENSITIVE_READ_ACTIONS.get(label, "employee.view_sensitive")
    if employee is not None and not (
        policy.allows(actor, action) and policy.employees_for(actor, action).filter(pk=employee.pk).exists()
    ):
        raise PermissionDenied(action)
    with transaction.atomic():
        # Re-read the one column: list queries defer sensitive fields.
        value = type(obj).objects.filter(pk=obj.pk).values_list(field, flat=True).get()
        AccessLog.objects.create(
            actor=actor,
            employee=employee,
            object_type=label,
            object_id=str(getattr(obj, "code", obj.pk)),
            field=field,
            purpose=purpose,
        )
    return value or ""


def mask(value: str, keep: int = 4) -> str:
    if not value:
        return ""
    return "*" * max(len(value) - keep, 0) + value[-keep:]


# --- Logins, role grants and first-run set-up ---------------------------------------------
#
# Passwords are never chosen, generated or hashed here: a login starts with an unusable
# password and its owner sets one through a one-time link (Django's token generator hashes
# the current password into the token, so the link stops working once it has been used, and
# PASSWORD_RESET_TIMEOUT bounds its life). Hashing 100,000 passwords takes hours (Argon2).


@dataclass
class BulkResult:
    """What a bulk login creation did: each person is either created, granted, skipped or reported."""

    created: list[User] = field(default_factory=list)
    granted: list[User] = field(default_factory=list)  # had a login; the role was added
    without_email: list[User] = field(default_factory=list)  # created, no link sent
    skipped_inactive: list[Employee] = field(default_factory=list)  # their login is deactivated
    skipped_separation: list[Employee] = field(default_factory=list)  # an admin's login, or the acting one's

    @property
    def emails_queued(self) -> int:
        return len(self.created) - len(self.without_email)


def link_valid_days() -> int:
    return max(1, settings.PASSWORD_RESET_TIMEOUT // 86400)


def set_password_url(user: User, request=None) -> str:
    """The one-time link with which `user` sets a password: on the address the page was opened at
    when shown on a page (`request`), FAREWELL_BASE_URL + path in an e-mail."""
    uidb64 = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    path = reverse("accounts:set_password", args=[uidb64, token])
    return request.build_absolute_uri(path) if request is not None else absolute_url(path)


def _set_password_message(user: User) -> EmailMessage:
    subject = _("Farewell：请设置登录密码")
    body = _(
        "%(name)s，您好：\n\n"
        "已为您开通 Farewell 登录账号，用户名：%(username)s。\n"
        "请在 %(days)d 天内打开下面的链接设置密码。链接只能使用一次，设置后即失效：\n\n"
        "%(url)s\n\n"
        "如果您没有预期收到这封邮件，请忽略并告知人力资源部。"
    ) % {"name": str(user), "username": user.username, "days": link_valid_days(), "url": set_password_url(user)}
    return EmailMessage(subject, body, None, [user.email])


def _send_set_password_mails(users: list[User]) -> None:
    """Send the links over one connection; a transport failure is logged, never raised to the page."""
    messages = [_set_password_message(user) for user in users if user.email]
    if not messages:
        return
    try:
        get_connection().send_messages(messages)
    except Exception as exc:  # noqa: BLE001 - the logins exist; HR can resend from the user page
        log.warning("set-password e-mails: %d not sent: %s", len(messages), exc)


def _mail_on_commit(users: list[User]) -> None:
    users = [user for user in users if user.email]
    if users:
        transaction.on_commit(lambda: _send_set_password_mails(users))


def _scope_payload(grant: RoleGrant) -> dict:
    return {
        "role": grant.role,
        "company": str(grant.company.code),
        "org_unit": grant.org_unit.code if grant.org_unit else None,
    }


def _free_username(base: str, taken: set[str]) -> str:
    """`base`, or `base-2`, `base-3` … when taken (工号 repeat across companies)."""
    candidate, n = base, 1
    while candidate.lower() in taken:
        n += 1
        candidate = f"{base}-{n}"
    taken.add(candidate.lower())
    return candidate


def _taken_usernames(bases: list[str]) -> set[str]:
    """Usernames (lower case) that `_free_username` must avoid for these bases: the bases
    themselves, and the `base-N` forms of the few bases already taken."""
    lowered = sorted({base.lower() for base in bases})
    names = User.objects.annotate(lowered=Lower("username"))
    taken: set[str] = set()
    for start in range(0, len(lowered), 500):  # bounded IN lists (SQLite's variable limit)
        chunk = lowered[start:start + 500]
        taken |= set(names.filter(lowered__in=chunk).values_list("lowered", flat=True))
    for base in list(taken):  # collisions are rare: one query each
        taken |= set(names.filter(username__istartswith=f"{base}-").values_list("lowered", flat=True))
    return taken


def _check_username(username: str) -> str:
    username = (username or "").strip()
    if not username:
        raise ValidationError({"username": _("请填写用户名")})
    try:
        User.username_validator(username)
    except ValidationError as exc:
        raise ValidationError({"username": exc.messages}) from None
    if len(username) > 150:
        raise ValidationError({"username": _("用户名不能超过150个字符")})
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError({"username": _("用户名“%(username)s”已被使用") % {"username": username}})
    return username


def _check_email(email: str) -> str:
    email = (email or "").strip()
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise ValidationError({"email": _("邮箱地址格式不正确")}) from None
    return email


# -- first run


@transaction.atomic
def setup_company(
    *, name: str, credit_code: str, jurisdiction: str, city: str, username: str, email: str = "",
    first_run: bool = False,
) -> tuple[Company, User]:
    """Create a company and its first HR admin (hr_admin on the whole company, no password).

    `first_run=True` (the open /setup/ page) refuses once any company exists; the ledger head
    lock taken first serialises two people submitting the page at the same moment.
    """
    LedgerHead.objects.select_for_update().get(id=1)
    if first_run and Company.objects.exists():
        raise ValidationError(_("已完成初始设置。"))
    errors: dict[str, list[str]] = {}
    name, city = (name or "").strip(), (city or "").strip()
    if not name:
        errors["name"] = [_("请填写公司名称")]
    if not city:
        errors["city"] = [_("请填写所在城市")]
    code = normalise_credit_code(credit_code)
    problem = credit_code_problem(code)
    if problem:
        errors["credit_code"] = [problem]
    elif Company.objects.filter(credit_code=code).exists():
        errors["credit_code"] = [_("统一社会信用代码 %(code)s 的公司已存在") % {"code": code}]
    if jurisdiction not in Jurisdiction.values:
        errors["jurisdiction"] = [_("适用法律应为 %(values)s 之一") % {"values": "、".join(Jurisdiction.values)}]
    for check, value in ((_check_username, username), (_check_email, email)):
        try:
            check(value)
        except ValidationError as exc:
            errors.update(exc.message_dict)
    if errors:
        raise ValidationError(errors)
    company = Company.objects.create(name=name, credit_code=code, jurisdiction=jurisdiction, city=city)
    company_set_up(company)  # its own workflows, policy, flag rules, talk templates and phrases (issue 13)
    user = User(username=username.strip(), email=email.strip())
    user.set_unusable_password()
    user.save()
    grant = RoleGrant.objects.create(user=user, role=Role.HR_ADMIN, company=company, org_unit=None)
    record("org.company", company.code,
           {"name": company.name, "credit_code": company.credit_code, "jurisdiction": company.jurisdiction,
            "city": company.city}, actor=None, event="company_created")
    record("accounts.user", user.pk, {"username": user.username, "employee": None, **_scope_payload(grant)},
           actor=None, event="login_created")
    _mail_on_commit([user])
    return company, user


# -- grants
#
# 三员分立 (等保 2.0 level 3): the system admin runs the logins and grants nothing; the security admin
# grants and revokes roles; the audit admin reads. The three admin roles (policy.ADMIN_ROLES) are
# each held alone, company-wide, and given or taken only by a security admin (or by the operator's
# `farewell admin-role` on the server, acting_user None). Nobody grants a role to their own login.


class SeparationOfDutiesError(ValidationError):
    """A grant 三员分立 forbids (self-grant, a second role beside an admin role)."""


def _require_manager_of_users(acting_user) -> None:
    policy.require(acting_user, "users.manage")


def _require_account_admin(acting_user) -> None:
    policy.require(acting_user, "users.accounts")


def _require_grant_admin(acting_user) -> None:
    policy.require(acting_user, "users.grant")


def _covers_grant(acting_user, role: str, company_id: int, unit: OrgUnit | None, target: User) -> bool:
    """May `acting_user` give (or take away) this grant, or act on a login holding it? See grant_role."""
    if role in policy.ADMIN_ROLES:
        return company_id in policy.security_admin_companies(acting_user)
    if role in (Role.MANAGER, Role.EMPLOYEE):
        employee = target.employee
        if employee is None or employee.company_id != company_id:
            return policy.admin_covers(acting_user, company_id, None)
        return policy.admin_covers(acting_user, company_id, employee.org_unit.path)
    if unit is None:
        return policy.admin_covers(acting_user, company_id, None)
    return policy.admin_covers(acting_user, company_id, unit.path)


def _check_separation(user: User, role: str) -> None:
    """三员分立: an admin role is held alone (self-grants are refused first, in _check_grant)."""
    held = set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))
    if role in policy.ADMIN_ROLES and held - {role}:
        raise SeparationOfDutiesError({"role": _(
            "三员分立：%(role)s 账号不能同时持有其他角色；该账号已有：%(held)s。请为管理员单独开通账号"
        ) % {"role": Role(role).label, "held": "、".join(str(Role(r).label) for r in sorted(held))}})
    admin_held = held & policy.ADMIN_ROLES
    if role not in policy.ADMIN_ROLES and admin_held:
        raise SeparationOfDutiesError({"role": _(
            "三员分立：该账号是%(admin)s，不能再持有其他角色"
        ) % {"admin": "、".join(str(Role(r).label) for r in sorted(admin_held))}})


def _check_grant(user: User, role: str, company: Company, org_unit: OrgUnit | None, *, acting_user) -> None:
    if acting_user is not None:
        _require_grant_admin(acting_user)
        if user.pk == acting_user.pk:
            raise SeparationOfDutiesError({"role": _("不能给自己的账号授予角色，请由另一位管理员操作")})
    if role not in Role.values:
        raise ValidationError({"role": _("未知角色")})
    if org_unit is not None and org_unit.company_id != company.pk:
        raise ValidationError({"org_unit": _("该部门不属于%(company)s") % {"company": company}})
    if (role in (Role.MANAGER, Role.EMPLOYEE) or role in policy.ADMIN_ROLES) and org_unit is not None:
        raise ValidationError({"org_unit": _("直线经理、员工、系统管理员、安全管理员和审计管理员角色不按部门授权，请不选部门")})
    if role in (Role.MANAGER, Role.EMPLOYEE) and (user.employee is None or user.employee.company_id != company.pk):
        raise ValidationError({"role": _("直线经理和员工角色按汇报关系确定范围，账号需关联本公司的员工")})
    if acting_user is not None and not _covers_grant(acting_user, role, company.pk, org_unit, user):
        if role in policy.ADMIN_ROLES:
            raise PermissionDenied("users.grant: only a security admin grants the admin roles")
        raise PermissionDenied("users.grant: grant outside the admin's scope")
    _check_separation(user, role)


@transaction.atomic
def grant_role(user: User, role: str, company: Company, org_unit: OrgUnit | None = None, *,
               acting_user) -> RoleGrant:
    """Give `user` a role in `company`, for `org_unit`'s subtree or (None) the whole company.

    HR admins grant the business roles within their own scope only: a company-wide admin any in the
    company; a unit admin the unit-scoped roles on units in their subtree, and manager/employee to
    people of their subtree. Manager and employee follow the org chart, so they take no unit; they
    need a login linked to an employee of that company. A security admin grants any role in their
    company; the system, security and audit admin roles only they grant, company-wide, each to a
    login holding no other role. Nobody grants to their own login. `acting_user=None` is the
    operator on the server (`farewell admin-role`), bound by the same separation rules.
    """
    _check_grant(user, role, company, org_unit, acting_user=acting_user)
    if RoleGrant.objects.filter(user=user, role=role, company=company, org_unit=org_unit).exists():
        raise ValidationError(_("该账号已有这项授权"))
    grant = RoleGrant.objects.create(user=user, role=role, company=company, org_unit=org_unit)
    record("accounts.user", user.pk, {"username": user.username, **_scope_payload(grant)},
           actor=acting_user, event="role_granted")
    return grant


@transaction.atomic
def revoke_role(grant: RoleGrant, *, acting_user) -> None:
    user = grant.user
    if acting_user is not None:
        _require_grant_admin(acting_user)
        if not _covers_grant(acting_user, grant.role, grant.company_id, grant.org_unit, user):
            raise PermissionDenied("users.grant: grant outside the admin's scope")
        if user.pk == acting_user.pk and grant.role in (Role.HR_ADMIN, Role.SECURITY_ADMIN):
            raise ValidationError(_("不能撤销自己的管理员角色，请由另一位管理员操作"))
    payload = {"username": user.username, **_scope_payload(grant)}
    grant.delete()
    record("accounts.user", user.pk, payload, actor=acting_user, event="role_revoked")


def _require_manages_whole_user(acting_user, user: User) -> None:
    """Deactivating or re-linking a login touches all its grants: the admin must cover each (a login
    holding an admin role only a security admin covers: revoke the role first)."""
    _require_account_admin(acting_user)
    if not policy.users_for(acting_user).filter(pk=user.pk).exists():
        raise PermissionDenied("users.accounts: login outside the admin's scope")
    for grant in user.grants.select_related("org_unit"):
        if not _covers_grant(acting_user, grant.role, grant.company_id, grant.org_unit, user):
            raise PermissionDenied("users.accounts: the login holds a grant outside the admin's scope")


# -- activation


@transaction.atomic
def deactivate_user(user: User, *, acting_user, reason: str) -> bool:
    """Stop a login (its sessions and API tokens stop working too: both check is_active).

    `acting_user=None` is the system (the sweep closing an employment). Returns False when the
    login was already inactive (a conditional update: nothing is recorded twice).
    """
    if acting_user is not None:
        _require_manages_whole_user(acting_user, user)
        if user.pk == acting_user.pk:
            raise ValidationError(_("不能停用自己的账号"))
    if not User.objects.filter(pk=user.pk, is_active=True).update(is_active=False):
        return False
    user.is_active = False
    record("accounts.user", user.pk, {"username": user.username, "reason": reason},
           actor=acting_user, event="login_deactivated")
    return True


@transaction.atomic
def reactivate_user(user: User, *, acting_user, reason: str = "") -> bool:
    _require_manages_whole_user(acting_user, user)
    if not User.objects.filter(pk=user.pk, is_active=False).update(is_active=True):
        return False
    user.is_active = True
    record("accounts.user", user.pk, {"username": user.username, "reason": reason},
           actor=acting_user, event="login_reactivated")
    return True


@transaction.atomic
def unlock_login(user: User, *, acting_user) -> int:
    """Lift the account's own login lock (accounts/lockout.py): its failed logins from every address
    are cleared. The HR admin's reset path (the person's own is the e-mailed link); in the ledger."""
    if acting_user is not None and acting_user.pk != user.pk:
        _require_manages_whole_user(acting_user, user)
    cleared = lockout.reset_account(user.username)
    record("accounts.user", user.pk, {"username": user.username, "failed_logins_cleared": cleared},
           actor=acting_user, event="login_unlocked")
    return cleared


@transaction.atomic
def send_set_password_link(user: User, *, acting_user, request=None) -> str:
    """E-mail `user` a fresh one-time link (on commit); returns it for a login without an address,
    for HR to hand over in person."""
    _require_manages_whole_user(acting_user, user)
    if not user.is_active:
        raise ValidationError(_("账号已停用，请先启用"))
    record("accounts.user", user.pk, {"username": user.username, "emailed": bool(user.email)},
           actor=acting_user, event="set_password_link_sent")
    _mail_on_commit([user])
    return set_password_url(user, request)


# -- logins for employees


def _employee_without_login(employee: Employee) -> None:
    if employee.status == EmployeeStatus.SEPARATED:
        raise ValidationError(_("%(employee)s 已离职，不能开通登录账号") % {"employee": employee})
    if User.objects.filter(employee=employee).exists():
        raise ValidationError(_("%(employee)s 已有登录账号") % {"employee": employee})


def _new_login(employee: Employee, username: str, email: str) -> User:
    user = User(username=username, email=email, employee=employee, display_name=employee.name)
    user.set_unusable_password()
    user.save()
    return user


@transaction.atomic
def create_login(employee: Employee, *, acting_user, role: str | None = Role.EMPLOYEE,
                 org_unit: OrgUnit | None = None, username: str = "", email: str | None = None) -> User:
    """A login for one employee: username defaults to the 工号, e-mail to the employee's; the
    set-password link is e-mailed on commit (without an address, HR hands over the link).
    `role=None` (what a system admin creates, who grants nothing): a login with no role yet."""
    _require_account_admin(acting_user)
    if not policy.employees_for(acting_user, "users.accounts").filter(pk=employee.pk).exists():
        raise PermissionDenied("users.accounts: employee outside the admin's scope")
    _employee_without_login(employee)
    if username:
        username = _check_username(username)
    else:
        username = _free_username(employee.employee_number, _taken_usernames([employee.employee_number]))
    email = _check_email(employee.email if email is None else email)
    user = _new_login(employee, username, email)
    if role:
        _check_grant(user, role, employee.company, org_unit, acting_user=acting_user)
        grant = RoleGrant.objects.create(user=user, role=role, company=employee.company, org_unit=org_unit)
        scope = _scope_payload(grant)
    else:
        scope = {"role": None, "company": str(employee.company.code), "org_unit": None}
    record("accounts.user", user.pk, {"username": user.username, "employee": str(employee.code), **scope},
           actor=acting_user, event="login_created")
    _mail_on_commit([user])
    return user


@transaction.atomic
def invite_employee(employee: Employee, *, acting_user) -> User:
    """HR invites an employee to the portal: a login with the employee role and a link by e-mail.

    HR in scope (employee.edit) may invite. An invited login that has not set its
    password yet gets a fresh link; one already in use is left alone.
    """
    # HR in scope (employee.edit: the HR admin and the HRBP): the invitation grants the employee role,
    # which the system admin, who grants nothing, may not.
    allowed = (policy.allows(acting_user, "employee.edit")
               and policy.employees_for(acting_user, "employee.edit").filter(pk=employee.pk).exists())
    if not allowed:
        raise PermissionDenied("employee.edit")
    if not employee.email:
        raise ValidationError(_("%(employee)s 的档案中没有邮箱，无法发送邀请；请先填写邮箱") % {"employee": employee})
    user = User.objects.filter(employee=employee).first()
    if user is None:
        _employee_without_login(employee)
        username = _free_username(employee.employee_number, _taken_usernames([employee.employee_number]))
        user = _new_login(employee, username, employee.email)
        grant = RoleGrant.objects.create(user=user, role=Role.EMPLOYEE, company=employee.company)
        record("accounts.user", user.pk,
               {"username": user.username, "employee": str(employee.code), **_scope_payload(grant)},
               actor=acting_user, event="login_created")
    else:
        if not user.is_active:
            raise ValidationError(_("%(employee)s 的登录账号已停用") % {"employee": employee})
        if user.has_usable_password():
            raise ValidationError(_("%(employee)s 已开通登录账号") % {"employee": employee})
        if not user.email:
            user.email = employee.email
            user.save(update_fields=["email"])
        grant, created = RoleGrant.objects.get_or_create(
            user=user, role=Role.EMPLOYEE, company=employee.company, org_unit=None
        )
        if created:
            record("accounts.user", user.pk, {"username": user.username, **_scope_payload(grant)},
                   actor=acting_user, event="role_granted")
        record("accounts.user", user.pk, {"username": user.username, "emailed": True},
               actor=acting_user, event="set_password_link_sent")
    _mail_on_commit([user])
    return user


def _bulk_logins(employees: QuerySet, role: str, company: Company, *, acting_user, what: str) -> BulkResult:
    """Logins for every employee of `employees` without one; the role for those who have one.

    Set-based: one bulk insert of users (unusable passwords: no hashing), one of grants, one
    ledger entry listing every login and grant, one e-mail connection after the commit.
    """
    result = BulkResult()
    employees = employees.filter(company=company).exclude(status=EmployeeStatus.SEPARATED)
    existing = {
        user.employee_id: user
        for user in User.objects.filter(employee__in=employees.values("pk"))
    }
    with_role = set(
        RoleGrant.objects.filter(user__in=list(existing.values()), role=role, company=company)
        .values_list("user_id", flat=True)
    )
    # 三员分立: no role beside an admin role, and none for the acting admin's own login.
    not_granted = set(
        RoleGrant.objects.filter(user__in=list(existing.values()), role__in=policy.ADMIN_ROLES)
        .values_list("user_id", flat=True)
    ) | {acting_user.pk}
    people = list(employees.only("pk", "code", "employee_number", "name", "email", "company_id").order_by("pk"))
    taken = _taken_usernames([e.employee_number for e in people if e.pk not in existing]) if people else set()
    new_users: list[User] = []
    for employee in people:
        user = existing.get(employee.pk)
        if user is None:
            user = User(username=_free_username(employee.employee_number, taken), email=employee.email,
                        employee=employee, display_name=employee.name)
            user.set_unusable_password()
            new_users.append(user)
            if not employee.email:
                result.without_email.append(user)
        elif not user.is_active:
            result.skipped_inactive.append(employee)
        elif user.pk in not_granted:
            result.skipped_separation.append(employee)
        elif user.pk not in with_role:
            result.granted.append(user)
    User.objects.bulk_create(new_users)
    result.created = new_users
    RoleGrant.objects.bulk_create(
        [RoleGrant(user=user, role=role, company=company) for user in [*new_users, *result.granted]]
    )
    if new_users or result.granted:
        record("accounts.bulk_logins", uuid.uuid4(), {
            "what": what, "role": role, "company": str(company.code),
            "created": [{"user": u.pk, "username": u.username, "employee": str(u.employee.code)} for u in new_users],
            "granted": [{"user": u.pk, "username": u.username} for u in result.granted],
        }, actor=acting_user, event="logins_created")
    _mail_on_commit(new_users)
    return result


@transaction.atomic
def create_logins_for_managers(company: Company, *, acting_user) -> BulkResult:
    """Every employee in scope who has reports or heads a unit: a login with the manager role."""
    _require_account_admin(acting_user)
    _require_grant_admin(acting_user)
    current = Employee.objects.exclude(status=EmployeeStatus.SEPARATED)
    managers = policy.employees_for(acting_user, "users.accounts").filter(
        Q(pk__in=current.filter(manager__isnull=False).values("manager_id"))
        | Q(pk__in=OrgUnit.objects.filter(head__isnull=False).values("head_id"))
    )
    return _bulk_logins(managers, Role.MANAGER, company, acting_user=acting_user, what="managers")


@transaction.atomic
def create_logins_for_unit(unit: OrgUnit, *, acting_user) -> BulkResult:
    """Every member of `unit` and its subtree: a login with the employee role."""
    _require_account_admin(acting_user)
    _require_grant_admin(acting_user)
    if not policy.admin_covers(acting_user, unit.company_id, unit.path):
        raise PermissionDenied("users.accounts: unit outside the admin's scope")
    members = policy.employees_for(acting_user, "users.accounts").filter(org_unit__path__startswith=unit.path)
    return _bulk_logins(members, Role.EMPLOYEE, unit.company, acting_user=acting_user, what=f"unit:{unit.code}")


# -- the operator's admin roles (三员分立 on the server)


@transaction.atomic
def operator_admin_role(username: str, role: str, company: Company, *, grant: bool = True,
                        email: str = "") -> tuple[User, bool]:
    """`farewell admin-role`: the operator on the server gives (or takes) a system, security or audit
    admin role — how the first security admin comes to be, who then grants the others in the UI.
    The same separation rules hold (held alone, company-wide); a missing login is created without
    a password (its owner sets one through the printed link). Returns (login, created)."""
    if role not in policy.ADMIN_ROLES:
        raise ValidationError({"role": _("这里只授予系统管理员、安全管理员和审计管理员角色")})
    user = User.objects.filter(username__iexact=(username or "").strip()).first()
    created = False
    if user is None:
        if not grant:
            raise ValidationError({"username": _("没有用户名为“%(username)s”的账号") % {"username": username}})
        user = User(username=_check_username(username), email=_check_email(email))
        user.set_unusable_password()
        user.save()
        created = True
        record("accounts.user", user.pk, {"username": user.username, "employee": None, "role": None,
                                          "company": str(company.code), "org_unit": None},
               actor=None, event="login_created")
    if grant:
        grant_role(user, role, company, None, acting_user=None)
    else:
        found = RoleGrant.objects.filter(user=user, role=role, company=company, org_unit=None).first()
        if found is None:
            raise ValidationError({"role": _("该账号在%(company)s没有这个角色") % {"company": company}})
        revoke_role(found, acting_user=None)
    return user, created
