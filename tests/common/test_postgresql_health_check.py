"""The persistent connection's check before reuse (common/postgresql/base.py): a poll of the socket, and
Django's `SELECT 1` only when the server has sent something (issue 14)."""

from __future__ import annotations

import time

import psycopg
import pytest
from django.db import OperationalError, connections

pytestmark = [
    pytest.mark.django_db(transaction=True, serialized_rollback=True),  # autocommit between "requests", as in production
    pytest.mark.skipif("postgresql" not in connections["default"].vendor, reason="PostgreSQL's backend"),
]


@pytest.fixture
def database(monkeypatch):
    """The default connection, open, kept across requests, its `SELECT 1` checks counted."""
    connection = connections["default"]
    connection.ensure_connection()
    monkeypatch.setattr(connection, "close_at", None)  # the tests' settings close it after each request
    checks = []
    original = connection.is_usable

    def is_usable():
        checks.append(True)
        return original()

    monkeypatch.setattr(connection, "is_usable", is_usable)
    connection.checks = checks
    yield connection
    del connection.checks


def next_request(connection) -> int:
    """What Django does between two requests, then the new request's first query: its backend's pid."""
    connection.close_if_unusable_or_obsolete()
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def other_connection():
    params = connections["default"].get_connection_params()
    params.pop("cursor_factory", None)
    params.pop("context", None)
    return psycopg.connect(**params, autocommit=True)


def test_it_reuses_a_quiet_connection_without_a_query(database):
    first = next_request(database)
    assert next_request(database) == first
    assert next_request(database) == first
    assert database.checks == []


def test_it_replaces_a_connection_the_server_ended(database):
    ended = next_request(database)
    with other_connection() as other:
        other.execute("SELECT pg_terminate_backend(%s)", [ended])
        for _ in range(200):  # until the server process has gone
            if other.execute("SELECT 1 FROM pg_stat_activity WHERE pid = %s", [ended]).fetchone() is None:
                break
            time.sleep(0.01)
    time.sleep(0.05)
    try:
        replaced = next_request(database)
    except OperationalError as exc:  # the ended connection was used: an error page in production
        pytest.fail(f"the ended connection was reused: {exc}")
    assert replaced != ended
    assert database.checks == [True]  # the poll saw the server's message; Django's check decided


def test_it_asks_the_server_when_something_is_waiting(database):
    pid = next_request(database)
    with database.cursor() as cursor:
        cursor.execute("LISTEN farewell_health_check_test")
    with other_connection() as other:
        other.execute("NOTIFY farewell_health_check_test")
    time.sleep(0.05)
    assert next_request(database) == pid  # still usable: kept
    assert database.checks == [True]
