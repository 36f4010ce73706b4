"""Django's PostgreSQL backend, with a persistent connection checked before reuse without a query.

With CONN_HEALTH_CHECKS Django sends `SELECT 1` before the first query of every request that reuses a
connection: one more round trip on every page (issue 14). A connection the server has ended (a restart,
pg_terminate_backend, an idle-session timeout) has something to read on its socket: the server's
FATAL message and the end of the stream. So the socket is polled first, without waiting: nothing to read,
and psycopg holds the connection open and idle between transactions, is a usable connection; anything
else is decided by Django's own check (`SELECT 1`, the connection closed and reopened if it fails).
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
