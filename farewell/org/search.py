"""Name and 工号 search on the employee tables, served by indexes on PostgreSQL (issue 14).

`name__icontains` alone is `UPPER(name) LIKE '%张%'`: no B-tree can serve a pattern that starts
with a wildcard, so every search read the whole table. pg_trgm's trigram index was the first idea
and was rejected: a trigram needs three characters, and the searches HR types are one or two
(a surname 张, a given name 伟, a name 张伟). For such patterns pg_trgm extracts no trigram and
PostgreSQL 15 falls back to the sequential scan (measured: 35 ms on 100,000 rows either way).

What is indexed instead needs no extension: a GIN index over the array of the upper-cased name's
characters, `string_to_array(UPPER(name), NULL)` (migration org 0007). A name containing the
query contains each of its characters, so `chars(name) @> chars(query)` picks the candidates from
the index and the `LIKE` that follows keeps the exact meaning. The 工号 prefix is served by a
`text_pattern_ops` B-tree on `UPPER(employee_number)` (`istartswith` is `UPPER(..) LIKE 'E00%'`),
so the OR of the two is a BitmapOr of two index scans. SQLite (tests, small installs) runs the
plain LIKE: the expression is PostgreSQL's only.

A search for one character that has no case (a surname: 张) is the index condition alone: a name
contains that character exactly when its characters include it, so the LIKE adds nothing but a wrong
estimate. With both, the planner multiplied their selectivities and expected 383 of the 9,123 names
with 张 in the 100k demo, so the list counted the matches (9 ms of SQL per search) instead of seeing
from the estimate that they are past its cap (common/pagination.py).
"""

from __future__ import annotations

from django.db import models
from django.db.models import Q
from django.db.models.expressions import Func


class ContainsCharsOf(Func):
    """`string_to_array(UPPER(field), NULL) @> string_to_array(UPPER(value), NULL)` (a NULL
    delimiter splits into characters) — the left side is exactly the indexed expression."""

    output_field = models.BooleanField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        value_sql, value_params = compiler.compile(self.source_expressions[1])
        sql = f"string_to_array(UPPER({field_sql}), NULL) @> string_to_array(UPPER({value_sql}), NULL)"
        return sql, (*field_params, *value_params)


def name_or_number_q(value: str, vendor: str) -> Q:
    """Employees whose name contains `value` or whose 工号 starts with it (case-insensitive)."""
    name = Q(name__icontains=value)
    if vendor == "postgresql":
        chars = Q(ContainsCharsOf(models.F("name"), models.Value(value)))
        one_caseless_character = len(value) == 1 and value.upper() == value.lower() == value
        name = chars if one_caseless_character else name & chars
    return name | Q(employee_number__istartswith=value)
