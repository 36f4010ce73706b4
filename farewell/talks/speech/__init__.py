"""Pluggable speech engines: audio in, speaker turns out. None is installed by default.

An engine is any object with `name` and `transcribe(path, *, language) -> list[Segment]`.
`engine()` returns the configured one: the `FAREWELL_SPEECH_ENGINE` setting or environment
variable names it, either a name registered with `register()` or a dotted path to a class
("mycompany.asr.WhisperCppEngine"). Unset → None, and the app offers text upload only.
docs/speech.md shows how to point an adapter at a local model.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from importlib import import_module
from pathlib import Path
from typing import Protocol

from django.conf import settings


@dataclass(frozen=True)
class Segment:
    start: float  # seconds
    end: float
    text: str
    speaker: str = ""


class SpeechEngine(Protocol):
    name: str

    def transcribe(self, path: Path, *, language: str = "zh") -> list[Segment]: ...


class SpeechError(RuntimeError):
    pass


_registry: dict[str, type] = {}


def register(name: str, engine_class: type) -> None:
    _registry[name] = engine_class


def configured_name() -> str:
    return getattr(settings, "FAREWELL_SPEECH_ENGINE", "") or os.environ.get("FAREWELL_SPEECH_ENGINE", "")


def engine() -> SpeechEngine | None:
    name = configured_name()
    if not name:
        return None
    if name in _registry:
        return _registry[name]()
    module_name, _, class_name = name.rpartition(".")
    if not module_name:
        raise SpeechError(f"unknown speech engine {name!r}")
    try:
        return getattr(import_module(module_name), class_name)()
    except (ImportError, AttributeError) as exc:
        raise SpeechError(f"cannot load speech engine {name!r}: {exc}") from exc


from .fake import FakeEngine  # noqa: E402

register("fake", FakeEngine)
