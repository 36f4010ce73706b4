"""A paginator whose count stops early (issue 14).

An HR admin's list covers the whole company: `COUNT(*)` over 100,000 employees (or 12,000 flags
joined to them) was a full scan on every page view. Counting reads at most `cap + 1` rows of the
filtered list, unordered and by primary key only; past the cap the page says "10,000+" and asks
for a filter, since nobody pages through ten thousand rows.
"""

from __future__ import annotations

import json
import time

from django.core.exceptions import EmptyResultSet
from django.core.paginator import EmptyPage, Paginator
from django.db import connections
from django.db.models import IntegerField, QuerySet, Value
from django.db.models.expressions import RawSQL
from django.utils.functional import cached_property

COUNT_CAP = 10_000
# With `estimate=True` on PostgreSQL, a list the planner expects to hold at least this many times the
# cap is taken to be past the cap without counting (see CappedPaginator). Planner estimates of a filter
# on one or two columns are within a few per cent of the truth while the statistics are fresh (imports
# ANALYZE what they fill, autovacuum re-analyzes a table after 10 % of its rows change).
ESTIMATE_MARGIN = 2
# The planner's estimates kept per process (`estimated_rows`): for this long, at most this many.
ESTIMATE_KEPT_SECONDS = 60.0
ESTIMATES_MAX = 1000
_ESTIMATES: dict[tuple, tuple[float, float]] = {}


def estimated_rows(using: str, sql: str, params, explain) -> float:
    """`explain(using, sql, params)` (the planner's estimate of the rows of `sql`), kept in this process for
    ESTIMATE_KEPT_SECONDS under the exact SQL and its values (issue 14). EXPLAIN is planned anew on every
    call, it cannot be a prepared statement: 0.3-2 ms of PostgreSQL's CPU on every view of a list, the
    most of it for a unit filter's hundreds of ids or a search. An estimate only decides whether a list
    far past the cap is shown as "more than 10,000" without counting; an exact count is never kept.
    Keyed by the SQL with every value, so two users share an estimate only when their lists are the same
    query (the same scope, the same filters); another process or a change of the data within the minute
    may see another estimate, as the planner's statistics themselves lag the data (autovacuum)."""
    try:
        key = (connections[using].settings_dict["NAME"], using, sql, tuple(params))
        hash(key)
    except TypeError:  # a value that is not hashable (a list as an array parameter): not kept
        return explain(using, sql, params)
    now = time.monotonic()
    kept = _ESTIMATES.get(key)
    if kept is not None and now - kept[1] < ESTIMATE_KEPT_SECONDS:
        return kept[0]
    rows = explain(using, sql, params)
    if len(_ESTIMATES) >= ESTIMATES_MAX:
        _ESTIMATES.clear()
    _ESTIMATES[key] = (rows, now)
    return rows


class CappedPaginator(Paginator):
    """`rows`, if given, turns the queryset into what a page reads (e.g. `lambda qs: qs.values_list(...)`,
    tuples instead of model instances); the page's rows then carry the capped count as their last
    column (`paginator_total`, a scalar subquery PostgreSQL runs once), so a page is one query, not a
    COUNT and then the rows: one round trip and one query compiled fewer per list page (issue 14).

    `estimate=True` (with `rows`, PostgreSQL): the planner's estimate of the list's length is read first
    (EXPLAIN, no rows read), and a list it expects to hold ESTIMATE_MARGIN × the cap or more is shown as
    past the cap without counting. Counting the first 10,001 of 100,000 employees read them all from the
    table (an index alone serves it only where the visibility map is set): 6–13 ms of PostgreSQL's CPU on
    every view of the employee list, 9–24 ms for a search by a common surname, against ~0.3 ms for the
    estimate. A page with fewer rows than a full page still ends the list exactly where it ends."""

    cap = COUNT_CAP

    def __init__(self, object_list, per_page, *args, rows=None, estimate=False, **kwargs):
        super().__init__(object_list, per_page, *args, **kwargs)
        self.rows = rows
        self.estimate = estimate

    def get_page(self, number):
        if self.rows is None or self.orphans or "count" in self.__dict__:
            return super().get_page(number)
        try:
            if isinstance(number, float) and not number.is_integer():
                raise ValueError
            number = int(number)
        except (TypeError, ValueError):
            number = 1  # Django: not a page number → the first page
        if number < 1 or (number - 1) * self.per_page > self.cap:
            # Before the first page, or past any page a capped list can hold (a page holds only counted
            # rows, at most cap + 1): counted, then the last page. An offset beyond the database's
            # integers (?page=99999999999999999999999) never reaches the query.
            return self._page_after_count(number)
        try:
            rows = self._page_rows(number)
        except EmptyResultSet:  # a queryset that cannot match (none(), an empty scope): no query at all
            rows, number = [], 1
        if rows:
            # A kept total (PreparedPaginator's `totals`) may be past cap + 1: shown as the cap's count is.
            count, bottom = min(rows[0][-1], self.cap + 1), (number - 1) * self.per_page
            if count > self.cap and len(rows) < self.per_page:  # the estimate's "past the cap", and the list
                count = min(count, bottom + len(rows))            # ends on this page: its exact length
            if count > bottom:  # past the cap, a page holds only the counted rows (as Django's does)
                self.__dict__["count"] = count
                return self._get_page(rows[: count - bottom], number, self)
        elif number == 1:
            self.__dict__["count"] = 0
            return self._get_page(rows, 1, self)
        return self._page_after_count(number)  # out of range: counted, then the last page as Django does

    def _page_rows(self, number: int) -> list:
        keys = self.object_list.order_by().values_list("pk", flat=True)
        past = self.estimate and self._past_the_cap(keys.db, *keys.query.sql_with_params())
        bottom = (number - 1) * self.per_page
        return list(self.rows(self.object_list).annotate(paginator_total=self._total(keys, past))[
            bottom:bottom + self.per_page])

    def _past_the_cap(self, using: str, sql: str, params) -> bool:
        """Whether the planner expects the list's keys (`sql`) to be far past the cap (with `estimate`)."""
        return estimated_rows(using, sql, params, self._expected_rows) >= ESTIMATE_MARGIN * (self.cap + 1)

    def _total(self, keys: QuerySet, past: bool):
        """The page's last column: the cap + 1 for a list past it by the estimate, else the count of at most
        cap + 1 of `keys` (the list's primary keys, unordered)."""
        if past:
            return Value(self.cap + 1, output_field=IntegerField())
        sql, params = keys[: self.cap + 1].query.sql_with_params()
        return RawSQL(f"SELECT COUNT(*) FROM ({sql}) paginator_capped", params, output_field=IntegerField())

    @staticmethod
    def _expected_rows(using: str, sql: str, params) -> float:
        """The planner's estimate of the rows of the query `sql` (PostgreSQL's EXPLAIN; 0 elsewhere)."""
        connection = connections[using]
        if connection.vendor != "postgresql":
            return 0
        with connection.cursor() as cursor:
            cursor.execute(f"EXPLAIN (FORMAT JSON) {sql}", params)
            plan = cursor.fetchone()[0]
        if isinstance(plan, str | bytes):
            plan = json.loads(plan)
        return plan[0]["Plan"]["Plan Rows"]

    def _page_after_count(self, number):
        try:
            number = self.validate_number(number)
        except EmptyPage:
            number = self.num_pages
        rows = self._page_rows(number) if self.count else []
        return self._get_page(rows[: self.count - (number - 1) * self.per_page], number, self)

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
