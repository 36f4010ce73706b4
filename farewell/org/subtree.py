"""A subtree of the org chart as the ids of its units (issue 14).

`employee.org_unit.path LIKE '0001.0004.%'` joined every employee to their unit to test the
path, and a subquery of the unit ids made PostgreSQL hash the whole employee table (100,000 rows
read for an HRBP granted a 25,000-person subtree, 150–220 ms of SQL for the capped count and the
flags page under load). The subtree's unit ids read first (one query on the small unit table)
turn the filter into `org_unit_id IN (1, 2, ...)`: the planner sees how many employees that is
(statistics per unit id) and counts them from `employee_unit_company_idx (org_unit, company, id)`
alone, an index-only scan (1.7 ms for 10,001 rows).
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import reduce
from operator import or_

from django.db import connection
from django.db.models import Aggregate, Count, Exists, OuterRef, Q, QuerySet, TextField
from django.db.models.lookups import In

from farewell.common.prepared import INT_MARKS, STR_MARKS, Prepared

from .models import Employee, OrgUnit

# More units than this go into the query as a subquery instead of a literal list (a tree this
# wide is beyond what was measured; a literal list of this size is still a fast hash).
LITERAL_UNITS_MAX = 5000


def units_under(company_id: int, paths: Iterable[str]) -> QuerySet:
    """The company's units whose path starts with one of `paths`, as a queryset of ids."""
    prefixes = reduce(or_, (Q(path__startswith=path) for path in paths))
    return OrgUnit.objects.filter(Q(company_id=company_id) & prefixes).order_by().values_list("pk", flat=True)


class UnitArray:
    """A subtree's unit ids as PostgreSQL's array literal, "{1,2,3}" (unit_ids_under there): passed to
    the query as one text parameter and cast there, `org_unit_id = ANY(%s::bigint[])`. It is still a
    collection of the ids (len, iteration as ints) for any other use."""

    __slots__ = ("count", "literal")

    def __init__(self, literal: str, count: int):
        self.literal, self.count = literal, count

    def __len__(self) -> int:
        return self.count

    def __iter__(self):
        return (int(pk) for pk in self.literal.strip("{}").split(",") if pk)

    def __repr__(self) -> str:
        return f"UnitArray({self.literal!r})"


class _IdsAsArray(Aggregate):
    """The ids in order as one array literal: a single row for the whole subtree (PostgreSQL)."""

    function = "array_agg"
    template = "%(function)s(%(expressions)s ORDER BY %(expressions)s)::text"
    output_field = TextField()


# One subtree's (count, ids as an array literal) on PostgreSQL, compiled once per process (common/prepared.py):
# building and compiling the aggregate was ~0.5 ms of CPU on every view of a list filtered by a unit (issue 14).
# No row for a subtree with no unit (GROUP BY the company).
_SUBTREE_IDS = Prepared(lambda company_id, path: OrgUnit.objects.filter(company_id=company_id, path__startswith=path)
                        .order_by().values("company_id").annotate(count=Count("pk"), ids=_IdsAsArray("pk"))
                        .values_list("count", "ids"), marks=(INT_MARKS[0], STR_MARKS[0]))


class _WholeCompany:
    """unit_ids_under's answer when the subtrees hold every unit of the company (its only root's)."""

    def __repr__(self) -> str:
        return "WHOLE_COMPANY"


WHOLE_COMPANY = _WholeCompany()


