"""A paginator whose count stops early (issue 14).

An HR admin's list covers the whole company: `COUNT(*)` over 100,000 employees (or 12,000 flags
joined to them) was a full scan on every page view. Counting reads at most `cap + 1` rows of the
filtered list, unordered and by primary key only; past the cap the page says "10,000+" and asks
for a filter, since nobody pages through ten thousand rows.
"""

from __future__ import annotations

from django.core.paginator import Paginator
from django.utils.functional import cached_property

COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """`rows`, if given, turns a page's slice of the queryset into what the page reads (e.g. `lambda qs:
    qs.values_list(...)`, tuples instead of model instances): the count stays on the bare queryset,
    without the joins the shown columns need."""

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, rows=None, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows

    def _get_page(self, object_list, number, paginator):
        if self.rows is not None:
            object_list = self.rows(object_list)
        return super()._get_page(object_list, number, paginator)

    @cached_property
    def count(self) -> int:
        object_list = self.object_list
        if hasattr(object_list, "values_list"):  # a queryset: SELECT COUNT(*) FROM (... LIMIT cap + 1)
            return object_list.order_by().values_list("pk", flat=True)[: self.cap + 1].count()
        return min(len(object_list), self.cap + 1)

    @property
    def cap_display(self) -> str:
        return f"{self.cap:,}"

    @property
    def capped(self) -> bool:
        """True when the list holds more than `cap` rows (the count shown is then "cap+")."""
        return self.count > self.cap
