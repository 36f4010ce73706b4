"""The demo plan as the files a customer imports: one UTF-8 CSV per people kind, in the
importers' own column headers (records/people.py), for one organisation of the plan.

The demo then imports them with `import_file`, in `IMPORT_ORDER`, so every demo runs the path a
customer's data takes (DESIGN: one importer framework for all record kinds).
"""

from __future__ import annotations

import itertools
import random
from collections.abc import Iterable, Iterator
from pathlib import Path

from farewell.records.importers import get_spec
from farewell.records.tables import write_csv

from .generator import Person, Plan, status_periods, wage_rows

# Units before the people in them, positions before the people holding them, people before
# their contracts, wages and periods; unit heads last, once they are employees (负责人工号).
IMPORT_ORDER = ("org_units", "positions", "employees", "contracts", "wages", "status_periods", "unit_heads")

# The fields each file carries, in the importer's column order.
FIELDS: dict[str, tuple[str, ...]] = {
    "org_units": ("name", "code", "parent"),
    "positions": ("name", "grade", "wage_min", "wage_max"),
    "employees": ("employee_number", "name", "gender", "birth_date", "id_number", "bank_account", "phone",
                  "email", "first_work_date", "hire_date", "org_unit", "manager", "position", "employment_type",
                  "status", "union_member", "retirement_category", "separation_date"),
    "contracts": ("employee", "kind", "start_date", "end_date", "probation_end_date", "signed_date"),
    "wages": ("employee", "month", "base", "bonus", "allowances", "overtime", "total"),
    "status_periods": ("employee", "kind", "start_date", "end_date", "notes"),
    "unit_heads": ("name", "code", "head"),
}


def spec_kind(kind: str) -> str:
    """The importer kind of a file ("unit_heads" is a second org-units file)."""
    return "org_units" if kind == "unit_heads" else kind


def headers(kind: str) -> list[str]:
    spec = get_spec(spec_kind(kind))
    return [spec.column(name).header for name in FIELDS[kind]]


def write_files(plan: Plan, organisation: str, folder: Path, rng: random.Random) -> dict[str, Path]:
    """Write the files of `organisation` ("company" or "bureau"); returns them by kind.

    Wages and protected periods are drawn from `rng` as they are written (same order every run)."""
    people = [p for p in plan.people if p.company == organisation]
    units = sorted((u for u in plan.units if u.company == organisation), key=lambda u: u.path)
    rows: dict[str, Iterable[Iterable]] = {
        "org_units": ([u.name, u.code, u.parent.code if u.parent else ""] for u in units),
        "positions": ([s.name, s.grade, s.wage_min, s.wage_max] for s in plan.positions[organisation].values()),
        "employees": (_employee(p, plan) for p in _roster_order(people)),
        "contracts": ([p.employee_number, kind, start, end or "", probation or "", signed]
                      for p in people for kind, start, end, probation, signed in p.contracts),
        "wages": _wages(people, plan, rng),
        # The fact and dates only: notes are health details, which need a separate consent no one in
        # the demo gave (docs/privacy.md); the importer refuses them without one.
        "status_periods": ([p.employee_number, kind, start, end or "", ""]
                           for p in people for kind, _notes, start, end in status_periods(rng, p, plan.today)),
        "unit_heads": ([u.name, u.code, u.head.employee_number] for u in units),
    }
    paths = {}
    for kind in IMPORT_ORDER:
        # A kind with nothing to import (a bureau's civil servants have no labour contracts) gets
        # no file, as an HR user would not upload an empty one (the importer refuses it).
        kind_rows = iter(rows[kind])
        first = next(kind_rows, None)
        if first is None:
            continue
        paths[kind] = folder / f"{organisation}-{kind}.csv"
        write_csv(paths[kind], headers(kind), itertools.chain([first], kind_rows))
    return paths


def _roster_order(people: list[Person]) -> list[Person]:
    """Unit heads first, from the top down, then everyone else in plan order (the order ids are
    given in, which the signal records follow)."""
    heads = sorted((p for p in people if p.is_head), key=lambda p: (p.unit.depth, p.unit.path))
    return heads + [p for p in people if not p.is_head]


def _employee(p: Person, plan: Plan) -> list:
    return [
        p.employee_number, p.name, p.gender, p.birth_date, p.id_number, p.bank_account, p.phone, p.email,
        p.first_work_date or "", p.hire_date, p.unit.code, p.manager.employee_number if p.manager else "",
        plan.positions[p.company][p.position].name, p.employment_type, p.status, "是" if p.union_member else "否",
        p.retirement_category, p.separation_date or "",
    ]


def _money(cents: int) -> str:
    return f"{cents // 100}.{cents % 100:02d}"


def _wages(people: list[Person], plan: Plan, rng: random.Random) -> Iterator[list]:
    for p in people:
        for month, base, bonus, allowances, overtime, total in wage_rows(rng, p, plan.months, plan.today):
            yield [p.employee_number, f"{month:%Y-%m}", _money(base), _money(bonus), _money(allowances),
                   _money(overtime), _money(total)]


def notice_scan_pdf(employee_number: str, notice_date) -> bytes:
    """A one-page PDF standing in for the scan of a paper notice the demo's HR received (ASCII only:
    a scan is an image to the system, its words are not read)."""
    text = f"Written notice of resignation - employee {employee_number} - dated {notice_date:%Y-%m-%d} (demo scan)"
    text = text.replace("\\", "").replace("(", "[").replace(")", "]")
    stream = f"BT /F1 12 Tf 56 780 Td ({text}) Tj ET".encode("ascii")
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)
