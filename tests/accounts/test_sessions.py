"""The session store (accounts/sessions.py): Django's database sessions with the user's id beside the data,
loaded with the user and their grants in one SELECT."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.db import SessionStore as DjangoStore
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from farewell.accounts.models import Session
from farewell.accounts.sessions import SessionStore
from tests.factories import PASSWORD

NO_ACCESS = reverse("accounts:no_access")  # a page on base.html that reads nothing of its own


def test_the_settings_use_it():
    assert settings.SESSION_ENGINE == "farewell.accounts.sessions"


def test_it_loads_a_session_with_one_select_of_its_data(db):
    saved = SessionStore()
    saved["answer"] = 42
    saved.create()
    with CaptureQueriesContext(connection) as queries:
        loaded = SessionStore(saved.session_key)
        assert loaded["answer"] == 42
    assert len(queries) == 1
    sql = queries[0]["sql"]
    assert sql.startswith('SELECT "accounts_session"."session_data" AS "session_data", "accounts_session"."user_id"')
    assert 'LEFT OUTER JOIN "accounts_user"' in sql and 'LEFT OUTER JOIN "accounts_rolegrant"' in sql
    assert '"accounts_session"."expire_date" >' in sql
    assert loaded.joined is None  # it names no user


def test_it_keeps_the_signed_in_users_id_beside_the_data(client, world):
    user, legal = world.users["hrbp_sales"], world.users["legal"]
    client.post(reverse("accounts:login"), {"username": legal.username, "password": PASSWORD})
    row = Session.objects.get(session_key=client.session.session_key)
    assert row.user_id == legal.pk
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store.create()
    assert Session.objects.get(session_key=store.session_key).user_id == user.pk
    store[SESSION_KEY] = "not a number"
    store.save()
    assert Session.objects.get(session_key=store.session_key).user_id is None


def test_sessions_of_djangos_own_table_are_not_read(db):
    """Upgrading signs everyone out once (docs/deploy.md): the rows of django_session are not this store's."""
    django_saved = DjangoStore()
    django_saved["a"] = "甲"
    django_saved.create()
    assert dict(SessionStore(django_saved.session_key).items()) == {}


def test_an_expired_session_loads_empty_under_a_new_key(db):
    saved = SessionStore()
    saved["answer"] = 42
    saved.create()
    Session.objects.filter(session_key=saved.session_key).update(expire_date=timezone.now() - dt.timedelta(seconds=1))
    loaded = SessionStore(saved.session_key)
    assert dict(loaded.items()) == {}
    assert loaded.session_key is None  # saving it makes a new row, never revives the expired one
    loaded["x"] = 1
    loaded.save()
    assert loaded.session_key != saved.session_key


def test_an_unknown_or_tampered_session_loads_empty(db):
    assert dict(SessionStore("x" * 32).items()) == {}
    saved = SessionStore()
    saved["answer"] = 42
    saved.create()
    Session.objects.filter(session_key=saved.session_key).update(session_data="not-signed:data")
    assert dict(SessionStore(saved.session_key).items()) == {}


def test_login_cycles_the_key_and_logout_deletes_the_row(client, world):
    client.get(reverse("accounts:login"))
    client.post(reverse("accounts:login"), {"username": "hradmin", "password": PASSWORD})
    key = client.session.session_key
    assert Session.objects.filter(session_key=key).exists()
    assert client.get(NO_ACCESS).status_code == 403  # signed in (anonymous would be sent to the login)
    client.post(reverse("accounts:logout"))
    assert not Session.objects.filter(session_key=key).exists()
    assert client.get(NO_ACCESS).status_code == 302


def test_a_session_signed_in_by_djangos_backend_keeps_working(client, world):
    """Sessions from before the backend was renamed name django.contrib.auth.backends.ModelBackend."""
    user = world.users["hrbp_sales"]
    store = SessionStore()
    store[SESSION_KEY] = str(user.pk)
    store[BACKEND_SESSION_KEY] = "django.contrib.auth.backends.ModelBackend"
    store[HASH_SESSION_KEY] = user.get_session_auth_hash()
    store.create()
    client.cookies[settings.SESSION_COOKIE_NAME] = store.session_key
    response = client.get(NO_ACCESS)
    assert response.status_code == 403 and response.wsgi_request.user == user
    assert client.get(reverse("cases:case_list")).status_code == 200
    # After a password change the old session is signed out, as before.
    user.set_password("another-Passw0rd!")
    user.save()
    assert client.get(NO_ACCESS).status_code == 302


def test_a_cookie_that_is_no_session_key_is_no_session(client, db):
    """Django writes keys of lowercase letters and digits; a cookie holding anything else (a NUL byte, which
    PostgreSQL refuses in a text parameter: a 500 on every page for whoever sent it) is no session. Red
    before on PostgreSQL only (SQLite takes the NUL and finds no row)."""
    client.raise_request_exception = False
    for key in ("abcdefgh\x00ijklmnop", "ABCDEFGHIJKLMNOPQRSTUVWXYZ012345"):
        client.cookies[settings.SESSION_COOKIE_NAME] = key
        response = client.get(NO_ACCESS)
        assert response.status_code == 302 and response["Location"].startswith(reverse("accounts:login"))
        assert SessionStore(key).load() == {}
