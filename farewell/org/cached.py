"""The holiday table and the local wage figures, kept in each process between requests.

Both are small tables HR admins change a few times a year (设置 › 节假日, 设置 › 当地工资标准), but
the employee page's estimate read both and rebuilt the working calendar and the wage table on every
view (issue 14). A change through any path (the settings pages, the holiday import, the admin)
saves or deletes a model instance: the signals connected in OrgConfig.ready forget the copy at once
and again when the transaction commits. Another process (a second gunicorn worker) notices within
`MAX_AGE_SECONDS`, since a process-local copy cannot hear of a change made elsewhere.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable

from django.db import transaction

MAX_AGE_SECONDS = 60.0

_lock = threading.Lock()
_values: dict[str, tuple[float, object]] = {}


def get(name: str, build: Callable[[], object]) -> object:
    now = time.monotonic()
    held = _values.get(name)
    if held is not None and now - held[0] < MAX_AGE_SECONDS:
        return held[1]
    value = build()
    with _lock:
        _values[name] = (now, value)
    return value


def drop() -> None:
    """Drop every kept copy now: for work that stores what it computes from them (the task worker's re-run
    after a change, which may hold a copy from before the change for up to MAX_AGE_SECONDS)."""
    _values.clear()


def forget(*_args, **_kwargs) -> None:
    """Drop every kept copy now and once more after the surrounding transaction commits (a request
    reading between the save and the commit would otherwise keep the old rows)."""
    _values.clear()
    transaction.on_commit(_values.clear)
