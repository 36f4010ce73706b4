"""What every people kind shares: reading a whole file, the ledger entry of a changed fact, numbers."""


from __future__ import annotations

import re

from django.utils import timezone
from django.utils.translation import gettext_lazy

from farewell.org.models import JobChange

from ..importers import Upsert, parse_row, record_old_values

PEOPLE = gettext_lazy("人员与组织")


PATH_SEPARATORS = re.compile(r"\s*[/／>＞\\]\s*")
SEGMENT_WIDTH = 4  # OrgUnit.path segments: "0001.0004."
# Facts the law engine reads from an employee (DESIGN: from the records to the law engine):
# a change puts the old value on the ledger first.
EMPLOYEE_LAW_FACTS = ("hire_date", "first_work_date", "employment_type", "birth_date", "gender",
                      "retirement_category", "separation_date")


JOB_CHANGE_COLUMNS = ["employee_id", "kind", "effective_date", "old_manager_id", "new_manager_id", "old_position_id",
                      "new_position_id", "old_grade", "new_grade", "promotion", "source", "recorded_at"]


def write_job_changes(rows: list[JobChange]) -> None:
    """Job history rows (org/history.py) in one statement whatever their number (COPY on PostgreSQL,
    one executemany on SQLite), where bulk_create splits them into INSERTs of 999 parameters."""
    if not rows:
        return
    now = timezone.now()
    for row in rows:
        row.recorded_at = now
    writer = Upsert(JobChange, JOB_CHANGE_COLUMNS, [], [])
    for start in range(0, len(rows), 5000):
        writer.write([tuple(getattr(r, c) for c in JOB_CHANGE_COLUMNS) for r in rows[start:start + 5000]])


def _read_valid(spec, table, mapped, context, report, progress) -> list | None:
    """Every row, or None (their errors reported) when any row has a bad cell."""
    rows = _read_all(spec, table, mapped, context, report, progress)
    bad = [row for row in rows if row.errors]
    for row in bad:
        report.add_errors(row.errors)
    return None if bad else rows


def _read_all(spec, table, mapped, context, report, progress):
    """Every row through the cell parsers (the people files are small enough to hold)."""
    rows = []
    if progress:
        progress(0, table.estimated_rows)
    for chunk in table.chunks(spec.chunk_size):
        for number, cells in chunk:
            row = parse_row(spec, mapped, context, number, cells)
            if row is not None:
                report.total += 1
                rows.append(row)
        if progress:
            progress(report.total, table.estimated_rows)
    return rows


def _fact_changed(model, pk, number, before: dict, after: dict, context) -> None:
    """A changed fact the law engine reads: its old value on the ledger first."""
    record_old_values(model, pk, number, before, after, context, event="fact_changed")


def _split_path(value: str) -> tuple[str, ...]:
    return tuple(part for part in PATH_SEPARATORS.split(value.strip()) if part)


def _number(value):
    if value is None:
        return ""
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)
