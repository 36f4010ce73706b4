"""A whole number read from a query string or a form value, as Python's `str.isdigit()` does not: that
accepts "²" and "٣" (int() then raises) and any length (an id past the database's integers, a year past
9999, then fail in the query). Pure function, no Django."""

from __future__ import annotations

# PostgreSQL's integer, the largest primary key or id a query may be given.
INTEGER_MAX = 2**31 - 1


def whole_number(value, *, most: int = INTEGER_MAX) -> int | None:
    """`value` as an int when it is a string of ASCII digits from 0 to `most`, else None."""
    if not isinstance(value, str) or not (value.isascii() and value.isdigit()) or len(value) > len(str(most)):
        return None
    number = int(value)
    return number if number <= most else None
