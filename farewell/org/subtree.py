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

from django.db.models import Q, QuerySet
from django.db.models.lookups import In

from .models import Employee, OrgUnit

# More units than this go into the query as a subquery instead of a literal list (a tree this
# wide is beyond what was measured; a literal list of this size is still a fast hash).
LITERAL_UNITS_MAX = 5000


def units_under(company_id: int, paths: Iterable[str]) -> QuerySet:
    """The company's units whose path starts with one of `paths`, as a queryset of ids."""
    prefixes = reduce(or_, (Q(path__startswith=path) for path in paths))
    return OrgUnit.objects.filter(Q(company_id=company_id) & prefixes).order_by().values_list("pk", flat=True)


def unit_ids_under(company_id: int, paths: Iterable[str]) -> list[int] | QuerySet:
    """The ids of the units in the subtrees (one query), or the subquery for a very wide tree."""
    units = units_under(company_id, paths)
    ids = sorted(units[: LITERAL_UNITS_MAX + 1])
    return units if len(ids) > LITERAL_UNITS_MAX else ids


class InUnitList(In):
    """`org_unit_id = ANY(%s)` on PostgreSQL: the subtree's ids as one array parameter. The planner reads
    it exactly as `IN (1, 2, ...)` (which it turns into the same `= ANY('{...}')`), but Django compiles
    and psycopg quotes one parameter instead of one per unit: a company's 2,535 units cost 18 ms of
    CPU per query as a literal list, 2.5 ms as an array (issue 14). Elsewhere, and for the subquery of
    a very wide tree, it is the ordinary IN."""

    lookup_name = "in_units"
    prepare_rhs = False  # unit ids read from the database a moment ago

    def as_postgresql(self, compiler, connection):
        if not self.rhs_is_direct_value():
            return super().as_sql(compiler, connection)
        lhs, lhs_params = self.process_lhs(compiler, connection)
        return f"{lhs} = ANY(%s)", [*lhs_params, [int(pk) for pk in self.rhs]]


Employee._meta.get_field("org_unit").register_lookup(InUnitList)


def in_subtree_q(company_id: int, unit_ids, prefix: str = "") -> Q:
    """Rows placed in these units of a company: employees, or with `prefix` ("employee__") rows
    that carry an employee. Both columns are checked (the unit's company is the employee's)."""
    return Q(**{f"{prefix}company_id": company_id, f"{prefix}org_unit__in_units": unit_ids})
