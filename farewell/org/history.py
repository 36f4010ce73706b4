"""Job history: the dated JobChange rows written whenever a manager, a position or a grade changes.

The org services call these for one employee (a page edit) or one position (a re-grade); the
people importers call them for a whole file, written with one bulk insert. What counts as a
promotion: org/promotions.py.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from .models import Employee, EmployeeStatus, JobChange, JobChangeKind, Position
from .promotions import band_middle, is_promotion

BATCH = 2000


def position_facts(company_id: int) -> dict[int, tuple[str, Decimal | None]]:
    """{position id: (grade, wage band midpoint)} of a company, in one query."""
    return {pk: (grade or "", band_middle(low, high)) for pk, grade, low, high in
            Position.objects.filter(company_id=company_id).values_list("pk", "grade", "wage_min", "wage_max")}


def changes_for(employee_id: int, before: dict, after: dict, positions: dict, *, day: dt.date,
                source: str) -> list[JobChange]:
    """Unsaved JobChange rows for one employee: `before`/`after` hold `manager_id` and/or
    `position_id` (a key left out is unchanged)."""
    rows = []
    if "manager_id" in after and before.get("manager_id") != after["manager_id"]:
        rows.append(JobChange(employee_id=employee_id, kind=JobChangeKind.MANAGER, effective_date=day, source=source,
                              old_manager_id=before.get("manager_id"), new_manager_id=after["manager_id"]))
    if "position_id" in after and before.get("position_id") != after["position_id"]:
        old_grade, old_band = positions.get(before.get("position_id"), ("", None))
        new_grade, new_band = positions.get(after["position_id"], ("", None))
        rows.append(JobChange(employee_id=employee_id, kind=JobChangeKind.POSITION, effective_date=day, source=source,
                              old_position_id=before.get("position_id"), new_position_id=after["position_id"],
                              old_grade=old_grade, new_grade=new_grade,
                              promotion=is_promotion(old_grade, new_grade, old_band, new_band)))
    return rows


def regrade_changes(position: Position, old_grade: str, old_band: Decimal | None, *, day: dt.date,
                    source: str) -> list[JobChange]:
    """A GRADE row for every current holder of a position whose grade changed (one query)."""
    new_grade, new_band = position.grade or "", band_middle(position.wage_min, position.wage_max)
    if new_grade == (old_grade or ""):
        return []
    promotion = is_promotion(old_grade, new_grade, old_band, new_band)
    holders = (Employee.objects.filter(position=position).exclude(status=EmployeeStatus.SEPARATED)
               .values_list("pk", flat=True))
    return [JobChange(employee_id=pk, kind=JobChangeKind.GRADE, effective_date=day, source=source,
                      old_position_id=position.pk, new_position_id=position.pk, old_grade=old_grade or "",
                      new_grade=new_grade, promotion=promotion) for pk in holders]


def save(rows: list[JobChange]) -> int:
    if rows:
        JobChange.objects.bulk_create(rows, batch_size=BATCH)
    return len(rows)
