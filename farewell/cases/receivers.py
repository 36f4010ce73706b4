"""What the cases app does when people facts change upstream (org.signals): the open cases of
those employees re-run the law engine with the new facts, and an import's preview names them."""

from __future__ import annotations

import logging

from django.utils.translation import gettext as _

from .models import OPEN_STATUSES, SeparationCase

logger = logging.getLogger(__name__)
# employee ids per IN (…) query: SQLite allows a limited number of parameters.
ID_BATCH = 900
WARNINGS_SHOWN = 50


def _employee_ids(kwargs) -> list[int]:
    """org services send one `employee`, imports a list of `employee_ids`."""
    if kwargs.get("employee_ids") is not None:
        return list(kwargs["employee_ids"])
    employee = kwargs.get("employee")
    return [employee.pk] if employee is not None else []


def _open_case_ids(ids: list[int], company=None) -> list[int]:
    """The ids of the open cases of these employees, oldest first (a re-run reads each case again under its
    lock: services.rerun_one). For a big import (a company's whole payroll) it is cheaper to read the company's
    open cases — a few hundred at most — and keep those of the ids."""
    cases = SeparationCase.objects.filter(status__in=OPEN_STATUSES).order_by("pk")
    if company is not None and len(ids) > ID_BATCH:
        wanted = set(ids)
        return [pk for pk, employee in cases.filter(company=company).values_list("pk", "employee_id")
                if employee in wanted]
    return [pk for start in range(0, len(ids), ID_BATCH)
            for pk in cases.filter(employee_id__in=ids[start:start + ID_BATCH]).values_list("pk", flat=True)]


def rerun_open_cases(sender, **kwargs) -> int:
    """Re-run the engine on the open cases of employees whose facts changed (after commit), by the case's
    status as a reference change does (services.rerun_one): stored while the facts are editable (in review the
    approvals it touches reopened); once approved, a wage import does not move the approved amount — the
    difference is recorded and shown. A case whose facts no longer compute (no wages) keeps its page's reason."""
    from .services import rerun_one

    actor = kwargs.get("acting_user")
    pks = _open_case_ids(_employee_ids(kwargs), kwargs.get("company"))
    return sum(rerun_one(pk, actor=actor, causes=["records"]) for pk in pks)


def rerun_after_reference_change(sender, acting_user=None, **kwargs) -> None:
    """The holiday table or the wage figures changed (org.signals.reference_changed): the open cases are computed again in the
    background, every company's (the table is one for all)."""
    from .tasks import pass_waiting
    from .tasks import rerun_after_reference_change as rerun

    user_id = acting_user.pk if acting_user is not None else None
    if not pass_waiting(user_id):
        rerun.enqueue(user_id)


def open_case_warnings(sender, **kwargs) -> list[str]:
    """For an import's report: the people with an open case whose facts the import changes."""
    pks = _open_case_ids(_employee_ids(kwargs), kwargs.get("company"))
    out = [
        _("%(name)s（%(number)s）有进行中的离职案件：导入后将按新数据重新计算合法性和金额") % {
            "name": case.employee.name, "number": case.employee.employee_number}
        for case in SeparationCase.objects.filter(pk__in=pks[:WARNINGS_SHOWN]).select_related("employee").order_by("pk")
    ]
    if len(pks) > WARNINGS_SHOWN:
        out.append(_("……另有 %(n)s 个进行中的案件") % {"n": len(pks) - WARNINGS_SHOWN})
    return out


def seed_company_settings(sender, company, **kwargs) -> None:
    """A new company gets the default workflows and compensation policy (org.signals.company_created)."""
    from .defaults import seed_company
    from .models import CompensationPolicy, WorkflowStepTemplate, WorkflowTemplate

    seed_company(company, WorkflowTemplate, WorkflowStepTemplate, CompensationPolicy)
