"""Separate consent for sensitive personal information (PIPL Art. 29), asked by any app.

The apps that process a sensitive kind of data (org: the details of a protected-status period;
talks: recordings) sit below `farewell/privacy`, which keeps the consent records. So privacy
registers the one answer here in its `AppConfig.ready()` (the panels pattern, DESIGN) and the
apps below ask `given(employee_id, purpose)`. With nothing registered every answer is False:
without a recorded consent, nothing that needs one is processed (default deny).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

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
