"""Work done once per transaction, however many rows it changes.

A 30-row holiday import saves 30 rows in one transaction; what follows a change of the table (a new version
of the kept copies, a re-run of the open cases) is owed once for the transaction, not once per row. The
mark that it is owed is a callback on the connection's on-commit list: Django takes it off when the block
that registered it rolls back (a savepoint's rollback takes off that savepoint's callbacks, as it undoes
that savepoint's writes), and clears the list after the commit. So a mark is found exactly while the write
it stands for is pending in the open transaction.

In a test case (pytest-django's `db`), the test runs inside atomic blocks that never commit; the first
block inside them stands for the transaction (a service's own block, which would commit in production).
Outside any block (autocommit) each statement is its own transaction: nothing is pending, the callback runs
at once.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db import DEFAULT_DB_ALIAS, connections


class _Once:
    """The on-commit callback that also marks `tag` as done in the transaction that `block` commits."""

    def __init__(self, tag: str, block: tuple, func: Callable[[], object]) -> None:
        self.tag, self.block, self.func = tag, block, func

    def __call__(self) -> None:
        self.func()


def _committing_block(connection) -> tuple | None:
    """The atomic block whose exit commits the open transaction, with its savepoint id (None outside one).
    The savepoint id tells two calls of one decorated function apart (the decorator reuses its Atomic)."""
    for depth, block in enumerate(connection.atomic_blocks):
        if not getattr(block, "_from_testcase", False):
            return block, connection.savepoint_ids[depth - 1] if depth else None
    return None


def _mark(tag: str, connection) -> _Once | None:
    block = _committing_block(connection) if connection.in_atomic_block else None
    if block is None:
        return None
    for _sids, func, _robust in connection.run_on_commit:
        if isinstance(func, _Once) and func.tag == tag and func.block[0] is block[0] and func.block[1] == block[1]:
            return func
    return None


def pending(tag: str, using: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether `on_commit_once(tag, …)` was called in the open transaction (and not rolled back since)."""
    return _mark(tag, connections[using]) is not None


def on_commit_once(tag: str, func: Callable[[], object], using: str = DEFAULT_DB_ALIAS) -> bool:
    """Run `func` after the open transaction commits, unless a callback for `tag` is already pending in it
    (the first call's `func` runs, once). Outside a transaction `func` runs now. True when registered."""
    connection = connections[using]
    if _mark(tag, connection) is not None:
        return False
    block = _committing_block(connection) if connection.in_atomic_block else None
    connection.on_commit(_Once(tag, block or (None, None), func))
    return True
