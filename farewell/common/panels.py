"""Panels: how a page shows parts built further down the flow without importing them.

A downstream app registers `(page, order, callable)` in its AppConfig.ready(); the page calls
`render_panels(page, request, obj)` and shows what is registered. A callable returns a
Panel or None (nothing to show for this object or this user), or Reads: the queries the panel
needs and the rest of its building, so that every panel's queries go to the database together —
with the page's own, for a page that runs `prepare_panels` and `PreparedPanels.build` around its
reads (one round trip on PostgreSQL: common/prepared.run_together; issue 14).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from .prepared import Prepared, run_together


@dataclass(frozen=True)
class Panel:
    title: str
    template: str
    context: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reads:
    """A panel that needs rows: its queries, compiled once (Prepared, values), and what builds the panel
    from their rows, in order. `build` runs once the page has every row, its own included (the employee
    page's facts are remembered by then, org/facts.py): a panel with no query of its own that uses them
    returns Reads with no calls."""

    calls: tuple[tuple[Prepared, tuple], ...]
    build: Callable[[list[list]], Panel | None]


_registry: dict[str, list[tuple[int, Callable]]] = {}


def register(page: str, order: int, build: Callable) -> None:
    entries = _registry.setdefault(page, [])
    if all(existing is not build for _, existing in entries):
        entries.append((order, build))
        entries.sort(key=lambda e: e[0])


class PreparedPanels:
    """The page's registered panels after their first step: `calls` to run (with the page's own), then
    `build(rows)` with those calls' rows."""

    def __init__(self, results: list):
        self._results = results
        self.calls = [call for result in results if isinstance(result, Reads) for call in result.calls]

    def build(self, rows: list[list]) -> list[Panel]:
        if len(rows) != len(self.calls):
            raise ValueError("one list of rows per call")
        panels, taken = [], 0
        for result in self._results:
            if isinstance(result, Reads):
                count = len(result.calls)
                result = result.build(rows[taken:taken + count])
                taken += count
            if result is not None:
                panels.append(result)
        return panels


def prepare_panels(page: str, request, obj) -> PreparedPanels:
    return PreparedPanels([build(request, obj) for _, build in _registry.get(page, [])])


def render_panels(page: str, request, obj) -> list[Panel]:
    prepared = prepare_panels(page, request, obj)
    return prepared.build(run_together(*prepared.calls) if prepared.calls else [])
