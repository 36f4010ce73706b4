"""Readable names for ledger event codes. Apps register theirs in AppConfig.ready(); a code
nobody registered is shown as it is."""

from __future__ import annotations

_events: dict[str, object] = {}


def register_events(labels: dict[str, object]) -> None:
    _events.update(labels)


def event_label(code: str) -> str:
    label = _events.get(code)
    return str(label) if label is not None else code
