"""Django's PostgreSQL backend, with a persistent connection checked before reuse without a query, and
the hot compiled queries run as server-side prepared statements.

With CONN_HEALTH_CHECKS Django sends `SELECT 1` before the first query of every request that reuses a
connection: one more round trip on every page (issue 14). A connection the server has ended (a restart,
pg_terminate_backend, an idle-session timeout) has something to read on its socket: the server's
FATAL message and the end of the stream. So the socket is polled first, without waiting: nothing to read,
and psycopg holds the connection open and idle between transactions, is a usable connection; anything
else is decided by Django's own check (`SELECT 1`, the connection closed and reopened if it fails).

Django binds parameters on the client (psycopg's ClientCursor): every query is parsed and planned by
the server anew. For the list pages' queries planning cost PostgreSQL 5–10× what running them did
(/cases/: 1.7 ms of backend CPU per request for the page query, 0.2 ms prepared; issue 14). The SQL that
common/prepared.py compiles once per process is fixed text with parameters, so `fetch_prepared` runs
it with server-side binding as a prepared statement of the connection (psycopg parses and plans it once
per connection, PostgreSQL keeps a generic plan when it is as good), several statements in one round
trip (psycopg's pipeline). The ORM's own queries are unchanged: the connection's prepare_threshold stays
None outside `fetch_prepared`, so psycopg neither prepares nor counts them (counting keeps each query's
text, its values interpolated, for the connection's life). `DB_PREPARED_STATEMENTS=false` (docs/deploy.md:
PgBouncer in transaction mode before 1.21) keeps the round trip and prepares nothing.

A prepared statement's result columns are fixed when it is prepared: after another process changes a
column it reads (a migration run while the server runs; another app server), PostgreSQL answers "cached
plan must not change result type" on every later run on that connection, and Django's health check
still finds the connection usable. `fetch_prepared` then deallocates the connection's statements and,
outside a transaction, runs the statements again (prepared anew); inside one the error is raised and
the transaction's rollback deallocates them (psycopg does on ROLLBACK).
"""

from __future__ import annotations

import re
import select
from contextlib import contextmanager

from django.conf import settings
from django.db.backends.postgresql import base

if base.is_psycopg3:
    from psycopg import errors as _pg_errors

    # A statement prepared before another process changed a column it reads (ALTER TABLE … TYPE, a
    # varchar's length), or one the server no longer knows.
    _STALE_PREPARED = (_pg_errors.FeatureNotSupported, _pg_errors.InvalidSqlStatementName)
else:  # psycopg2 prepares nothing here
    _STALE_PREPARED = ()


# A parameter cast to an array (`org_unit_id = ANY(%s::bigint[])`: a subtree's unit ids, org/subtree.py). After
# five runs PostgreSQL may switch a prepared statement to its generic plan, which cannot know how many ids the
# array holds: an HRBP's employee list (631 units) took ~100 ms of PostgreSQL per view on the generic plan
# against ~9 ms planned for its values (issue 14, session 11). Such a statement is sent with server-side
# binding but not prepared, so it is planned for its values every time.
_ARRAY_PARAMETER = re.compile(r"%s::[a-z ]+\[\]")


def prepares(sql: str) -> bool:
    """Whether `sql` is run as a prepared statement (when prepared statements are on): not with an array
    parameter (see _ARRAY_PARAMETER)."""
    return _ARRAY_PARAMETER.search(sql) is None


@contextmanager
def preparing(raw, on: bool = True):
    """psycopg prepares (and notices DEALLOCATE ALL) only while the connection has a threshold; Django's
    default None is kept for every other query, so it is 0 only inside this block. Its prepared names
    survive the switch."""
    if not on:
        yield
        return
    raw.prepare_threshold = 0
    try:
        yield
    finally:
        raw.prepare_threshold = None


