"""三员分立 (等保 2.0 level 3): the system admin runs the logins and grants nothing; the security admin
grants and sets the security policy and runs no HR business; the audit admin reads the ledger and
the access log and changes nothing. None grants itself (or its own login) another role."""

from __future__ import annotations

import re
from io import StringIO

import pytest
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.management import CommandError, call_command
from django.urls import Resolver404, URLPattern, URLResolver, get_resolver, resolve, reverse
from rest_framework.authtoken.models import Token

from farewell.accounts import policy, security, services
from farewell.accounts.models import Role, RoleGrant, SecurityPolicy, User
from farewell.ledger.models import LedgerEntry
from tests.factories import PASSWORD, make_user


@pytest.fixture
def admins(world):
    """The three admins of the world's company, as the operator and the security admin make them."""
    secadmin, _created = services.operator_admin_role("secadmin", Role.SECURITY_ADMIN, world.company)
    secadmin.set_password(PASSWORD)
    secadmin.save()
    sysadmin = make_user("sysadmin")
    services.grant_role(sysadmin, Role.SYSTEM_ADMIN, world.company, acting_user=secadmin)
    audit = world.users["auditor"]
    return {"security": User.objects.get(pk=secadmin.pk), "system": User.objects.get(pk=sysadmin.pk),
            "audit": audit}


def fresh(user) -> User:
    return User.objects.get(pk=user.pk)  # no role cache


def roles(user) -> set[str]:
    return set(RoleGrant.objects.filter(user=user).values_list("role", flat=True))


# -- nobody grants to themselves


@pytest.mark.parametrize("role", [Role.HRBP, Role.AUDITOR, Role.SYSTEM_ADMIN, Role.EMPLOYEE])
def test_the_security_admin_grants_others_but_never_itself(world, admins, role):
    secadmin = admins["security"]
    with pytest.raises(services.SeparationOfDutiesError):
        services.grant_role(secadmin, role, world.company, acting_user=secadmin)
    assert roles(secadmin) == {Role.SECURITY_ADMIN}
    # The other way: the same grant to someone else's clean login is given.
    other = make_user("someone", employee=world.chenqi)
    services.grant_role(other, role, world.company, acting_user=fresh(secadmin))
    assert roles(other) == {role}


def test_the_hr_admin_grants_others_but_never_itself(world):
    hradmin = world.users["hr_admin"]
    with pytest.raises(services.SeparationOfDutiesError):
        services.grant_role(hradmin, Role.LEGAL, world.company, acting_user=hradmin)
    assert roles(hradmin) == {Role.HR_ADMIN}
    services.grant_role(world.users["approver"], Role.LEGAL, world.company, acting_user=hradmin)
    assert Role.LEGAL in roles(world.users["approver"])


def test_a_self_grant_through_the_page_is_refused_and_recorded_nowhere(client, world, admins):
    secadmin = admins["security"]
    client.force_login(secadmin)
    before = LedgerEntry.objects.count()
    response = client.post(reverse("accounts:grant_add", args=[secadmin.username]),
                           {"role": Role.AUDITOR, "company": world.company.pk}, follow=True)
    assert "不能给自己的账号授予角色" in response.content.decode()
    assert roles(secadmin) == {Role.SECURITY_ADMIN} and LedgerEntry.objects.count() == before
    # The page grants the same role to another login.
    other = make_user("other-auditor", employee=world.chenqi)
    assert client.post(reverse("accounts:grant_add", args=[other.username]),
                       {"role": Role.AUDITOR, "company": world.company.pk}).status_code == 302
    assert roles(other) == {Role.AUDITOR}


def test_the_system_admin_grants_nothing_not_even_to_itself(client, world, admins):
    sysadmin = admins["system"]
    for target in (sysadmin, world.users["hrbp_sales"]):
        with pytest.raises(PermissionDenied):
            services.grant_role(target, Role.HRBP, world.company, acting_user=fresh(sysadmin))
    client.force_login(sysadmin)
    assert client.post(reverse("accounts:grant_add", args=["hrbp"]),
                       {"role": Role.LEGAL, "company": world.company.pk}).status_code == 403
    grant = RoleGrant.objects.get(user=world.users["hrbp_sales"])
    assert client.post(reverse("accounts:grant_revoke", args=["hrbp", grant.pk])).status_code == 403
    assert roles(sysadmin) == {Role.SYSTEM_ADMIN} and RoleGrant.objects.filter(pk=grant.pk).exists()


