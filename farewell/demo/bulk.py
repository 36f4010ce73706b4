"""The demo's one way to write many rows: COPY on PostgreSQL, one executemany elsewhere.

Rows are plain tuples already in database form (ints, strings, dates, None; money and scores
as "12.34" strings, which both backends store like the Decimal bulk_create would send), so no
model instance is built and no field prepares a value: at 100,000 employees these writes are
tens of millions of rows (DESIGN: the demo budget).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from itertools import chain

from django.db import connection


def write_rows(model, fields: Sequence[str], rows: Iterable[tuple]) -> int:
    """Insert `rows` (tuples of the `fields`' values, in that order) into the model's table;
    returns the number written. A model's other columns must be nullable (or get their own
    values from the database); no ids come back.

    `rows` may be a generator: it is consumed as it is written, so on PostgreSQL the server
    stores and indexes rows while Python produces the next ones (the demo's 2-core budget)."""
    rows = iter(rows)
    first = next(rows, None)
    if first is None:
        return 0
    written = 0

    def counted():
        nonlocal written
        for written, row in enumerate(chain((first,), rows), start=1):  # noqa: B007
            yield row

    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(model._meta.get_field(name).column) for name in fields)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                write = copy.write_row
                for row in counted():
                    write(row)
        else:
            placeholders = ", ".join(["%s"] * len(fields))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({placeholders})", counted())
    return written
