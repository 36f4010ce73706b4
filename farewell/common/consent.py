"""Separate consent for sensitive personal information (PIPL Art. 29), asked by any app.

The apps that process a sensitive kind of data (org: the details of a protected-status period;
talks: recordings) sit below `farewell/privacy`, which keeps the consent records. So privacy
registers the one answer here in its `AppConfig.ready()` (the panels pattern, DESIGN) and the
apps below ask `given(employee_id, purpose)`. With nothing registered every answer is False:
without a recorded consent, nothing that needs one is processed (default deny).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

# The purposes that need a separate consent (docs/privacy.md says why each does, and why the
# processing the law requires — the protected-status fact, the ID number — does not).
HEALTH_DETAILS = "health_details"  # what a protected period is beyond the fact (diagnosis, notes)
TALK_RECORDING = "talk_recording"  # audio recordings of talks, and their machine transcription

# (employee ids, purpose) → the ids among them with a standing consent to that purpose.
_checker: Callable[[Iterable[int], str], set[int]] | None = None


def register(checker: Callable[[Iterable[int], str], set[int]]) -> None:
    """Install the answer (privacy's AppConfig.ready())."""
    global _checker
    _checker = checker


def given(employee_id: int | None, purpose: str) -> bool:
    """Whether the employee's consent to `purpose` is recorded and not withdrawn."""
    if employee_id is None:
        return False
    return employee_id in given_by(purpose, [employee_id])


def given_by(purpose: str, employee_ids: Iterable[int]) -> set[int]:
    """The employees among `employee_ids` whose consent to `purpose` stands (one query: imports)."""
    ids = list(employee_ids)
    if not ids or _checker is None:
        return set()
    return set(_checker(ids, purpose))


# --- data kept past a withdrawal by a legal hold ---------------------------------------------------
#
# A withdrawn consent deletes what was collected under it, except while a legal hold on one of the
# person's cases keeps it (PIPL Art. 47 ¶2). What a hold keeps is then read only for the hold: by the
# roles that read it anyway (HR, legal), each read naming the hold and its reason in the access log and
# recorded in the ledger on the hold. privacy registers both answers (PrivacyConfig.ready()).


@dataclass(frozen=True)
class HoldRef:
    """A standing legal hold, as the apps below privacy see it."""

    code: str
    reason: str

    @property
    def purpose(self) -> str:
        """The access log's purpose of a read under this hold (its reason, as HR gave it)."""
        return f"诉讼保全调阅（保全 {self.code}）：{self.reason}"[:200]


_hold_finder: Callable[[int], HoldRef | None] | None = None
_held_read_recorder: Callable[..., None] | None = None


def register_holds(finder: Callable[[int], HoldRef | None], recorder: Callable[..., None]) -> None:
    """Install the hold lookup and the recorder of reads under a hold (privacy's AppConfig.ready())."""
    global _hold_finder, _held_read_recorder
    _hold_finder, _held_read_recorder = finder, recorder


def hold_keeping(employee_id: int) -> HoldRef | None:
    """The standing legal hold on one of the employee's cases, if any (None with privacy not installed)."""
    return _hold_finder(employee_id) if _hold_finder is not None else None


def record_held_read(hold: HoldRef, *, actor, employee_id: int, object_type: str, object_id: str) -> None:
    """Record, on the hold, one read of data the hold keeps past a withdrawn consent."""
    if _held_read_recorder is not None:
        _held_read_recorder(hold, actor=actor, employee_id=employee_id, object_type=object_type, object_id=object_id)