def test_the_audit_admin_grants_nothing(client, world, admins):
    audit = admins["audit"]
    with pytest.raises(PermissionDenied):
        services.grant_role(audit, Role.HRBP, world.company, acting_user=audit)
    client.force_login(audit)
    assert client.post(reverse("accounts:grant_add", args=["auditor"]),
                       {"role": Role.HRBP, "company": world.company.pk}).status_code == 403
    assert roles(audit) == {Role.AUDITOR}


# -- the admin roles are held alone, and only the security admin gives them


def test_an_admin_role_is_not_given_beside_another_role_both_ways(world, admins):
    secadmin = admins["security"]
    # An HRBP's login does not become a system admin...
    with pytest.raises(services.SeparationOfDutiesError):
        services.grant_role(world.users["hrbp_sales"], Role.SYSTEM_ADMIN, world.company, acting_user=secadmin)
    # ...and a system admin's login gets no business role, nor a second admin role.
    for role in (Role.HRBP, Role.AUDITOR):
        with pytest.raises(services.SeparationOfDutiesError):
            services.grant_role(admins["system"], role, world.company, acting_user=fresh(secadmin))
    assert roles(admins["system"]) == {Role.SYSTEM_ADMIN}
    assert roles(world.users["hrbp_sales"]) == {Role.HRBP}


@pytest.mark.parametrize("role", sorted(policy.ADMIN_ROLES))
def test_only_the_security_admin_gives_or_takes_an_admin_role(world, admins, role):
    target = make_user(f"new-{role}")
    with pytest.raises(PermissionDenied):
        services.grant_role(target, role, world.company, acting_user=world.users["hr_admin"])
    grant = services.grant_role(target, role, world.company, acting_user=admins["security"])
    with pytest.raises(PermissionDenied):
        services.revoke_role(grant, acting_user=world.users["hr_admin"])
    services.revoke_role(grant, acting_user=fresh(admins["security"]))
    assert roles(target) == set()


def test_the_hr_admin_is_not_offered_the_admin_roles(client, world):
    client.force_login(world.users["hr_admin"])
    page = client.get(reverse("accounts:user_detail", args=["lisi"])).content.decode()
    assert 'value="hrbp"' in page and 'value="security_admin"' not in page and 'value="auditor"' not in page


def test_the_security_admin_cannot_take_its_own_role(world, admins):
    grant = RoleGrant.objects.get(user=admins["security"])
    with pytest.raises(ValidationError):
        services.revoke_role(grant, acting_user=admins["security"])
    assert RoleGrant.objects.filter(pk=grant.pk).exists()


def test_bulk_logins_skip_the_admins_and_the_acting_admin(world, admins):
    hradmin = world.users["hr_admin"]
    User.objects.filter(pk=world.users["employee"].pk).update(employee=None)
    User.objects.filter(pk=admins["system"].pk).update(employee=world.lisi)  # an admin who is also staff
    result = services.create_logins_for_unit(world.sales, acting_user=hradmin)
    assert world.lisi in result.skipped_separation
    assert roles(admins["system"]) == {Role.SYSTEM_ADMIN}


# -- what each admin does and does not do


def test_the_system_admin_runs_logins_without_rights(client, world, admins):
    client.force_login(admins["system"])
    assert client.get(reverse("accounts:users")).status_code == 200
    page = client.get(reverse("accounts:user_create")).content.decode()
    assert 'name="role"' not in page  # the login is opened without a role
    response = client.post(reverse("accounts:user_create"), {"employee_number": world.chenqi.employee_number,
                                                             "username": "chenqi"})
    assert response.status_code == 302
    created = User.objects.get(username="chenqi")
    assert created.employee == world.chenqi and roles(created) == set()
    assert client.get(reverse("accounts:mail_outbox")).status_code == 200
    # Stops an ordinary login; the security admin's is not theirs to stop.
    assert client.post(reverse("accounts:user_deactivate", args=["hrbp"]), {"reason": "离职"}).status_code == 302
    assert not User.objects.get(username="hrbp").is_active
    assert client.post(reverse("accounts:user_deactivate", args=["secadmin"]), {"reason": "x"}).status_code in (
        403, 404)
    assert User.objects.get(username="secadmin").is_active
    # No audit trail beyond the operational, no HR business.
    for url in ("/ledger/", "/accounts/access-log/", "/employees/", "/cases/", reverse("accounts:security_policy")):
        assert client.get(url).status_code == 403, url


