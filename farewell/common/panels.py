"""Panels: how a page shows parts built further down the flow without importing them.

A downstream app registers `(page, order, callable)` in its AppConfig.ready(); the page calls
`render_panels(page, request, obj)` and shows what is registered. A callable returns a
Panel or None (nothing to show for this object or this user).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)


_registry: dict[str, list[tuple[int, Callable]]] = {}


def register(page: str, order: int, build: Callable) -> None:
    entries = _registry.setdefault(page, [])
    if all(existing is not build for _, existing in entries):
        entries.append((order, build))
        entries.sort(key=lambda e: e[0])


def render_panels(page: str, request, obj) -> list[Panel]:
    panels = []
    for _, build in _registry.get(page, []):
        panel = build(request, obj)
        if panel is not None:
            panels.append(panel)
    return panels
