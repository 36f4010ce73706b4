"""Background work of the cases app (django-tasks; `farewell db_worker` runs it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.db.models import Max
from django_tasks import task

# A change of the tables committed while a pass runs: the pass may have computed some cases on the tables as they
# were, after that change's own pass (another worker) stored their new results. It goes round again on fresh
# tables; after a few rounds the latest change's own pass is left to finish it.
MAX_PASSES = 3


def _reference_mark() -> int:
    """The ledger's last entry about the holiday table or the wage figures (every change through the services
    and the imports writes one; entries are appended in commit order under the chain-head lock)."""
    from farewell.ledger.models import LedgerEntry
    from farewell.org import holidays, wages

    return LedgerEntry.objects.filter(object_type__in=(holidays.LEDGER_TYPE, wages.LEDGER_TYPE)).aggregate(
        seq=Max("seq"))["seq"] or 0


@task()
def rerun_after_reference_change(user_id: int | None = None) -> dict:
    """The open cases computed again on the changed holiday table or wage figures, those whose result moves."""
    from farewell.org import cached

    from . import services

    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    rerun = 0
    for _ in range(MAX_PASSES):
        mark = _reference_mark()
        cached.drop()  # this process may hold the tables as they were before the change (up to a minute)
        rerun += services.rerun_where_references_move(actor=actor)
        if _reference_mark() == mark:
            break
    return {"rerun": rerun}


def pass_waiting(user_id: int | None) -> bool:
    """Whether a pass for the same user is queued and not started yet (the database backend; the immediate one
    runs each at once). Such a pass reads the tables when it starts, which is after the commit of the change
    asking for another one (reference_changed is sent on commit): a second pass would compute the same, so 30
    days typed one by one while the worker is busy make one more pass, not 30. Only the same user's: a pass
    stores its runs and ledger entries in the name of whoever changed the tables."""
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not isinstance(rerun_after_reference_change.get_backend(), DatabaseBackend):
        return False
    waiting = DBTaskResult.objects.ready().filter(task_path=rerun_after_reference_change.module_path).values_list(
        "args_kwargs", flat=True)
    return any(list(queued.get("args") or []) + list((queued.get("kwargs") or {}).values()) == [user_id]
               for queued in waiting)

