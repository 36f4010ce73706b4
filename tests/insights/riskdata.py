"""Synthetic HR tables for `farewell risk evaluate`: made here, deterministic for a seed."""

from __future__ import annotations

import csv
from pathlib import Path

import numpy as np

UNITS = ["销售部", "研发部", "客服部", "财务部", "市场部"]


def nonlinear_rows(n: int = 1200, seed: int = 3) -> list[dict]:
    """Leaving depends on interactions and bands a linear model cannot draw: overtime only hurts
    the short-tenured, pay hurts only inside a middle band, and the sign of the commute effect
    flips between units (an XOR of two halves)."""
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        tenure = rng.uniform(0, 12)
        overtime = rng.uniform(0, 60)
        pay_ratio = rng.uniform(0.6, 1.4)
        commute = rng.uniform(0, 40)
        survey = rng.integers(1, 6)
        unit = UNITS[rng.integers(0, len(UNITS))]
        noise = rng.normal(0, 1, 3)
        logit = -2.2
        logit += 3.0 * ((tenure < 3) & (overtime > 35))
        logit += 2.5 * (0.85 < pay_ratio < 1.0)
        logit += 2.5 * ((commute > 20) ^ (unit in ("销售部", "客服部")))
        logit -= 2.0 * ((survey >= 4) & (tenure > 6))
        left = rng.random() < 1 / (1 + np.exp(-logit))
        rows.append({"employee_id": 10000 + i, "unit": unit, "tenure_years": round(tenure, 2),
                     "overtime_hours": round(overtime, 1), "pay_vs_band": round(pay_ratio, 3),
                     "commute_km": round(commute, 1), "survey": int(survey),
                     "noise_a": round(noise[0], 3), "noise_b": round(noise[1], 3), "noise_c": round(noise[2], 3),
                     "left": "yes" if left else "no"})
    return rows


def linear_rows(n: int = 400, seed: int = 5) -> list[dict]:
    rng = np.random.default_rng(seed)
    rows = []
    for i in range(n):
        tenure = rng.uniform(0, 10)
        survey = rng.uniform(1, 5)
        unit = UNITS[rng.integers(0, len(UNITS))]
        logit = 1.0 - 0.4 * tenure - 0.6 * (survey - 3) + 0.8 * (unit == "客服部")
        rows.append({"工号": f"E{i:05d}", "部门": unit, "司龄": round(tenure, 2), "满意度": round(survey, 2),
                     "是否离职": "是" if rng.random() < 1 / (1 + np.exp(-logit)) else "否"})
    return rows


def write_csv(path: Path, rows: list[dict], *, delimiter: str = ",", encoding: str = "utf-8") -> Path:
    with path.open("w", newline="", encoding=encoding) as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), delimiter=delimiter)
        writer.writeheader()
        writer.writerows(rows)
    return path
