"""The session store: Django's database sessions, read with one plain SELECT (issue 14).

Every signed-in request loads its session. Django's own store builds a `Session` model instance
through the ORM for it (query compiled, instance made, two columns converted) only to read one
text column; here the load is one parameterised SELECT of `session_data` by key and expiry.
Everything else — save, create, cycle_key, delete, expiry, `clearsessions` — is Django's store,
on the same `django_session` table, so sessions written by either store read in the other.
"""

from __future__ import annotations

from django.contrib.auth import BACKEND_SESSION_KEY
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.db import connections, router
from django.utils import timezone

from farewell.common.prepared import fetch

from .backends import RENAMED_BACKENDS

# The SELECT per database alias (the quoting is the backend's).
_SQL: dict[str, str] = {}


class SessionStore(DatabaseSessionStore):
    def _validate_session_key(self, key) -> bool:
        # Django writes keys of VALID_KEY_CHARS: a cookie holding anything else is no session (a NUL byte,
        # which PostgreSQL refuses in a text parameter, was a 500 on every page for whoever sent it).
        return bool(super()._validate_session_key(key)) and all(char in VALID_KEY_CHARS for char in key)

    def load(self) -> dict:
        data = self._session_data()
        if data is None:
            self._session_key = None  # unknown or expired: a new key when the session is saved
            return {}
        session = self.decode(data)  # a tampered or undecodable session decodes to {} (and is logged)
        if session.get(BACKEND_SESSION_KEY) in RENAMED_BACKENDS:
            # Signed in before the backend was renamed: the same login, read by the new backend (Django
            # would otherwise find the old path missing from AUTHENTICATION_BACKENDS and sign them out).
            session[BACKEND_SESSION_KEY] = RENAMED_BACKENDS[session[BACKEND_SESSION_KEY]]
        return session

    def _session_data(self) -> str | None:
        """The session's encoded data if it exists and has not expired, else None."""
        model = self.model
        connection = connections[router.db_for_read(model)]
        sql = _SQL.get(connection.alias)
        if sql is None:
            quote, field = connection.ops.quote_name, model._meta.get_field
            sql = _SQL[connection.alias] = "SELECT {} FROM {} WHERE {} = %s AND {} > %s".format(
                quote(field("session_data").column), quote(model._meta.db_table),
                quote(field("session_key").column), quote(field("expire_date").column),
            )
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        (rows,) = fetch(connection, [(sql, [self.session_key, now])])  # a prepared statement on PostgreSQL
        return rows[0][0] if rows else None
