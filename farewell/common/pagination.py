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
    cap = COUNT_CAP

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
