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

For a common character the planner walks the list's order (the 工号 index) and tests each row until it
has a page: ~500 rows for 张, and the index's expression cost an UPPER and an array per row. Before it
stands `strpos(name, '张') <> 0` (HasCharacter), the same test without either, so a name without the
character is passed over at a fraction of the cost (EXPLAIN ANALYZE of the page on the 100k bench: the
scan 0.64 -> 0.30 ms, issue 14). PostgreSQL evaluates an AND's arguments in order and stops at the first
false one; a bitmap scan of the character index still serves a rare character. Its selectivity is
`<>`'s default, 0.995, so the estimate stays the index condition's (`> 0` would be the default 1/3).

A walked row without the character still met the 工号 arm of the OR: `UPPER(employee_number) LIKE '张%'`, an
UPPER of every such row (~470 of the ~520 a page of 张 walks). For a caseless value (no character of it has
an upper or lower case: Chinese, digits, punctuation) an upper-cased 工号 begins with it exactly when the 工号
itself does, so `starts_with(employee_number, '张')` stands before the LIKE and fails at the first byte
(100k bench, the page's statement planned and run 200 times, best of 5: 5.9 → 4.2 ms on a loaded machine,
the list without a search 2.4; same plans and estimates). The LIKE stays for the prefix index's bitmap scan.
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


class HasCharacter(Func):
    """`strpos(field, value) <> 0`: the field holds the text `value`, exactly (no LIKE pattern, no case)."""

    output_field = models.BooleanField()
    arity = 2

    def as_sql(self, compiler, connection, **extra_context):
        field_sql, field_params = compiler.compile(self.source_expressions[0])
        value_sql, value_params = compiler.compile(self.source_expressions[1])
        return f"strpos({field_sql}, {value_sql}) <> 0", (*field_params, *value_params)


class StartsWith(Func):
    """`starts_with(field, value)`: the field begins with the text `value`, exactly (no LIKE pattern, no case)."""

    function = "starts_with"
    output_field = models.BooleanField()
    arity = 2


def name_or_number_q(value: str, vendor: str) -> Q:
    """Employees whose name contains `value` or whose 工号 starts with it (case-insensitive)."""
    name, number = Q(name__icontains=value), Q(employee_number__istartswith=value)
    if vendor == "postgresql":
        chars = Q(ContainsCharsOf(models.F("name"), models.Value(value)))
        caseless = value.upper() == value.lower() == value
        # The cheap test first (see above); the index condition after it, for the bitmap scan of a rare one.
        if caseless:
            # Several characters (张伟): the LIKE stays, its estimate the planner's as before; `strpos` first.
            has = Q(HasCharacter(models.F("name"), models.Value(value)))
            name = has & chars if len(value) == 1 else has & name & chars
            # A caseless value (张, 张伟, digits) begins an upper-cased 工号 exactly when it begins the 工号: the
            # exact test first passes over a walked row without UPPER (see the module's docstring); the LIKE
            # after it is the index condition of the 工号 arm's bitmap scan.
            number = Q(StartsWith(models.F("employee_number"), models.Value(value))) & number
        else:
            name = name & chars
    return name | number
