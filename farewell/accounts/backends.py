"""The login backend: Django's ModelBackend, with the signed-in user read together with their grants.

Every signed-in request reads its user (Django's `get_user`), and every page that checks the policy
reads that user's role grants (`policy.grants`). Here both come from one SELECT — the user's row
LEFT JOINed to their grants and each grant's unit path — compiled once per process and database by
the ORM, its rows converted by the ORM's own converters, so the user is the instance the ORM would
have built. The grants are handed to the policy for the request (issue 14: one query per request
instead of two). Passwords, permissions and `user_can_authenticate` are ModelBackend's.

On a signed-in page even that query is not run: the session store read the user and grants with the
session (accounts/sessions.py), and AuthenticationMiddleware (accounts/middleware.py) hands them to
`get_user` for the one call Django's `auth.get_user` makes while it checks that request's session.
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from weakref import WeakKeyDictionary

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from farewell.common.prepared import fetch

from . import policy
from .models import User

# Sessions name the backend that signed them in; one that names Django's (written by an older release or a
# script that signs in through Django's backend) is read by the session store (accounts/sessions.py) as
# this one's: the same login.
RENAMED_BACKENDS = {"django.contrib.auth.backends.ModelBackend": "farewell.accounts.backends.UserBackend"}

GRANT_COLUMNS = ("grants__role", "grants__company_id", "grants__org_unit__path")
_PK_PLACEHOLDER = 0

# connection → (SQL, compiler): per connection (= per thread and database), as the compiler and its
# converters belong to the connection they were made for.
_COMPILED: WeakKeyDictionary = WeakKeyDictionary()


def _compiled(alias: str, connection) -> tuple[str, object, dict]:
    """The user-with-grants SELECT, compiled by the ORM once per connection, and its converters."""
    if connection not in _COMPILED:
        queryset = (
            User._default_manager.using(alias)
            .filter(pk=_PK_PLACEHOLDER)
            .order_by("grants__id")
            .values_list(*[field.name for field in User._meta.concrete_fields], *GRANT_COLUMNS)
        )
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        if list(params) != [_PK_PLACEHOLDER]:
            raise RuntimeError(f"the user-with-grants query has unexpected parameters: {params!r}")
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        _COMPILED[connection] = (sql, compiler, converters)
    return _COMPILED[connection]


def user_with_grants(user_id) -> tuple[User, list[tuple[str, int, str | None]]] | None:
    """The user and their (role, company id, unit path or None) grants, in one query; None if no such user."""
    alias = router.db_for_read(User)
    connection = connections[alias]
    sql, compiler, converters = _compiled(alias, connection)
    pk = User._meta.pk
    param = pk.get_db_prep_value(pk.to_python(user_id), connection)
    (rows,) = fetch(connection, [(sql, [param])])  # a prepared statement on PostgreSQL
    if rows and converters:
        rows = list(compiler.apply_converters(rows, converters))
    return user_and_grants(alias, rows)


def user_and_grants(alias: str, rows: list) -> tuple[User, list[tuple[str, int, str | None]]] | None:
    """The user and their grants from rows of the user's columns followed by GRANT_COLUMNS (converted), one
    row per grant (one row of NULL grant columns without any); None without rows or without a user (NULL)."""
    fields = User._meta.concrete_fields
    width = len(fields)
    if not rows or rows[0][0] is None:  # the primary key: no user
        return None
    user = User.from_db(alias, [field.attname for field in fields], rows[0][:width])
    grants = [tuple(row[width:]) for row in rows if row[width] is not None]
    return user, grants


# The session store of the request whose user Django's auth.get_user is reading (see the module's docstring).
_SESSION: ContextVar = ContextVar("farewell_session_of_get_user", default=None)


@contextmanager
def reading_user_of(session):
    """Within: `UserBackend.get_user` takes the user `session` read with its data (accounts/sessions.py) when
    it is the one asked for."""
    token = _SESSION.set(session)
    try:
        yield
    finally:
        _SESSION.reset(token)


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        session = _SESSION.get()
        joined_user = getattr(session, "joined_user", None)
        found = joined_user(user_id) if joined_user is not None else None
        if found is None:
            found = user_with_grants(user_id)
        if found is None:
            return None
        user, grants = found
        if not self.user_can_authenticate(user):
            return None
        policy.remember_grants(user, grants)
        return user
