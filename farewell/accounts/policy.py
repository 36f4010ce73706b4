"""The one permission policy: which role may do what, and on whom.

Every view and API endpoint names an action from ACTIONS; an action not listed is denied.
Scope (DESIGN, security model): a grant on an org unit covers its subtree; a manager sees
direct and indirect reports; an employee only themselves; an auditor the ledger and the
access log. Outside one's scope → 404; in scope but not allowed for the role → 403.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import reduce
from operator import or_

from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q, QuerySet
from django.http import Http404

from farewell.org.models import Employee
from farewell.org.subtree import in_subtree_q, unit_ids_under

from .models import Role, RoleGrant, User

# How far up a manager chain "indirect reports" reaches; deeper chains are cut here.
MANAGER_CHAIN_DEPTH = 8

HR = {Role.HR_ADMIN, Role.HRBP}
PEOPLE_READERS = {Role.HR_ADMIN, Role.HRBP, Role.LEGAL, Role.MANAGER, Role.APPROVER}

# action → roles allowed to perform it (within their scope).
ACTIONS: dict[str, set[str]] = {
    "employee.list": PEOPLE_READERS,
    "employee.view": PEOPLE_READERS | {Role.EMPLOYEE},
    "employee.view_sensitive": HR,
    "employee.export": HR,
    # Writing people facts (employee, contracts, wages, protected periods, status): HR in scope.
    "employee.edit": HR,
    # The org tree and positions are company-wide: the HR admin.
    "org.manage": {Role.HR_ADMIN},
    # Logins and role grants (设置 › 用户与权限): the HR admin configures, never decides. 三员分立: the
    # system admin runs the logins (create, stop, links, the mail outbox) and grants nothing; the
    # security admin grants and revokes roles and sets the security policy; both see the logins.
    "users.manage": {Role.HR_ADMIN, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN},
    "users.accounts": {Role.HR_ADMIN, Role.SYSTEM_ADMIN},
    "users.grant": {Role.HR_ADMIN, Role.SECURITY_ADMIN},
    "security.policy": {Role.SECURITY_ADMIN},
    # The 设置 entry of the navigation: whoever has one settings page (the page lists which).
    "settings.index": {Role.HR_ADMIN, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN},
    "org.view": PEOPLE_READERS,
    # The audit administrator reads the ledger and the access log (filters, exports, verification).
    "ledger.view": {Role.AUDITOR},
    "accesslog.view": {Role.AUDITOR},
    "law.calculate": HR | {Role.LEGAL},
    "law.estimate_self": {Role.EMPLOYEE},
    "settings.manage": {Role.HR_ADMIN},
    "records.view": PEOPLE_READERS,
    "records.import": HR,
    "records.export": HR,
    "case.view": PEOPLE_READERS,
    "case.open": HR | {Role.MANAGER},
    "case.edit": HR,
    "case.decide": {Role.HRBP, Role.LEGAL, Role.MANAGER, Role.APPROVER},
    # The company's internal cap on extra compensation (case.extra_cap, and HR's ceiling statutory + cap): HR, legal
    # and leadership (the lead's decision); never the line manager, who sees the rest of the case and the talk.
    "case.extra_cap": HR | {Role.LEGAL, Role.APPROVER},
    "workflow.configure": {Role.HR_ADMIN},
    "portal.self": {Role.EMPLOYEE},
    "insights.view": {Role.HR_ADMIN, Role.HRBP, Role.LEGAL, Role.MANAGER},
    "insights.configure": {Role.HR_ADMIN},
    # The attrition-risk score (PIPL Art. 24): HR; a manager for their own reports only when the
    # company's risk setting allows it (insights.riskviews checks the setting).
    "insights.risk": HR | {Role.MANAGER},
    "insights.risk_report": HR,  # the unit aggregates and the model card
    "insights.risk_manage": {Role.HR_ADMIN},  # train the model, change the risk setting
    "insights.survival": HR,
    # Employees' requests for an explanation of automated assessments (PIPL Art. 24): HR in scope answers.
    "insights.explanations": HR,  # time to exit by cohort (aggregates, cohorts under 5 suppressed)
    "talks.read_transcript": HR | {Role.LEGAL},
    # A conversation's attachments (talks.access.get_attachment_for_user): a recording is the talk
    # itself, like its transcript (HR, legal); a document shown at the talk also the manager who took
    # part in it (a manager who did not take part reads neither).
    "talks.attachment_document": HR | {Role.LEGAL, Role.MANAGER},
    "talks.attachment_recording": HR | {Role.LEGAL},
    "talks.view": HR | {Role.LEGAL, Role.MANAGER},
    "talks.plan": HR | {Role.LEGAL},
    "talks.edit": HR,
    "talks.export": HR | {Role.LEGAL},
    "talks.configure": {Role.HR_ADMIN},
    "talks.self": {Role.EMPLOYEE},
    # Exits: individual departures, interviews and named survey answers only HR; the turnover
    # report (aggregates, groups under 5 suppressed) also leadership approvers.
    "exits.view": HR,
    "exits.edit": HR,
    "exits.configure": {Role.HR_ADMIN},
    "exits.report": HR | {Role.APPROVER},
    "exits.survey_self": {Role.EMPLOYEE},
    # Offboarding: the handover, settlement, documents and post-exit duties of a case. The 交接 page is
    # for whoever hands over or receives an item (any role but the auditor's; the item itself decides).
    "offboarding.view": PEOPLE_READERS,
    "offboarding.manage": HR,
    "offboarding.documents": HR | {Role.LEGAL, Role.APPROVER},
    "offboarding.configure": {Role.HR_ADMIN},
    "settlement.approve": {Role.APPROVER},
    "handover.take_part": set(Role) - {Role.AUDITOR},
    # PIPL (farewell/privacy): a person's separate consents (a signed paper form, a written withdrawal)
    # and a case's legal hold are HR's; the retention schedule the HR admin's. The person gives and
    # withdraws their own consents in the portal (portal.self).
    "privacy.consents": HR,
    "privacy.hold": HR,
    "privacy.retention": {Role.HR_ADMIN},
    "notifications.own": set(Role),  # one's own notifications: anyone holding a role, no one else
}

# Roles whose grant is scoped by org unit (null unit = the whole company). The system and security
# admins are always whole-company (services refuses a unit): they find people to give logins to.
UNIT_SCOPED = {Role.HR_ADMIN, Role.HRBP, Role.LEGAL, Role.APPROVER, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN}

# 三员分立: company-wide roles that are each held alone (an account with one holds no other role) and
# that only a security admin grants or revokes (services.grant_role).
ADMIN_ROLES = frozenset({Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN, Role.AUDITOR})
# The roles whose grants let someone manage logins: their scope is the logins they see.
ACCOUNT_ROLES = frozenset({Role.HR_ADMIN, Role.SYSTEM_ADMIN, Role.SECURITY_ADMIN})

# What an audit administrator may still POST: their own session, password and language.
AUDIT_WRITES_ALLOWED = frozenset({"logout", "password_change", "set_language", "api_token"})
SAFE_METHODS = ("GET", "HEAD", "OPTIONS", "TRACE")


def audit_write_refused(user, method: str, url_name: str | None) -> bool:
    """三员分立: an account holding the audit administrator's role changes nothing (every POST, PUT,
    PATCH and DELETE refused, whatever other role it may hold from before the separation). Pages:
    middleware.AuditReadOnlyMiddleware; the API's tokens: tokens.ExpiringTokenAuthentication."""
    if method in SAFE_METHODS or not getattr(user, "is_authenticated", False):
        return False
    return Role.AUDITOR in roles_of(user) and url_name not in AUDIT_WRITES_ALLOWED


