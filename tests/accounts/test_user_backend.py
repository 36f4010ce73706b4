"""The login backend (accounts/backends.py): the signed-in user and their grants in one query."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.auth.backends import ModelBackend
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from farewell.accounts import policy
from farewell.accounts.backends import UserBackend, user_with_grants
from farewell.accounts.models import RoleGrant, User
from farewell.accounts.sessions import SessionStore
from tests.factories import PASSWORD, Role

NO_ACCESS = reverse("accounts:no_access")  # a page on base.html that reads nothing of its own


def _grants_by_orm(user) -> list[tuple[str, int, str | None]]:
    return list(RoleGrant.objects.filter(user=user).order_by("pk").values_list("role", "company_id", "org_unit__path"))


def test_the_settings_use_it():
    assert "farewell.accounts.backends.UserBackend" in settings.AUTHENTICATION_BACKENDS
    assert "django.contrib.auth.backends.ModelBackend" not in settings.AUTHENTICATION_BACKENDS
    assert issubclass(UserBackend, ModelBackend)


def test_a_signed_in_page_reads_the_session_and_the_user_with_grants_only(client, world):
    client.force_login(world.users["hrbp_sales"])
    client.get(NO_ACCESS)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(NO_ACCESS)
    assert response.status_code == 403 and response.wsgi_request.user.is_authenticated
    sqls = [q["sql"] for q in queries]
    # The session with the user and their grants (was 2: the session, then the user with the grants).
    assert len(sqls) == 1, sqls
    assert "accounts_session" in sqls[0]
    assert "accounts_user" in sqls[0] and "accounts_rolegrant" in sqls[0] and "org_orgunit" in sqls[0]


def test_the_user_is_the_instance_the_orm_builds(world):
    user = world.users["manager"]
    user.display_name = "王经理"
    user.email = "wang@example.com"
    user.save()
    User.objects.filter(pk=user.pk).update(last_login="2026-03-01T08:00:00+00:00")
    expected = User.objects.get(pk=user.pk)
    with CaptureQueriesContext(connection) as queries:
        found, grants = user_with_grants(str(user.pk))
    assert len(queries) == 1
    for field in User._meta.concrete_fields:
        assert getattr(found, field.attname) == getattr(expected, field.attname), field.name
        assert type(getattr(found, field.attname)) is type(getattr(expected, field.attname)), field.name
    assert found._state.adding is False and found._state.db == "default"
    assert found.employee == world.boss
    assert grants == _grants_by_orm(user)


def test_it_hands_every_grant_to_the_policy(client, world):
    """A user with several grants (a unit and a whole company), and a user with none."""
    user = world.users["hrbp_sales"]
    RoleGrant.objects.create(user=user, role=Role.LEGAL, company=world.company)
    RoleGrant.objects.create(user=user, role=Role.HRBP, company=world.company, org_unit=world.rnd)
    client.force_login(user)
    response = client.get(NO_ACCESS)
    seen = response.wsgi_request.user
    assert seen._farewell_grants == _grants_by_orm(user)
    assert {(role, path) for role, _company, path in policy.grants(seen)} == {
        (Role.HRBP, world.sales.path), (Role.LEGAL, None), (Role.HRBP, world.rnd.path)}
    client.force_login(world.users["outsider"])
    assert client.get(NO_ACCESS).wsgi_request.user._farewell_grants == []


def test_a_grant_given_or_revoked_shows_in_the_next_request(client, world):
    user = world.users["outsider"]
    client.force_login(user)
    assert client.get(reverse("cases:case_list")).status_code == 403
    grant = RoleGrant.objects.create(user=user, role=Role.HR_ADMIN, company=world.company)
    assert client.get(reverse("cases:case_list")).status_code == 200
    grant.delete()
    assert client.get(reverse("cases:case_list")).status_code == 403


def test_a_stopped_login_is_signed_out(client, world):
    user = world.users["hr_admin"]
    client.force_login(user)
    assert client.get(NO_ACCESS).status_code == 403
    User.objects.filter(pk=user.pk).update(is_active=False)
    assert client.get(NO_ACCESS).status_code == 302
    assert UserBackend().get_user(user.pk) is None
    assert UserBackend().get_user(10**9) is None


def test_a_password_login_signs_in_through_it(client, world):
    client.get(reverse("accounts:login"))
    client.post(reverse("accounts:login"), {"username": "legal", "password": PASSWORD})
    assert client.session[BACKEND_SESSION_KEY] == "farewell.accounts.backends.UserBackend"
    assert client.get(NO_ACCESS).wsgi_request.user == world.users["legal"]


def test_an_oidc_session_reads_the_user_with_grants_too(client, world):
    user = world.users["approver"]
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "farewell.accounts.sso.OIDCBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    with CaptureQueriesContext(connection) as queries:
        response = client.get(NO_ACCESS)
    assert response.wsgi_request.user == user and len(queries) == 1  # read with the session


def test_a_password_changed_elsewhere_signs_the_session_out_with_the_joined_read(client, world):
    """The user read with the session goes through Django's session-hash check like any other: after a
    password change (another browser, the admin) this session's next page is the login."""
    user = world.users["hrbp_sales"]
    client.force_login(user)
    assert client.get(NO_ACCESS).status_code == 403
    user.set_password("another-Passw0rd!")
    user.save()
    response = client.get(NO_ACCESS)
    assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))


def test_the_user_read_with_the_session_is_taken_only_for_the_user_its_data_names(client, world):
    """The user id column is a copy of the data: where they differ the data wins (the backend reads that
    user itself), never the row the column points at."""
    from farewell.accounts.models import Session

    user, other = world.users["hrbp_sales"], world.users["legal"]
    client.force_login(user)
    Session.objects.filter(session_key=client.session.session_key).update(user=other)
    with CaptureQueriesContext(connection) as queries:
        response = client.get(NO_ACCESS)
    assert response.wsgi_request.user == user
    assert len(queries) == 2  # the session (with the other user), then the user the data names
