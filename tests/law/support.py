"""One separation to vary per test: 2020-03-01 through 2022-08-31 (2 y 6 m), 10,000 a month, mutual."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from farewell.law import compute, compute_json

BASE = {
    "ground": "mutual_employer_initiated",
    "hire_date": "2020-03-01",
    "separation_date": "2022-08-31",
    "monthly_wages": [10000],
}


def run(**fields: Any) -> dict[str, Any]:
    """The README output for BASE with `fields` replaced (a field set to None is removed)."""
    data = {**BASE, **fields}
    return compute_json({k: v for k, v in data.items() if v is not None})


def result(**fields: Any):
    """The Python `Result` (Decimal money) for BASE with `fields` replaced."""
    data = {**BASE, **fields}
    return compute({k: v for k, v in data.items() if v is not None})


def codes(out: dict[str, Any], severity: str | None = None) -> set[str]:
    return {v["code"] for v in out["violations"] if severity is None or v["severity"] == severity}


def step(out: dict[str, Any], code: str) -> dict[str, Any] | None:
    return next((s for s in out["procedure"] if s["step"] == code), None)


def money(value: float | None) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def compute_with(options, **fields: Any):
    """The `Result` for BASE with `fields` replaced, under non-default `options`."""
    return compute({**BASE, **fields}, options)
