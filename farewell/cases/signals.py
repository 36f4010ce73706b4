"""Signals the cases app sends so that apps further down the flow (offboarding) can act on a case
(DESIGN: an upstream app defines the signal, the downstream app connects in its ready()).

- `handover_started(sender, case, acting_user)`: sent inside the transaction that moves a case into
  handover (HR starts it after approval, or acknowledges a resignation notice): offboarding builds
  the checklist and the post-exit duties in that same transaction.
- `close_refusals(sender, case)`: sent before a case is closed; each receiver returns a list of
  reasons the case may not close yet (an open post-exit duty, a blocking handover item). Any reason
  refuses the close.
- `reopen_refusals(sender, case)`: sent before an approved case (or one in handover) is taken back into
  review (services.reopen_case); each receiver returns what has happened that cannot be undone
  (offboarding: a frozen settlement, a payment, a document sent for signature or signed). Any reason
  refuses the reopen.
- `evidence_files(sender, case)`: sent when the evidence package of a case is built (farewell/talks);
  each receiver returns files to include, as dicts {path, data, object_type, object_id, event} naming
  the ledger entry that recorded the file (offboarding: the generated documents' PDFs).
- `swept(sender, today)`: sent by `farewell sweep` after its own work; each receiver does its periodic
  work (offboarding: overdue handover items, post-exit duties) and returns lines for the command's output.
"""

from __future__ import annotations

from django.dispatch import Signal

handover_started = Signal()
close_refusals = Signal()
reopen_refusals = Signal()
swept = Signal()
evidence_files = Signal()


def refusals_for(case) -> list[str]:
    """Every receiver's reasons not to close `case`, in one list."""
    out: list[str] = []
    for _receiver, response in close_refusals.send(sender=None, case=case):
        out.extend(response or [])
    return out


def reopen_refusals_for(case) -> list[str]:
    """Every receiver's reasons not to take `case` back into review, in one list."""
    out: list[str] = []
    for _receiver, response in reopen_refusals.send(sender=None, case=case):
        out.extend(response or [])
    return out


def sweep_downstream(today) -> list[str]:
    """Run every receiver's periodic work; their report lines, in one list."""
    out: list[str] = []
    for _receiver, response in swept.send(sender=None, today=today):
        out.extend(response or [])
    return out


def evidence_files_for(case) -> list[dict]:
    """Every receiver's files for the case's evidence package, in one list."""
    out: list[dict] = []
    for _receiver, response in evidence_files.send(sender=None, case=case):
        out.extend(response or [])
    return out
