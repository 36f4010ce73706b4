"""Local wage figures: the prior-year average monthly wage (LCL 47 ¶2) and the minimum wage (Reg. 27).

`data/wage_tables.json` ships only figures whose source text was read (each with its source, the
address it was read at and the day of that text); HR admins extend it by loading their own file of
the same shape (`load(path)`), or in 设置 › 当地工资标准. Each figure keeps its source, to be cited.
docs/law/local_figures.md lists the 30 largest cities and which figures each still lacks.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from functools import lru_cache
from pathlib import Path

DEFAULT_WAGE_TABLE_FILE = Path(__file__).with_name("data") / "wage_tables.json"


@dataclass(frozen=True, slots=True)
class Figure:
    amount: Decimal
    source: str
    year: int | None = None  # statistical year of an average wage
    effective_from: date | None = None  # first day of a minimum wage
    url: str | None = None  # where the source text was read
    published: str | None = None  # the day of that text (ISO)


@dataclass(frozen=True, slots=True)
class CityWages:
    """The figures for one separation: `None` where the table has none."""

    city: str
    local_avg_monthly_wage: Figure | None
    local_min_wage: Figure | None

    def as_input(self) -> dict[str, Decimal]:
        """The engine input fields these figures fill (`local_avg_monthly_wage`, `local_min_wage`)."""
        out = {}
        if self.local_avg_monthly_wage is not None:
            out["local_avg_monthly_wage"] = self.local_avg_monthly_wage.amount
        if self.local_min_wage is not None:
            out["local_min_wage"] = self.local_min_wage.amount
        return out


def _key(city: str) -> str:
    city = city.strip().lower()
    return city[:-1] if city.endswith("市") else city


class WageTable:
    def __init__(self, cities: dict[str, dict]) -> None:
        self._cities: dict[str, tuple[str, list[Figure], list[Figure]]] = {}
        for name, row in cities.items():
            averages = sorted(
                (Figure(Decimal(str(f["amount"])), f["source"], year=int(f["year"]), url=f.get("url"),
                        published=f.get("published"))
                 for f in row.get("local_avg_monthly_wage", [])),
                key=lambda f: f.year,
            )
            minimums = sorted(
                (
                    Figure(Decimal(str(f["amount"])), f["source"], effective_from=date.fromisoformat(f["effective_from"]),
                           url=f.get("url"), published=f.get("published"))
                    for f in row.get("local_min_wage", [])
                ),
                key=lambda f: f.effective_from,
            )
            entry = (name, averages, minimums)
            for alias in (name, *row.get("aliases", [])):
                self._cities[_key(alias)] = entry

    def cities(self) -> list[str]:
        return sorted({entry[0] for entry in self._cities.values()})

    def lookup(self, city: str, on: date | int) -> CityWages | None:
        """The figures for a separation in `city` on `on` (a date, or a year: its 31 December).

        Average: the prior year's (`on.year − 1`), or the latest earlier one while it is
        unpublished. Minimum wage: the one in force on that day. None for an unknown city.
        """
        entry = self._cities.get(_key(city))
        if entry is None:
            return None
        day = on if isinstance(on, date) else date(on, 12, 31)
        name, averages, minimums = entry
        average = next((f for f in reversed(averages) if f.year <= day.year - 1), None)
        minimum = next((f for f in reversed(minimums) if f.effective_from <= day), None)
        return CityWages(name, average, minimum)


def load(path: str | Path | None = None) -> WageTable:
    """Read a wage table file (`data/wage_tables.json` by default)."""
    raw = json.loads(Path(path or DEFAULT_WAGE_TABLE_FILE).read_text(encoding="utf-8"))
    return WageTable(raw["cities"])


@lru_cache(maxsize=1)
def default_table() -> WageTable:
    return load()


def lookup(city: str, on: date | int, table: WageTable | None = None) -> CityWages | None:
    """`WageTable.lookup` on the shipped table (or `table`)."""
    return (table or default_table()).lookup(city, on)


def wage_tables_for(city: str, on: date | int, table: WageTable | None = None) -> dict[str, Decimal]:
    """The engine input fields for `city` on `on`: {} when the city or its figures are unknown."""
    found = lookup(city, on, table)
    return found.as_input() if found is not None else {}
