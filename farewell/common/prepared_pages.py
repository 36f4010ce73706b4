"""A capped paginator whose page is one query compiled once per shape (issue 14).

CappedPaginator builds and compiles the page's query (the rows and the capped count in one SELECT) on
every view, and with `estimate` the EXPLAIN of the list's keys before it; a list page whose query has a
shape and values (common/prepared.py) runs them through PreparedShapes instead, with the page's LIMIT and
OFFSET as parameters. The SQL is the one CappedPaginator writes.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial

from django.db import DEFAULT_DB_ALIAS
from django.db.models import Expression, QuerySet
from django.utils.functional import SimpleLazyObject

from .pagination import CappedPaginator
from .prepared import PreparedShapes, run_together


class PreparedPaginator(CappedPaginator):
    """`build(*values)` gives the list's ordered queryset (marks in the values' places when compiling);
    `rows` and `estimate` as for CappedPaginator; `shapes` a PreparedShapes(paged=True) of the list, `key`
    this list's shape. The queryset itself is built only to count a page asked for beyond the list's end.

    `totals(*values)`, if given, is an expression of the list's exact length read from counts kept by whoever
    writes the list's rows (insights.FlagCount): the page reads it in the same statement as its rows instead of
    counting up to cap + 1 of them; a length past the cap is shown as the cap's count is.

    `also`: other reads of the page, (Prepared, values), run in the round trip of the page's rows
    (prepared.run_together) the first time they are read; their rows are then `also_rows` (None when the
    page read no rows: a list that cannot match, whose page sends no query)."""

    def __init__(self, per_page: int, *, rows: Callable[[QuerySet], QuerySet], shapes: PreparedShapes, key,
                 build: Callable[..., QuerySet], values: list, estimate: bool = False,
                 totals: Callable[..., Expression] | None = None, also: tuple = ()):
        self._shapes, self._key, self._build, self._values, self._totals = shapes, key, build, values, totals
        self.also, self.also_rows = also, None
        super().__init__(SimpleLazyObject(lambda: build(*values)), per_page, rows=rows, estimate=estimate)

    def _check_object_list_is_ordered(self):
        pass  # asking would build the queryset; a list page's query is ordered

    def _keys(self, *marks) -> QuerySet:
        return self._build(*marks).order_by().values_list("pk", flat=True)

    def _page_query(self, past: bool, *marks) -> QuerySet:
        listed = self._build(*marks)
        if self._totals is not None:
            return self.rows(listed).annotate(paginator_total=self._totals(*marks))
        return self.rows(listed).annotate(paginator_total=self._total(listed.order_by().values_list(
            "pk", flat=True), past))

    def _page_rows(self, number: int) -> list:
        past = self.estimate and self._past_the_cap(DEFAULT_DB_ALIAS, *self._shapes.prepared(
            (self._key, "keys"), self._keys, self._values).sql(*self._values))
        # The cap is written into the count's SQL (a LIMIT) or is the total's value: part of the shape.
        prepared = self._shapes.prepared((self._key, self.cap, past, self._totals is not None),
                                         partial(self._page_query, past), self._values)
        run = {"limit": self.per_page, "offset": (number - 1) * self.per_page}
        if self.also and self.also_rows is None:
            rows, *self.also_rows = run_together((prepared, tuple(self._values), run), *self.also)
            return rows
        return prepared(*self._values, **run)
