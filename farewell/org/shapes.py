"""Scope and unit filters as a shape and values, for list queries compiled once per shape (issue 14).

`common.prepared.q_shape` splits a Q into its structure and its values; a subtree's unit ids on
PostgreSQL (subtree.UnitArray) are one text parameter, so here they are one value too, and a mark
stands in for them as an array literal of its own.
"""

from __future__ import annotations

from django.db.models import Q

from farewell.common.prepared import q_from_shape, q_shape

from .subtree import UnitArray


class _MarkedUnits(UnitArray):
    """A mark's stand-in for a subtree's ids: its literal is the mark; it holds no id (Django iterates
    the value of a lookup on a relation to check it for model instances)."""

    __slots__ = ()

    def __iter__(self):
        return iter(())


_SPECIAL = {UnitArray: (lambda ids: ids.literal, lambda mark: _MarkedUnits(mark, 1))}


def shape_of(q: Q) -> tuple[tuple, list] | None:
    """`q`'s shape and values (None: a value no mark stands for, e.g. a wide tree's subquery)."""
    return q_shape(q, _SPECIAL)


def q_of(shape: tuple, marks) -> Q:
    """The Q of `shape` with the next values of the iterator `marks` in its values' places."""
    return q_from_shape(shape, marks, _SPECIAL)