def roles_of(user) -> set[str]:
    if not getattr(user, "is_authenticated", False):
        return set()
    # From the grants every scoped page reads anyway (one query per request, not two).
    return {role for role, _company_id, _path in _grants(user)}


def _grants(user) -> list[tuple[str, int, str | None]]:
    if not getattr(user, "is_authenticated", False):
        return []  # an anonymous user holds no grant (and cannot be used in a query)
    cached = getattr(user, "_farewell_grants", None)
    if cached is None:
        cached = list(
            RoleGrant.objects.filter(user=user).values_list("role", "company_id", "org_unit__path")
        )
        user._farewell_grants = cached
    return cached


def remember_grants(user, grants: list[tuple[str, int, str | None]]) -> None:
    """The user's grants as read together with the user (backends.UserBackend): the request's policy
    checks then ask no query of their own."""
    user._farewell_grants = list(grants)


def grants(user) -> list[tuple[str, int, str | None]]:
    """(role, company id, unit path or None) of each of the user's grants, read once per request."""
    return _grants(user)


def company_ids(user) -> set[int]:
    """The companies in which the user holds any grant."""
    return {company_id for _role, company_id, _path in _grants(user)}


def allows(user, action: str) -> bool:
    allowed = ACTIONS.get(action)
    if not allowed:
        return False
    return bool(roles_of(user) & allowed)


