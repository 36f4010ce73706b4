"""Readable names for ledger event codes. Apps register theirs in AppConfig.ready(); a code
nobody registered is shown as it is."""

from __future__ import annotations

_events: dict[str, object] = {}


def register_events(labels: dict[str, object]) -> None:
    _events.update(labels)


def event_label(code: str) -> str:
    label = _events.get(code)
    return str(label) if label is not None else code


def registered_events() -> list[tuple[str, str]]:
    """(code, label) of every registered event, by label (the ledger page's event filter)."""
    return sorted(((code, str(label)) for code, label in _events.items()), key=lambda item: (item[1], item[0]))


def local_time(value, fmt: str) -> str | None:
    """A ledger timestamp (UTC ISO with Z, as hashed) or a datetime in local time, formatted;
    None when the value is not a time."""
    import datetime as dt

    from django.utils import timezone

    if isinstance(value, dt.datetime):
        moment = value
    else:
        text = str(value or "").strip()
        if text.endswith(("Z", "z")):
            text = text[:-1] + "+00:00"
        try:
            moment = dt.datetime.fromisoformat(text)
        except ValueError:
            return None
    if timezone.is_naive(moment):
        moment = moment.replace(tzinfo=dt.UTC)
    return timezone.localtime(moment).strftime(fmt)
