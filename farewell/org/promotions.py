"""What counts as a promotion when an employee's position or grade changes (risk feature
"months since last promotion"). Pure functions; no query.

A grade reads as a ladder and a level: "P5" is ladder P, level 5; "M2" ladder M, level 2;
"W3" ladder W. 公务员 grades read by the same rule where they carry a number ("四级主任科员",
"一级科员": a smaller number is the higher rank, so they are compared through
CIVIL_SERVICE_RANKS instead).

1. Same ladder, both levels known: a promotion when the level goes up ("P4" → "P5"); a step
   down or the same level (a lateral move to another position) is not.
2. Otherwise — a change of ladder ("P6" → "M2", "S2" → "M1"), a grade without a number, a
   blank grade: a promotion when the new position's wage band is higher (the midpoint of
   wage_min..wage_max rises), since a ladder change alone says nothing about rank.
3. Nothing to compare (no band on either side): not counted as a promotion.
"""

from __future__ import annotations

import re
from decimal import Decimal

_LEVEL = re.compile(r"^\s*([A-Za-z]*)\s*(\d+)\s*$")

# 公务员职务与职级并行规定 (2019): 职级 and leading posts of a county-level bureau, low to high.
CIVIL_SERVICE_RANKS = (
    "二级科员", "一级科员", "四级主任科员", "三级主任科员", "副科", "二级主任科员", "一级主任科员", "正科",
    "四级调研员", "三级调研员", "副处", "二级调研员", "一级调研员", "正处",
)


def grade_level(grade: str) -> tuple[str, int] | None:
    """(ladder, level) of a grade, or None when it has no level to compare."""
    grade = (grade or "").strip()
    if grade in CIVIL_SERVICE_RANKS:
        return ("公务员", CIVIL_SERVICE_RANKS.index(grade))
    match = _LEVEL.match(grade)
    if match is None:
        return None
    return (match.group(1).upper(), int(match.group(2)))


def band_middle(wage_min: Decimal | None, wage_max: Decimal | None) -> Decimal | None:
    if wage_min is None or wage_max is None:
        return None
    return (Decimal(wage_min) + Decimal(wage_max)) / 2


def is_promotion(old_grade: str, new_grade: str, old_band: Decimal | None = None,
                 new_band: Decimal | None = None) -> bool:
    """Rules 1–3 above; `*_band` are the positions' band midpoints (band_middle)."""
    old, new = grade_level(old_grade), grade_level(new_grade)
    if old is not None and new is not None and old[0] == new[0]:
        return new[1] > old[1]
    if old_band is not None and new_band is not None:
        return new_band > old_band
    return False