def stale_prepared(exc: BaseException) -> bool:
    """Whether `exc` says the connection's prepared statements no longer fit the tables they read."""
    return bool(_STALE_PREPARED) and isinstance(exc, _STALE_PREPARED) and (
        isinstance(exc, _pg_errors.InvalidSqlStatementName) or "cached plan must not change result type" in str(exc)
    )


class DatabaseWrapper(base.DatabaseWrapper):
    def close_if_health_check_failed(self):
        if (
            self.connection is not None
            and self.health_check_enabled
            and not self.health_check_done
            and not self.pool
            and self.quiet()
        ):
            self.health_check_done = True
            return
        super().close_if_health_check_failed()

    def quiet(self) -> bool:
        """Whether the open connection is idle with nothing from the server waiting to be read."""
        if not base.is_psycopg3:
            return False
        connection = self.connection
        if connection.closed or connection.broken:
            return False
        if connection.info.transaction_status != base.Database.pq.TransactionStatus.IDLE:
            return False
        try:
            poller = select.poll()
            poller.register(connection.fileno(), select.POLLIN | select.POLLPRI)
            return not poller.poll(0)
        except (OSError, ValueError, AttributeError):  # no poll() here, or no socket any more
            return False

    def _server_cursors(self, raw, count: int) -> list:
        """`count` server-binding cursors of this connection, kept for its next requests: a cursor keeps what
        psycopg worked out for the last result's columns (its loaders, the row maker), so a new cursor per
        statement cost ~0.17 ms more per execute than reusing one (timeit, this machine). Each call reads its
        rows before returning, so a kept cursor holds no unread result; a new connection gets new cursors."""
        kept = self.__dict__.get("_kept_cursors")
        if kept is None or kept[0] is not raw:
            kept = self._kept_cursors = (raw, [])
        cursors = kept[1]
        while len(cursors) < count:
            cursors.append(base.ServerBindingCursor(raw))
        return cursors[:count]

    def fetch_prepared(self, statements: list[tuple[str, list]]) -> list[list[tuple]]:
        """Each statement's rows: the statements (SQL with %s parameters, and their values) sent in one
        round trip with server-side binding, each prepared on this connection unless prepared statements
        are off (DB_PREPARED_STATEMENTS). One entry in the query log (the statements with their values,
        joined by ';\\n'), through Django's cursor wrapper (execute wrappers, database errors)."""
        prepare = bool(getattr(settings, "DB_PREPARED_STATEMENTS", False))
        with self.cursor() as wrapper:
            raw = wrapper.cursor.connection

            def execute() -> list[list[tuple]]:
                cursors = self._server_cursors(raw, len(statements))
                with preparing(raw, prepare):
                    if len(statements) == 1:
                        sql, params = statements[0]
                        cursors[0].execute(sql, params, prepare=prepare and prepares(sql))
                    else:
                        with raw.pipeline():
                            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                                cursor.execute(sql, params, prepare=prepare and prepares(sql))
                    return [cursor.fetchall() for cursor in cursors]

            def run(_sql, _params, _many, _context):
                self.validate_no_broken_transaction()
                with self.wrap_database_errors:
                    try:
                        return execute()
                    except _STALE_PREPARED as exc:
                        if not stale_prepared(exc) or self.in_atomic_block:
                            raise  # the transaction's rollback deallocates them (psycopg, on ROLLBACK)
                        # Outside a transaction the failed statement left the connection idle: drop every
                        # statement of this connection and run the statements again, prepared anew (psycopg
                        # forgets its names when it sees DEALLOCATE ALL pass).
                        with preparing(raw):
                            raw.execute("DEALLOCATE ALL", prepare=False)
                        return execute()

            if not self.queries_logged:
                return wrapper._execute_with_wrappers(";\n".join(sql for sql, _ in statements), None, False, run)
            client = base.Database.ClientCursor(raw)
            logged = ";\n".join(client.mogrify(sql, params) for sql, params in statements)
            with wrapper.debug_sql(logged):
                return wrapper._execute_with_wrappers(logged, None, False, run)
