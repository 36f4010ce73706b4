"""The session store: Django's database sessions, read together with the signed-in user (issue 14).

Every signed-in request loads its session and then its user (Django's `get_user`) with their grants
(accounts/backends.py): two statements, two round trips to PostgreSQL on every page. The sessions live
in `accounts.Session`, Django's session table with the signed-in user's id beside the data (written on
every save from what the data says), so the load is ONE parameterised SELECT, compiled once per process
and connection: the session's data by key and expiry, LEFT JOINed to its user's row and that user's grants.
What the data says stays what Django's auth reads and checks: the user id, the backend and the session
hash, verified against the user's password hash by `django.contrib.auth.get_user` exactly as before (a
password change signs the session out; logout deletes the row). The user read with the session is handed
to the backend only for that request's `get_user` (AuthenticationMiddleware in accounts/middleware.py) and
only for the id the data names; otherwise the backend reads the user itself.

Everything else — save, create, cycle_key, delete, expiry, `clearsessions` — is Django's store on this
model. Sessions of Django's own table (`django_session`, before this store) are not read: upgrading
signs everyone out once (docs/deploy.md).
"""

from __future__ import annotations

import datetime as dt
from weakref import WeakKeyDictionary

from django.contrib.auth import BACKEND_SESSION_KEY, SESSION_KEY
from django.contrib.sessions.backends.base import VALID_KEY_CHARS
from django.contrib.sessions.backends.db import SessionStore as DatabaseSessionStore
from django.core.exceptions import ValidationError
from django.db import connections, router
from django.utils import timezone

from farewell.common.prepared import fetch

from .backends import GRANT_COLUMNS, RENAMED_BACKENDS, user_and_grants
from .models import Session, User

_KEY_PLACEHOLDER = "p" * 32
_EXPIRY_PLACEHOLDER = dt.datetime(2001, 2, 3, 4, 5, 6, tzinfo=dt.UTC)

# connection → (SQL, compiler, converters): per connection (= per thread and database), as the compiler and
# its converters belong to the connection they were made for.
_COMPILED: WeakKeyDictionary = WeakKeyDictionary()


def _compiled(alias: str, connection) -> tuple[str, object, list]:
    """The session-with-user SELECT, compiled by the ORM once per connection, and its converters."""
    if connection not in _COMPILED:
        queryset = (
            Session.objects.using(alias)
            .filter(session_key=_KEY_PLACEHOLDER)
            .filter(expire_date__gt=_EXPIRY_PLACEHOLDER)
            .order_by("user__grants__id")
            .values_list("session_data", *[f"user__{field.name}" for field in User._meta.concrete_fields],
                         *[f"user__{column}" for column in GRANT_COLUMNS])
        )
        compiler = queryset.query.get_compiler(alias)
        sql, params = compiler.as_sql()
        expected = [_KEY_PLACEHOLDER, connection.ops.adapt_datetimefield_value(_EXPIRY_PLACEHOLDER)]
        if list(params) != expected:
            raise RuntimeError(f"the session-with-user query has unexpected parameters: {params!r}")
        converters = compiler.get_converters([column for column, _sql, _alias in compiler.select])
        _COMPILED[connection] = (sql, compiler, converters)
    return _COMPILED[connection]


class SessionStore(DatabaseSessionStore):
    # (user id, user, grants) read with the session by load(); None when it named no user or found none.
    joined: tuple | None = None

    @classmethod
    def get_model_class(cls):
        return Session

    def _validate_session_key(self, key) -> bool:
        # Django writes keys of VALID_KEY_CHARS: a cookie holding anything else is no session (a NUL byte,
        # which PostgreSQL refuses in a text parameter, was a 500 on every page for whoever sent it).
        return bool(super()._validate_session_key(key)) and all(char in VALID_KEY_CHARS for char in key)

    def create_model_instance(self, data):
        session = super().create_model_instance(data)
        session.user_id = _user_id(data.get(SESSION_KEY))
        return session

    def load(self) -> dict:
        self.joined = None
        rows = self._rows()
        if not rows:
            self._session_key = None  # unknown or expired: a new key when the session is saved
            return {}
        session = self.decode(rows[0][0])  # a tampered or undecodable session decodes to {} (and is logged)
        if session.get(BACKEND_SESSION_KEY) in RENAMED_BACKENDS:
            # Signed in before the backend was renamed: the same login, read by the new backend (Django
            # would otherwise find the old path missing from AUTHENTICATION_BACKENDS and sign them out).
            session[BACKEND_SESSION_KEY] = RENAMED_BACKENDS[session[BACKEND_SESSION_KEY]]
        found = user_and_grants(self._alias, [row[1:] for row in rows])
        if found is not None:
            self.joined = (found[0].pk, *found)
        return session

    def joined_user(self, user_id) -> tuple | None:
        """(user, grants) read with this session when the session named the user `user_id`, else None."""
        joined = self.joined
        if joined is None or _user_id(user_id) != joined[0]:
            return None
        return joined[1], joined[2]

    @property
    def _alias(self) -> str:
        return router.db_for_read(Session)

    def _rows(self) -> list[tuple]:
        """The session's data with its user's columns and grants (one row per grant; the user's columns
        NULL when it names no user), if it exists and has not expired; [] otherwise."""
        alias = self._alias
        connection = connections[alias]
        sql, compiler, converters = _compiled(alias, connection)
        now = connection.ops.adapt_datetimefield_value(timezone.now())
        (rows,) = fetch(connection, [(sql, [self.session_key, now])])  # a prepared statement on PostgreSQL
        if rows and converters:
            rows = list(compiler.apply_converters(rows, converters))
        return rows


def _user_id(value) -> int | None:
    """The user id the session data names, as the user table's key; None for none or a malformed one."""
    if value is None:
        return None
    try:
        return User._meta.pk.to_python(value)
    except (ValidationError, TypeError, ValueError):  # names no user (auth.get_user then signs out)
        return None
