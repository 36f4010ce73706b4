"""The check the list pages' prepared-query tests share (issue 14): a page read through the queries
compiled once per shape (common/prepared_pages.PreparedPaginator) is the page CappedPaginator reads
from the ORM's queryset."""

from __future__ import annotations

from django.db import connection
from django.test.utils import CaptureQueriesContext

from farewell.common import pagination


def assert_same_page(prepared, orm, number, context) -> int:
    """`prepared.get_page(number)` gives `orm.get_page(number)`'s rows, page number, count and "capped",
    with the same SQL (and values) sent to the database; the number of rows on the page. Each reads with no
    estimate kept (common/pagination.estimated_rows), so each asks the planner as it would first."""
    pagination._ESTIMATES.clear()
    with CaptureQueriesContext(connection) as ours:
        mine = prepared.get_page(number)
    pagination._ESTIMATES.clear()
    with CaptureQueriesContext(connection) as theirs:
        expected = orm.get_page(number)
    assert list(mine.object_list) == list(expected.object_list), context
    assert (mine.number, prepared.count, prepared.capped) == (expected.number, orm.count, orm.capped), context
    assert [q["sql"] for q in ours.captured_queries] == [q["sql"] for q in theirs.captured_queries], context
    return len(mine.object_list)
