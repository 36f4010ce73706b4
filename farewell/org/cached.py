"""The holiday table and the local wage figures, kept in each process between requests.

Both are small tables HR admins change a few times a year (设置 › 节假日, 设置 › 当地工资标准), but
the employee page's estimate read both and rebuilt the working calendar and the wage table on every
view (issue 14). A kept copy carries the version it was built on: a row of `org.ReferenceVersion`
per table, which a change rewrites in its transaction, once however many rows it saves (the post_save/post_delete receivers
`watch` connects in OrgConfig.ready: the settings pages, the holiday import, the API and the admin all
save model instances). Another process (a second gunicorn worker, the task worker) compares its copy's
version with the row's before it uses the copy, so it sees a change as soon as it is committed, not a
minute later.

The cost: one query by primary key of a two-row table, read once per request (or task) that reads a
kept table (request_started and task_started forget the versions read), none for one that
does not. Outside a request or a task (a shell, a test calling services) the versions read stay until
`drop`. A write that sends no model signal (a queryset's update(), raw SQL, a data migration)
does not change the version: such a copy is still rebuilt after `MAX_AGE_SECONDS`.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Callable

from django.db import connection

from farewell.common import transactions

MAX_AGE_SECONDS = 60.0


class _Kept:
    """What one process keeps: the built tables with the version each was built on, and the versions read
    in the current request (per thread)."""

    def __init__(self) -> None:
        self.lock = threading.Lock()
        self.values: dict[str, tuple[float, str | None, object]] = {}
        self.request = threading.local()


_kept = _Kept()


def _versions() -> dict[str, str]:
    """Every table's version, read once per request or task (one query)."""
    seen = getattr(_kept.request, "versions", None)
    if seen is None:
        from .models import ReferenceVersion

        # A cursor, not the ORM: the query is the whole per-request cost, and the queryset's own machinery was
        # most of its time (two rows).
        with connection.cursor() as cursor:
            cursor.execute(_VERSIONS_SQL % connection.ops.quote_name(ReferenceVersion._meta.db_table))
            seen = dict(cursor.fetchall())
        _kept.request.versions = seen
    return seen


_VERSIONS_SQL = "SELECT name, token FROM %s"


def version(name: str) -> str | None:
    """The table's version as this request reads it (for a value computed on the table and kept elsewhere)."""
    return _versions().get(name)


def get(name: str, build: Callable[[], object]) -> object:
    if transactions.pending(_tag(name)):
        # This transaction changed the table: its rows are not committed (nor final: more may follow), so a
        # copy built on them is used and not kept.
        return build()
    version = _versions().get(name)  # read before the table is built: a copy is never newer than its version
    now = time.monotonic()
    held = _kept.values.get(name)
    if held is not None and held[1] == version and now - held[0] < MAX_AGE_SECONDS:
        return held[2]
    value = build()
    with _kept.lock:
        _kept.values[name] = (now, version, value)
    return value


def begin(*_args, **_kwargs) -> None:
    """A request or a task begins: the versions are read again at the first use of a kept table."""
    _kept.request.versions = None


def drop() -> None:
    """Drop every kept copy now (a test's rows are rolled back; the task worker before a re-run)."""
    _kept.values.clear()
    _kept.request.versions = None


def _tag(name: str) -> str:
    return f"org.cached.changed.{name}"


def changed(name: str) -> None:
    """The table `name` changed in the current transaction: a new version for every process (committed with
    the change, gone with it on a rollback: a random token, so a rolled-back version never comes back).

    Once per transaction, however many of its rows the transaction saves (a 30-row import: one write, one
    drop): the token written at the first change is committed with all of them, and until the commit `get`
    keeps no copy of the table (common/transactions.py: the mark goes with a rollback, and a later change
    writes again). Outside a transaction each save is its own and writes its own token."""
    from .models import ReferenceVersion

    if transactions.pending(_tag(name)):
        return
    token = uuid.uuid4().hex
    if not ReferenceVersion.objects.filter(name=name).update(token=token):
        ReferenceVersion.objects.bulk_create([ReferenceVersion(name=name, token=token)], ignore_conflicts=True)
        ReferenceVersion.objects.filter(name=name).update(token=token)  # another transaction inserted it first
    drop()
    # After the commit, once more: a request of this process reading between the save and the commit kept the
    # old rows under the old version.
    transactions.on_commit_once(_tag(name), drop)


def watch(model, name: str) -> None:
    """Any save or delete of `model` changes the table `name` (connected in OrgConfig.ready)."""
    from django.db.models.signals import post_delete, post_save

    def receiver(*_args, **_kwargs) -> None:
        changed(name)

    post_save.connect(receiver, sender=model, weak=False, dispatch_uid=f"org.cached.save.{model.__name__}")
    post_delete.connect(receiver, sender=model, weak=False, dispatch_uid=f"org.cached.delete.{model.__name__}")
