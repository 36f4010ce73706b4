"""A capped paginator whose page is one query compiled once per shape (issue 14).

CappedPaginator builds and compiles the page's query (the rows and the capped count in one SELECT) on
every view; a list page whose query has a shape and values (common/prepared.py) runs it through
PreparedShapes instead, with the page's LIMIT and OFFSET as parameters. The SQL is the one
CappedPaginator writes for `rows=` without `estimate`.
"""

from __future__ import annotations

from collections.abc import Callable

from django.db.models import IntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.utils.functional import SimpleLazyObject

from .pagination import CappedPaginator
from .prepared import PreparedShapes


class PreparedPaginator(CappedPaginator):
    """`build(*values)` gives the list's ordered queryset (marks in the values' places when compiling);
    `rows` as for CappedPaginator; `shapes` a PreparedShapes(paged=True) of the list, `key` this list's
    shape. The queryset itself is built only to count a page asked for beyond the list's end."""

    def __init__(self, per_page: int, *, rows: Callable[[QuerySet], QuerySet], shapes: PreparedShapes, key,
                 build: Callable[..., QuerySet], values: list):
        self._shapes, self._key, self._build, self._values = shapes, key, build, values
        super().__init__(SimpleLazyObject(lambda: build(*values)), per_page, rows=rows)

    def _check_object_list_is_ordered(self):
        pass  # asking would build the queryset; a list page's query is ordered

    def _page_query(self, *marks) -> QuerySet:
        listed = self._build(*marks)
        sql, params = listed.order_by().values_list("pk", flat=True)[: self.cap + 1].query.sql_with_params()
        total = RawSQL(f"SELECT COUNT(*) FROM ({sql}) paginator_capped", params, output_field=IntegerField())
        return self.rows(listed).annotate(paginator_total=total)

    def _page_rows(self, number: int) -> list:
        # The cap is written into the count's SQL (a LIMIT): part of the shape.
        return self._shapes((self._key, self.cap), self._page_query, self._values, limit=self.per_page,
                            offset=(number - 1) * self.per_page)
