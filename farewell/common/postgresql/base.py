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
trip (psycopg's pipeline). The ORM's own queries are unchanged. `DB_PREPARED_STATEMENTS=false`
(docs/deploy.md: PgBouncer in transaction mode before 1.21) keeps the round trip and prepares nothing.
"""

from __future__ import annotations

import select

from django.db.backends.postgresql import base


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
        are off (prepare_threshold None). One entry in the query log (the statements with their values,
        joined by ';\\n'), through Django's cursor wrapper (execute wrappers, database errors)."""
        with self.cursor() as wrapper:
            raw = wrapper.cursor.connection
            prepare = raw.prepare_threshold is not None

            def run(_sql, _params, _many, _context):
                self.validate_no_broken_transaction()
                with self.wrap_database_errors:
                    cursors = self._server_cursors(raw, len(statements))
                    if len(statements) == 1:
                        cursors[0].execute(*statements[0], prepare=prepare)
                    else:
                        with raw.pipeline():
                            for cursor, (sql, params) in zip(cursors, statements, strict=True):
                                cursor.execute(sql, params, prepare=prepare)
                    return [cursor.fetchall() for cursor in cursors]

            if not self.queries_logged:
                return wrapper._execute_with_wrappers(";\n".join(sql for sql, _ in statements), None, False, run)
            client = base.Database.ClientCursor(raw)
            logged = ";\n".join(client.mogrify(sql, params) for sql, params in statements)
            with wrapper.debug_sql(logged):
                return wrapper._execute_with_wrappers(logged, None, False, run)
