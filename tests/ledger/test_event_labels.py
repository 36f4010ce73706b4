"""Every event the code writes to the ledger has a label: the auditor reads people's words, not codes."""

from __future__ import annotations

import re
from pathlib import Path

from farewell.common.labels import event_label

SOURCE = Path(__file__).resolve().parents[2] / "farewell"


def _events() -> set[str]:
    found = set()
    for path in SOURCE.rglob("*.py"):
        for match in re.finditer(r'event="([a-z_.]+)"', path.read_text(encoding="utf-8")):
            found.add(match.group(1))
    return found


def test_every_written_event_has_a_label():
    events = _events()
    assert len(events) > 30
    unlabelled = sorted(e for e in events if event_label(e) == e)
    assert unlabelled == []
