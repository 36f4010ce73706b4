"""The check the list pages' prepared-query tests share (issue 14): a page read through the queries
compiled once per shape (common/prepared_pages.PreparedPaginator) is the page CappedPaginator reads
from the ORM's queryset."""

from __future__ import annotations

import re

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.common import pagination

# The page query's last column: the capped count, or the kept total (PreparedPaginator's `totals`).
_TOTAL = re.compile(r', (?:\(SELECT COUNT\(\*\) FROM .* paginator_capped\)|COALESCE\(.*\)) AS "paginator_total"')


def assert_same_page(prepared, orm, number, context, *, kept_total: bool = False) -> int:
    """`prepared.get_page(number)` gives `orm.get_page(number)`'s rows, page number, count and "capped",
    with the same SQL (and values) sent to the database; the number of rows on the page. Each reads with no
    estimate kept (common/pagination.estimated_rows), so each asks the planner as it would first. With
    `kept_total` the prepared page reads its count from kept totals instead of counting its rows: the same
    SQL but for that column (the rows, count and "capped" still the ORM's count's)."""
    pagination._ESTIMATES.clear()
    with CaptureQueriesContext(connection) as ours:
        mine = prepared.get_page(number)
    pagination._ESTIMATES.clear()
    with CaptureQueriesContext(connection) as theirs:
        expected = orm.get_page(number)
    assert list(mine.object_list) == list(expected.object_list), context
    assert (mine.number, prepared.count, prepared.capped) == (expected.number, orm.count, orm.capped), context
    ours, theirs = [q["sql"] for q in ours.captured_queries], [q["sql"] for q in theirs.captured_queries]
    if kept_total:
        assert any('AS "paginator_total"' in sql and "COALESCE(" in sql for sql in ours), context
        ours, theirs = [_TOTAL.sub("", sql, count=1) for sql in ours], [_TOTAL.sub("", sql, count=1) for sql in theirs]
    assert ours == theirs, context
    return len(mine.object_list)
