"""The engine's value classes without `dataclasses` (issue 15: the start of every `farewell law` run).

`@dataclass` imports `inspect` and compiles each class's `__init__`, `__repr__` and `__eq__` (and, frozen,
`__setattr__`, `__hash__` …) from generated source when its module is imported: ~100M instructions
(35M of them `inspect`) of each process of a batch, paid before its first separation. Here a class
writes its own `__init__` (compiled once into the .pyc like any code), names its fields in `_fields`
and takes what `@dataclass` would add from `Record` (mutable: `eq`, unhashable) or `FrozenRecord`
(`frozen=True`: immutable, hashable) — the same `repr`, equality and hash as the dataclass gave.
`replace(record, **changes)` is `dataclasses.replace`.
"""

from __future__ import annotations


class FrozenRecordError(AttributeError):
    """Assigning to a field of a frozen record (what `dataclasses.FrozenInstanceError` was)."""


class Record:
    """A mutable record: `__slots__` and `_fields` in field order, an `__init__` of its own."""

    __slots__ = ()
    _fields: tuple[str, ...] = ()

    def _values(self) -> tuple:
        return tuple([getattr(self, name) for name in self._fields])

    def __repr__(self) -> str:
        values = ", ".join(f"{name}={getattr(self, name)!r}" for name in self._fields)
        return f"{type(self).__qualname__}({values})"

    def __eq__(self, other: object) -> bool:
        if other.__class__ is self.__class__:
            return self._values() == other._values()
        return NotImplemented

    __hash__ = None  # as a dataclass with eq and not frozen


class FrozenRecord(Record):
    """An immutable, hashable record; its `__init__` sets the fields with `object.__setattr__`."""

    __slots__ = ()

    def __setattr__(self, name: str, value: object) -> None:
        raise FrozenRecordError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenRecordError(f"cannot delete field {name!r}")

    def __hash__(self) -> int:
        return hash(self._values())

    def __getstate__(self) -> tuple:
        return self._values()

    def __setstate__(self, state: tuple) -> None:
        for name, value in zip(self._fields, state, strict=True):
            object.__setattr__(self, name, value)


def replace(record: Record, /, **changes: object) -> Record:
    """A copy of `record` with `changes` (as `dataclasses.replace`: an unknown name is a TypeError)."""
    unknown = set(changes).difference(record._fields)
    if unknown:
        raise TypeError(f"{type(record).__qualname__} has no field {sorted(unknown)[0]!r}")
    return type(record)(**{name: changes[name] if name in changes else getattr(record, name)
                           for name in record._fields})
