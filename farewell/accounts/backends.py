"""The login backend: Django's ModelBackend, with the signed-in user read together with their grants.

Every signed-in request reads its user (Django's `get_user`), and every page that checks the policy
reads that user's role grants (`policy.grants`). Here both come from one SELECT — the user's row
LEFT JOINed to their grants and each grant's unit path — compiled once per process and database by
the ORM, its rows converted by the ORM's own converters, so the user is the instance the ORM would
have built. The grants are handed to the policy for the request (issue 14: one query per request
instead of two). Passwords, permissions and `user_can_authenticate` are ModelBackend's.
"""

from __future__ import annotations

from weakref import WeakKeyDictionary

from django.contrib.auth.backends import ModelBackend
from django.db import connections, router

from farewell.common.prepared import fetch

from . import policy
from .models import User

# Sessions name the backend that signed them in; those written before this backend existed name
# Django's. The session store (accounts/sessions.py) reads them as this one's: nobody is signed out.
RENAMED_BACKENDS = {"django.contrib.auth.backends.ModelBackend": "farewell.accounts.backends.UserBackend"}

_GRANT_COLUMNS = ("grants__role", "grants__company_id", "grants__org_unit__path")
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
            .values_list(*[field.name for field in User._meta.concrete_fields], *_GRANT_COLUMNS)
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
    if not rows:
        return None
    if converters:
        rows = list(compiler.apply_converters(rows, converters))
    fields = User._meta.concrete_fields
    width = len(fields)
    user = User.from_db(alias, [field.attname for field in fields], rows[0][:width])
    grants = [tuple(row[width:]) for row in rows if row[width] is not None]
    return user, grants


class UserBackend(ModelBackend):
    def get_user(self, user_id):
        found = user_with_grants(user_id)
        if found is None:
            return None
        user, grants = found
        if not self.user_can_authenticate(user):
            return None
        policy.remember_grants(user, grants)
        return user