def require(user, action: str) -> None:
    if not allows(user, action):
        raise PermissionDenied(action)


def _reports_of(employee_id: int) -> Q:
    """Direct and indirect reports: manager, manager's manager, ... up to the depth limit."""
    conditions = []
    for depth in range(1, MANAGER_CHAIN_DEPTH + 1):
        conditions.append(Q(**{"__".join(["manager"] * depth): employee_id}))
    return reduce(or_, conditions)


def _subtree_units(user, company_id: int, paths: tuple[str, ...]):
    """The unit ids of a granted subtree, remembered on the user for the request like the grants."""
    memo = user.__dict__.setdefault("_farewell_subtree_units", {})
    if (company_id, paths) not in memo:
        memo[(company_id, paths)] = unit_ids_under(company_id, paths)
    return memo[(company_id, paths)]


def scope_q(user, roles: set[str] | None = None) -> Q | None:
    """Q for the employees the user's grants cover (for `roles`, all roles if None); None = nobody."""
    whole: set[int] = set()                      # companies granted whole
    subtrees: dict[int, set[str]] = {}            # company → unit path prefixes
    people: list[Q] = []
    own_employee_id = getattr(user, "employee_id", None)
    for role, company_id, unit_path in _grants(user):
        if roles is not None and role not in roles:
            continue
        if role in UNIT_SCOPED:
            if unit_path:
                subtrees.setdefault(company_id, set()).add(unit_path)
            else:
                whole.add(company_id)
        elif role == Role.MANAGER and own_employee_id:
            people.append(_reports_of(own_employee_id))
        elif role == Role.EMPLOYEE and own_employee_id:
            people.append(Q(pk=own_employee_id))
    # One `company_id IN (...)` for whole companies (an index can serve it, where an OR of equalities
    # per grant made PostgreSQL scan and sort the table: issue 14); a subtree inside a company already
    # granted whole, or inside another granted subtree, adds nothing.
    parts: list[Q] = [Q(company_id__in=sorted(whole))] if whole else []
    for company_id, paths in sorted(subtrees.items()):
        if company_id in whole:
            continue
        kept = sorted(p for p in paths if not any(p != o and p.startswith(o) for o in paths))
        # The subtree's unit ids (read once per request), not a join to every employee's unit.
        parts.append(in_subtree_q(company_id, _subtree_units(user, company_id, tuple(kept))))
    parts += people
    if not parts:
        return None
    return reduce(or_, parts)


def whole_companies(user, action: str) -> set[int] | None:
    """The companies `user` may perform `action` in as a whole, when that is all their scope is (no
    unit subtree, no manager's reports, no own record); None otherwise. Rows that carry a company
    (flags, cases) are then filtered on their own column, which an index serves (issue 14)."""
    allowed = ACTIONS.get(action, set())
    companies = set()
    for role, company_id, unit_path in _grants(user):
        if role not in allowed:
            continue
        if role not in UNIT_SCOPED or unit_path:
            return None
        companies.add(company_id)
    return companies or None


def employees_for(user, action: str, queryset: QuerySet | None = None) -> QuerySet:
    """The employees on whom `user` may perform `action`."""
    qs = Employee.objects.all() if queryset is None else queryset
    allowed = ACTIONS.get(action, set())
    q = scope_q(user, roles=allowed)
    if q is None:
        return qs.none()
    return qs.filter(q)


def covers(user, action: str, employee: Employee) -> bool:
    """Whether `action` on this one employee (just read from the database) is in the user's scope.

    A whole-company grant, or a unit grant whose subtree holds the employee's unit (when
    `employee.org_unit` is loaded), decides from the cached grants with no query; otherwise the
    scope query runs once per role set and employee for the request. The employee page asks this
    for half a dozen actions (its panels), which were as many queries (issue 14).
    """
    allowed = ACTIONS.get(action, set())
    unit = employee.org_unit if Employee.org_unit.is_cached(employee) else None
    for role, company_id, unit_path in _grants(user):
        if role not in allowed or role not in UNIT_SCOPED or company_id != employee.company_id:
            continue
        if not unit_path or (unit is not None and unit.path.startswith(unit_path)):
            return True
    held = frozenset(allowed & roles_of(user))
    if not held:
        return False
    memo = user.__dict__.setdefault("_farewell_covers", {})
    key = (held, employee.pk)
    if key not in memo:
        memo[key] = employees_for(user, action, Employee.objects.filter(pk=employee.pk)).exists()
    return memo[key]