def test_the_security_admin_grants_and_sets_policy_but_runs_no_hr_business(client, world, admins):
    client.force_login(admins["security"])
    assert client.get(reverse("accounts:users")).status_code == 200
    assert client.get(reverse("accounts:security_policy")).status_code == 200
    assert client.get(reverse("accounts:user_create")).status_code == 403
    for url in ("/ledger/", "/accounts/access-log/", "/employees/", "/cases/", f"/employees/{world.lisi.code}/",
                reverse("accounts:mail_outbox")):
        assert client.get(url).status_code in (403, 404), url
    assert client.post(reverse("accounts:user_deactivate", args=["hrbp"]), {"reason": "x"}).status_code == 403
    assert User.objects.get(username="hrbp").is_active


def test_the_settings_page_lists_what_each_admin_may_open(client, admins):
    client.force_login(admins["security"])
    page = client.get(reverse("settings:index")).content.decode()
    assert "安全策略" in page and "用户与权限" in page and "节假日" not in page
    client.force_login(admins["system"])
    page = client.get(reverse("settings:index")).content.decode()
    assert "用户与权限" in page and "安全策略" not in page and "节假日" not in page


# -- the audit admin changes nothing


def _sample_path(pattern) -> str:
    """A concrete path for a URL pattern: each converter gets a value it accepts."""
    samples = {"int": "1", "uuid": "00000000-0000-0000-0000-000000000001", "path": "x/y", "slug": "x", "str": "x"}
    route = str(pattern.pattern)
    if hasattr(pattern.pattern, "converters"):
        route = re.sub(r"<(?:(\w+):)?(\w+)>", lambda m: samples.get(m.group(1) or "str", "x"), route)
    return route.lstrip("^").rstrip("$").replace("\\Z", "").replace("\\", "")


def _all_paths(resolver=None, prefix="") -> list[tuple[str, str]]:
    out = []
    for entry in (resolver or get_resolver()).url_patterns:
        if isinstance(entry, URLResolver):
            out += _all_paths(entry, prefix + _sample_path(entry))
        elif isinstance(entry, URLPattern):
            out.append((entry.name or "", "/" + prefix + _sample_path(entry)))
    return out


def test_every_write_by_the_audit_admin_is_refused(client, world, admins):
    client.force_login(admins["audit"])
    before = LedgerEntry.objects.count()
    checked = 0
    for name, path in _all_paths():
        if name in policy.AUDIT_WRITES_ALLOWED or "(?P" in path or path.startswith("/static"):
            continue
        for method in ("post", "put", "patch", "delete"):
            response = getattr(client, method)(path)
            assert response.status_code in (403, 404), f"{method.upper()} {path}: {response.status_code}"
            # 404 only where the path does not resolve (a pattern that rejects the sample).
            if response.status_code == 404:
                with pytest.raises(Resolver404):
                    resolve(path)
        checked += 1
    assert checked > 150
    assert LedgerEntry.objects.count() == before
    # The other way: it reads, and it may still log out.
    assert client.get("/ledger/").status_code == 200
    assert client.post(reverse("accounts:logout")).status_code == 302