def unit_ids_under(company_id: int, paths: Iterable[str], *, roots_checked: bool = False
                   ) -> UnitArray | list[int] | QuerySet | _WholeCompany:
    """The ids of the units in the subtrees (one query), or the subquery for a very wide tree, or
    WHOLE_COMPANY when one of the paths is the company's only root (see SOLE_ROOT; `roots_checked`:
    the caller knows it is not).

    On PostgreSQL one row, the ids as an array literal (UnitArray): psycopg's client-side binding
    quoted a Python list of a company's 2,535 ids element by element (1.2–1.9 ms of CPU per query
    that used it, against 0.01 ms for the one string; issue 14), and reading them one row per unit
    cost as much again. Elsewhere the ids as a sorted list of ints."""
    paths = list(paths)
    roots = [path for path in paths if path.count(".") == 1]  # "0001.": a root's path has one segment
    if roots and not roots_checked:
        # One query instead of the ids': an HRBP granted the only root of a company is granted the company.
        company_roots = list(OrgUnit.objects.filter(company_id=company_id, parent__isnull=True)
                             .values_list("path", flat=True)[:2])
        if len(company_roots) == 1 and company_roots[0] in roots:
            return WHOLE_COMPANY
    if connection.vendor == "postgresql":
        if len(paths) == 1:  # a unit's subtree (a list's unit filter)
            found = _SUBTREE_IDS(company_id, paths[0])
            count, ids = found[0] if found else (0, "{}")
        else:
            found = units_under(company_id, paths).aggregate(count=Count("pk"), ids=_IdsAsArray("pk"))
            count, ids = found["count"], found["ids"]
        if count > LITERAL_UNITS_MAX:
            return units_under(company_id, paths)
        return UnitArray(ids, count) if count else []
    units = units_under(company_id, paths)
    ids = sorted(units[: LITERAL_UNITS_MAX + 1])
    return units if len(ids) > LITERAL_UNITS_MAX else ids


class InUnitList(In):
    """`org_unit_id = ANY(%s::bigint[])` on PostgreSQL: the subtree's ids as one text parameter
    (UnitArray), cast to an array there. The planner reads it exactly as `IN (1, 2, ...)` (which it
    turns into the same `= ANY('{...}')`), but Django compiles and psycopg quotes one string instead
    of one value per unit: a company's 2,535 units cost 18 ms of CPU per query as a literal list,
    1.2–1.9 ms as a Python list bound as an array, 0.01 ms as the array's text (issue 14).
    Elsewhere, and for the subquery of a very wide tree, it is the ordinary IN."""

    lookup_name = "in_units"
    prepare_rhs = False  # unit ids read from the database a moment ago

    def get_prep_lookup(self):
        if isinstance(self.rhs, UnitArray):
            return self.rhs  # one parameter on PostgreSQL (as_postgresql), not one per id
        return super().get_prep_lookup()

    def as_postgresql(self, compiler, connection):
        if not isinstance(self.rhs, UnitArray):
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        array_type = self.lhs.output_field.db_type(connection)
        return f"{lhs} = ANY(%s::{array_type}[])", [*lhs_params, self.rhs.literal]


Employee._meta.get_field("org_unit").register_lookup(InUnitList)


def in_subtree_q(company_id: int, unit_ids, prefix: str = "") -> Q:
    """Rows placed in these units of a company: employees, or with `prefix` ("employee__") rows
    that carry an employee. Both columns are checked (the unit's company is the employee's); WHOLE_COMPANY
    is the company alone."""
    if unit_ids is WHOLE_COMPANY:
        return Q(**{f"{prefix}company_id": company_id})
    return Q(**{f"{prefix}company_id": company_id, f"{prefix}org_unit__in_units": unit_ids})


# A unit that is its company's only root holds every unit of the company in its subtree (paths are
# materialised under the roots), so "in this subtree" is "in this company": one indexed column instead of
# the company's 2,535 unit ids. PostgreSQL spent 3–11 ms planning `org_unit_id = ANY('{...}')` against
# the column's statistics (the whole company picked on the employee list, issue 14). Read with the unit
# when a filter validates it (unit_picker.ShowsCleanedUnit), as `sole_root`.
SOLE_ROOT = ~Exists(OrgUnit.objects.filter(company_id=OuterRef("company_id"), parent__isnull=True)
                    .exclude(pk=OuterRef("pk")))


def unit_subtree_q(unit: OrgUnit, prefix: str = "") -> Q:
    """Rows placed in `unit`'s subtree (employees, or with `prefix` rows that carry an employee): the
    company alone when the unit is the company's only root (`sole_root` read with it), else its unit ids."""
    if unit.parent_id is None and getattr(unit, "sole_root", False):
        return Q(**{f"{prefix}company_id": unit.company_id})
    return in_subtree_q(unit.company_id, unit_ids_under(unit.company_id, [unit.path], roots_checked=hasattr(
        unit, "sole_root")), prefix=prefix)
