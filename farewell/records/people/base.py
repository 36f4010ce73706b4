"""What every people kind shares: reading a whole file, the ledger entry of a changed fact, numbers."""


from __future__ import annotations

import re

from django.utils.translation import gettext_lazy

from ..importers import (
    parse_row,
)

PEOPLE = gettext_lazy("人员与组织")


PATH_SEPARATORS = re.compile(r"\s*[/／>＞\\]\s*")
SEGMENT_WIDTH = 4  # OrgUnit.path segments: "0001.0004."
# Facts the law engine reads from an employee (DESIGN: from the records to the law engine):
# a change puts the old value on the ledger first.
EMPLOYEE_LAW_FACTS = ("hire_date", "first_work_date", "employment_type", "birth_date", "gender",
                      "retirement_category", "separation_date")


def _report_rows(report, rows) -> None:
    for row in rows:
        report.add_errors(row.errors)


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
    from farewell.ledger.services import record

    record(model._meta.label_lower, pk, {
        "import_job": str(context.job_code or ""), "row": number, "before": before, "after": after,
        "actor": context.user.get_username() if context.user is not None else "",
    }, actor=context.user, event="fact_changed")


def _split_path(value: str) -> tuple[str, ...]:
    return tuple(part for part in PATH_SEPARATORS.split(value.strip()) if part)


def _number(value):
    if value is None:
        return ""
    value = value.normalize()
    return int(value) if value == value.to_integral() else float(value)
