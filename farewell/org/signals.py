"""Signals org sends so that apps further down the flow can act on changed people facts
(DESIGN: an upstream app defines the signal, the downstream app connects in its ready()).

- `employee_facts_changed(sender, acting_user, employee=… | company=…, employee_ids=[…])`: sent
  on commit after a write changed facts the law engine reads (hire date, employment type,
  contracts, wages, protected periods …): the org services send one `employee` (and the `facts`
  changed), an import the `company` and the `employee_ids` — cases re-runs the engine of those
  employees' open cases.
- `facts_change_warnings(sender, company, employee_ids)`: sent before such a change is committed
  (an import's preview); each receiver returns a list of warning strings for HR, e.g. the cases
  app names the employees with an open case.
- `reference_changed(sender, acting_user)`: sent on commit after a table every case is computed on
  changed: the holiday table (a day added, corrected, deleted or imported: procedure dates) or the local
  wage figures (the 3× cap, the minimum wage): cases re-runs the engine of the open cases whose result
  moves (in the background).
"""

from __future__ import annotations

from django.dispatch import Signal

from farewell.common import transactions

employee_facts_changed = Signal()
facts_change_warnings = Signal()
reference_changed = Signal()


def announce_reference_change(acting_user) -> None:
    """After the surrounding transaction commits (a dry run that rolls back announces nothing), once however
    many rows of either table it changed: the open cases are computed on both tables at once."""
    transactions.on_commit_once("org.reference_changed",
                                lambda: reference_changed.send(sender=None, acting_user=acting_user))


def warnings_for(company, employee_ids) -> list[str]:
    """Every receiver's warnings about changing these employees' facts, in one list."""
    if not employee_ids:
        return []
    out: list[str] = []
    for _receiver, response in facts_change_warnings.send(sender=None, company=company,
                                                          employee_ids=sorted(employee_ids)):
        out.extend(response or [])
    return out


# Sent inside the transaction that creates a company (accounts.setup_company): each app that keeps
# per-company settings (workflows, compensation policy, flag rules, talk templates, escalation
# phrases) connects in its ready() and gives the new company its defaults.
company_created = Signal()


def company_set_up(company) -> None:
    """Give a new company every app's default settings (idempotent: what exists is kept)."""
    company_created.send(sender=type(company), company=company)
