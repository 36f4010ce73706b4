"""Background work of the cases app (django-tasks; `farewell db_worker` runs it)."""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django_tasks import task


@task()
def rerun_after_reference_change(user_id: int | None = None) -> dict:
    """The open cases computed again on the changed holiday table or wage figures, those whose result moves."""
    from farewell.org import cached

    from . import services

    cached.drop()  # this process may hold the tables as they were before the change (up to a minute)
    actor = get_user_model().objects.filter(pk=user_id).first() if user_id else None
    return {"rerun": services.rerun_where_references_move(actor=actor)}