def granted_unit_holds(user, employee: Employee, roles: set[str] | None = None) -> bool:
    """Whether a company or unit grant (of `roles`, any role if None) holds this employee (its `org_unit`
    loaded), from the cached grants alone. False when only the scope query can tell (a manager's
    reports, one's own record)."""
    unit = employee.org_unit if Employee.org_unit.is_cached(employee) else None
    for role, company_id, unit_path in _grants(user):
        if roles is not None and role not in roles:
            continue
        if role in UNIT_SCOPED and company_id == employee.company_id and (
                not unit_path or (unit is not None and unit.path.startswith(unit_path))):
            return True
    return False


def get_employee_for_user(user, code, action: str, queryset: QuerySet | None = None, *,
                          by_code: Callable[[object], list[Employee]] | None = None) -> Employee:
    """The one access helper for an employee: 404 outside every scope, 403 in scope but not allowed.

    `by_code(code)`, the employee as `queryset` reads it by code (a common/prepared.py query, compiled once:
    building and compiling the scope query was ~1 ms of the employee page, issue 14), is used when a
    company or unit grant holds the employee it finds; otherwise the scope query decides, as without it."""
    if by_code is not None:
        found = by_code(code)
        if found and granted_unit_holds(user, found[0]):
            if not covers(user, action, found[0]):
                raise PermissionDenied(action)
            return found[0]
    qs = Employee.objects.all() if queryset is None else queryset
    any_scope = scope_q(user)
    if any_scope is None:
        raise Http404
    try:
        employee = qs.filter(any_scope).get(code=code)
    except (Employee.DoesNotExist, ValidationError, ValueError):  # a malformed code is not found either
        raise Http404 from None
    if not covers(user, action, employee):
        raise PermissionDenied(action)
    return employee


def unit_scope(user, action: str, company_id: int) -> list[str] | None:
    """The org-unit path prefixes in which `user` may perform `action` in a company: None for the
    whole company, [] for nowhere (an import creating a person checks the new person's unit)."""
    allowed = ACTIONS.get(action, set())
    paths: list[str] = []
    for role, grant_company, unit_path in _grants(user):
        if role not in allowed or role not in UNIT_SCOPED or grant_company != company_id:
            continue
        if not unit_path:
            return None
        paths.append(unit_path)
    return paths


# --- Logins and role grants (设置 › 用户与权限) ---------------------------------------------


def admin_scopes(user, roles=frozenset({Role.HR_ADMIN})) -> list[tuple[int, str | None]]:
    """(company id, unit path or None for the whole company) of each grant of `roles` (hr_admin)."""
    return [(company_id, path) for role, company_id, path in _grants(user) if role in roles]


def account_scopes(user) -> list[tuple[int, str | None]]:
    """Where the user manages logins: hr_admin grants, and the system and security admins' companies."""
    return admin_scopes(user, ACCOUNT_ROLES)


def security_admin_companies(user) -> set[int]:
    return {company_id for company_id, _path in admin_scopes(user, {Role.SECURITY_ADMIN})}


def admin_covers(user, company_id: int, unit_path: str | None) -> bool:
    """Whether the user's login-managing grants cover a unit of a company (None: the whole company)."""
    for admin_company_id, admin_path in account_scopes(user):
        if admin_company_id != company_id:
            continue
        if admin_path is None or (unit_path and unit_path.startswith(admin_path)):
            return True
    return False


def users_for(user, queryset: QuerySet | None = None) -> QuerySet:
    """The logins an admin manages: linked to an employee in scope, or holding a grant in scope (a
    system or security admin: the whole company, which includes its logins without any role yet
    only when they are linked to an employee)."""
    qs = User.objects.all() if queryset is None else queryset
    parts: list[Q] = []
    for company_id, path in account_scopes(user):
        employees = Q(employee__company_id=company_id)
        grants = RoleGrant.objects.filter(company_id=company_id)
        if path:
            employees &= Q(employee__org_unit__path__startswith=path)
            grants = grants.filter(org_unit__path__startswith=path)
        parts.append(employees | Q(pk__in=grants.values("user_id")))
    if not parts:
        return qs.none()
    return qs.filter(reduce(or_, parts))


def get_user_for_admin(user, username: str, queryset: QuerySet | None = None):
    """The access helper for a login: 403 without users.manage, 404 outside the admin's scope."""
    require(user, "users.manage")
    try:
        return users_for(user, queryset).get(username=username)
    except User.DoesNotExist:
        raise Http404 from None