def test_the_audit_admin_writes_nothing_through_the_api_with_a_token(client, world, admins):
    # A login from before the separation that is also legal counsel: the audit role still wins.
    RoleGrant.objects.create(user=admins["audit"], role=Role.LEGAL, company=world.company)
    token = Token.objects.create(user=admins["audit"])
    headers = {"HTTP_AUTHORIZATION": f"Token {token.key}"}
    assert client.get("/api/ledger/", **headers).status_code == 200
    response = client.post("/api/law/compute", {}, content_type="application/json", **headers)
    assert response.status_code == 403
    # Legal counsel alone may post there (it is the audit role that refuses, not the URL).
    legal_token = Token.objects.create(user=world.users["legal"])
    response = client.post("/api/law/compute", {}, content_type="application/json",
                           HTTP_AUTHORIZATION=f"Token {legal_token.key}")
    assert response.status_code not in (401, 403)


# -- the security policy takes effect


def test_the_security_policy_is_saved_recorded_and_takes_effect(client, world, admins):
    client.force_login(admins["security"])
    response = client.post(reverse("accounts:security_policy"),
                           {"password_min_length": 14, "session_hours": 2, "login_failure_limit": 3})
    assert response.status_code == 302
    row = SecurityPolicy.objects.get(pk=1)
    assert (row.password_min_length, row.session_hours, row.login_failure_limit) == (14, 2, 3)
    entry = LedgerEntry.objects.filter(event="security_policy_changed").get()
    assert entry.actor == admins["security"] and '"password_min_length":14' in entry.payload
    # Password length: 13 characters refused, 14 accepted.
    with pytest.raises(ValidationError, match="14"):
        validate_password("Kq7!mZp2#vLx9")
    validate_password("Kq7!mZp2#vLx9w")
    # The session of the next login lasts two hours.
    client.logout()
    assert client.post(reverse("accounts:login"), {"username": "hrbp", "password": PASSWORD}).status_code == 302
    assert client.session.get_expiry_age() == 2 * 3600
    # Three failures lock out.
    assert security.login_failure_limit(None, None) == 3


def test_the_policy_refuses_values_out_of_range_and_other_roles(client, world, admins):
    client.force_login(admins["security"])
    response = client.post(reverse("accounts:security_policy"),
                           {"password_min_length": 4, "session_hours": 2, "login_failure_limit": 3})
    assert response.status_code == 400 and not SecurityPolicy.objects.exists()
    for persona in ("hr_admin", "auditor"):
        client.force_login(world.users[persona])
        assert client.get(reverse("accounts:security_policy")).status_code == 403
    with pytest.raises(PermissionDenied):
        security.set_security_policy(acting_user=world.users["hr_admin"], session_hours=1)


def test_without_a_saved_policy_the_defaults_hold(db, settings):
    settings.FAREWELL_LOGIN_FAILURE_LIMIT = 5
    assert security.login_failure_limit(None, None) == 5
    with pytest.raises(ValidationError):
        validate_password("Kq7!mZp")
    validate_password("Kq7!mZp2")


# -- the operator's command


def test_the_operator_makes_the_first_security_admin(world):
    out = StringIO()
    call_command("admin_role", "grant", "ciso", "security_admin", "--company", world.company.credit_code, stdout=out)
    user = User.objects.get(username="ciso")
    assert roles(user) == {Role.SECURITY_ADMIN} and not user.has_usable_password()
    assert "/accounts/set-password/" in out.getvalue()
    entry = LedgerEntry.objects.filter(object_id=str(user.pk), event="role_granted").get()
    assert entry.actor is None
    with pytest.raises(CommandError, match="三员分立"):  # the same rules: hrbp is an HRBP already
        call_command("admin_role", "grant", "hrbp", "auditor", "--company", world.company.credit_code,
                     stdout=StringIO())
    with pytest.raises(CommandError):
        call_command("admin_role", "grant", "ciso", "hr_admin", "--company", world.company.credit_code,
                     stdout=StringIO())
    call_command("admin_role", "revoke", "ciso", "security_admin", "--company", world.company.credit_code,
                 stdout=StringIO())
    assert roles(user) == set()



def test_the_security_policy_page_states_each_settings_allowed_range(client, admins):
    client.force_login(admins["security"])
    page = client.get(reverse("accounts:security_policy")).content.decode()
    for low, high in ((8, 64), (1, 24), (3, 10)):
        assert f'min="{low}"' in page and f'max="{high}"' in page
        assert f"允许范围：{low}–{high}" in page
